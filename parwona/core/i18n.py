"""Fields stored once per language (title_tg, title_ru, title_en) and read in the current one."""

from django.conf import settings
from django.utils import translation

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def localized(obj, field: str) -> str:
    """Return `field` of `obj` in the active language, else the first language that has it."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    for code in [current, *LANGUAGE_CODES]:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""
