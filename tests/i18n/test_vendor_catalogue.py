"""The vendored Tajik catalogue (locale_vendor/tg) covers allauth's user-facing strings."""

import collections
import re
from pathlib import Path

import allauth
import polib
import pytest
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext, override, pgettext

VENDOR = Path(__file__).resolve().parents[2] / "locale_vendor" / "tg" / "LC_MESSAGES"
ALLAUTH_RU = Path(allauth.__file__).resolve().parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"

# Where a string must be used (paths relative to the allauth package) to count as
# something a PARWONA user can see: email login, sign-up, verification, password reset
# and change, email management, TOTP and recovery-code MFA.
USER_FACING = (
    "account/",
    "mfa/",
    "core/",
    "templates/account/",
    "templates/mfa/",
    "templates/allauth/",
)

PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdr]|%[sd]|\{[a-z_0-9]*\}|\{\{.*?\}\}|<[^>]+>")


def _user_facing(path):
    return path.startswith(USER_FACING) and "webauthn" not in path and path != "account/admin.py"


def _key(entry):
    return (entry.msgctxt, entry.msgid)


@pytest.fixture(scope="module")
def vendor_po():
    return polib.pofile(str(VENDOR / "django.po"))


@pytest.fixture(scope="module")
def allauth_msgids():
    ru = polib.pofile(str(ALLAUTH_RU))
    return sorted(
        {_key(e) for e in ru if not e.obsolete and any(_user_facing(path) for path, _line in e.occurrences)},
        key=lambda k: (k[0] or "", k[1]),
    )


def test_allauth_selection_includes_account_pages_and_skips_webauthn(allauth_msgids):
    assert (None, "Sign In") in allauth_msgids
    assert (None, "Recovery Codes") in allauth_msgids
    assert ("field label", "Login") in allauth_msgids
    assert (None, "Sessions") in allauth_msgids  # layouts menu, shared with usersessions
    assert (None, "Security Key Added") not in allauth_msgids  # webauthn only


def test_vendor_catalogue_covers_every_user_facing_allauth_msgid(vendor_po, allauth_msgids):
    entries = {_key(e): e for e in vendor_po if not e.obsolete}
    missing = [k for k in allauth_msgids if k not in entries]
    untranslated = [k for k in allauth_msgids if k in entries and not entries[k].translated()]
    fuzzy = [k for k in allauth_msgids if k in entries and "fuzzy" in entries[k].flags]
    assert missing == []
    assert untranslated == []
    assert fuzzy == []


def test_vendor_catalogue_header_is_tajik_utf8(vendor_po):
    assert vendor_po.metadata["Language"] == "tg"
    assert vendor_po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert vendor_po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_vendor_catalogue_has_no_fuzzy_or_empty_entries(vendor_po):
    assert vendor_po.fuzzy_entries() == []
    assert vendor_po.untranslated_entries() == []
    assert [e.msgid for e in vendor_po if e.obsolete] == []


def test_vendor_catalogue_keeps_placeholders_and_markup(vendor_po):
    def tokens(text):
        return collections.Counter(PLACEHOLDER.findall(text))

    broken = []
    for e in vendor_po:
        if e.msgid_plural:
            pairs = [(e.msgid, e.msgstr_plural[0]), (e.msgid_plural, e.msgstr_plural[1])]
        else:
            pairs = [(e.msgid, e.msgstr)]
        broken += [source for source, translation in pairs if tokens(source) != tokens(translation)]
    assert broken == []


def test_vendor_mo_is_in_sync_with_po(vendor_po):
    def table(catalogue, translated_only):
        rows = {}
        for e in catalogue:
            if translated_only and not e.translated():
                continue
            value = tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
            rows[(e.msgctxt, e.msgid, e.msgid_plural)] = value
        return rows

    mo = polib.mofile(str(VENDOR / "django.mo"))
    assert table(mo, translated_only=False) == table(vendor_po, translated_only=True)


def test_tg_gettext_renders_allauth_strings_in_tajik():
    with override("tg"):
        assert gettext("Sign In") == "Ворид шудан"
        assert gettext("Two-Factor Authentication") == "Тасдиқи дуқадама"
        assert pgettext("field label", "Login") == "Воридшавӣ"
        assert (
            ngettext(
                "There is %(unused_count)s out of %(total_count)s recovery codes available.",
                "There are %(unused_count)s out of %(total_count)s recovery codes available.",
                3,
            )
            % {"unused_count": 3, "total_count": 10}
            == "Аз 10 рамзи барқарорсозӣ 3 рамз дастрас аст."
        )


def test_tg_password_validator_message_renders_in_tajik():
    with override("tg"), pytest.raises(ValidationError) as raised:
        MinimumLengthValidator(min_length=8).validate("abc")
    assert raised.value.messages == ["Ин парол хеле кӯтоҳ аст. Он бояд на камтар аз 8 аломат дошта бошад."]
