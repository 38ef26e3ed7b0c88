from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .enums import STAFF_ROLES, Role
from .managers import UserManager


class User(AbstractUser):
    """A person who signs in: email is the login; roles are the groups she belongs to."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="tg"
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]
        permissions = [("invite_user", _("Can invite staff and donors"))]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        """Return the names of the role groups she belongs to (one query, cached on the object)."""
        names = set(self.groups.values_list("name", flat=True))
        return frozenset(name for name in names if name in Role.values)

    @property
    def role_labels(self) -> list[str]:
        """Return her roles' translated names, from prefetched groups when there are some."""
        return [Role(group.name).label for group in self.groups.all() if group.name in Role.values]

    @property
    def primary_role(self) -> str | None:
        """Return the role whose home page she lands on; superusers land as coordinators."""
        for role in Role.values:
            if role in self.roles:
                return role
        return Role.COORDINATOR if self.is_superuser else None

    @property
    def is_programme_staff(self) -> bool:
        return self.is_superuser or bool(self.roles & STAFF_ROLES)
