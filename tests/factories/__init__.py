"""factory_boy factories shared by the tests."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from parwona.core.models import AuditEntry, Job
from parwona.users.models import User


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified email; `role` puts her in that role's group, `totp` enrols TOTP."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.tj")
    full_name = factory.Sequence(lambda n: f"Шаҳло Ҳасанова {n}")
    phone = factory.Sequence(lambda n: f"+99293{n:07d}")
    language = "tg"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
            self.__dict__.pop("roles", None)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted:
            TOTP.activate(self, generate_totp_secret())

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    action = "user.invited"
    target_repr = factory.Sequence(lambda n: f"target {n}")
    details = factory.LazyFunction(lambda: {"role": "reviewer"})


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "audit.export"
