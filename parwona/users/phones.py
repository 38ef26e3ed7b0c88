"""Tajik phone numbers: +992 followed by nine digits."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-().]")


def phone_normalize(raw: str) -> str:
    """Return `raw` as +992XXXXXXXXX, or raise ValidationError.

    Accepts the international form (+992, 992, 00992) and the nine-digit national number,
    with spaces, dashes, dots or brackets anywhere.
    """
    digits = _SEPARATORS.sub("", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00992"):
        digits = digits[2:]
    if digits.isdigit() and len(digits) == 12 and digits.startswith("992"):
        national = digits[3:]
    elif digits.isdigit() and len(digits) == 9:
        national = digits
    else:
        raise ValidationError(
            _("Enter a Tajik phone number: +992 and nine digits, for example +992 93 123 45 67."),
            code="invalid_phone",
        )
    return "+992" + national
