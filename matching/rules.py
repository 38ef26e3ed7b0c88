"""Who may see which firm."""

from django.http import Http404

from parwona.users.enums import Role

from .models import Firm
from .selectors import firm_of, firm_with_people


def is_firm_representative(user) -> bool:
    return Role.FIRM in getattr(user, "roles", frozenset())


def own_firm(user) -> Firm:
    """Return the firm `user` represents, or 404 for anyone who represents none."""
    firm = firm_of(user) if is_firm_representative(user) else None
    if firm is None:
        raise Http404
    return firm


def firm_for_staff(user, pk: int) -> Firm:
    """Return firm `pk` for staff who may read firms; to anyone else it does not exist (404)."""
    if not user.has_perm("matching.view_firm"):
        raise Http404
    firm = firm_with_people(pk=pk)
    if firm is None:
        raise Http404
    return firm


def may_apply_as_firm(user) -> bool:
    """Anonymous visitors and firm representatives without a firm may apply for a firm."""
    if not user.is_authenticated:
        return True
    return is_firm_representative(user) and firm_of(user) is None
