"""The portal's own catalogues (locale/tg, ru, en) translate every string the portal extracts."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import gettext, ngettext, override

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
PLURAL_FORMS = {
    "tg": "nplurals=2; plural=(n != 1);",
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "en": "nplurals=2; plural=(n != 1);",
}

# Python interpolation as gettext sees it: named (%(name)s) and positional (%s, %d); %% is a literal.
PLACEHOLDER = re.compile(r"%\([A-Za-z_0-9]+\)[sdr]|%[sd]")


def _placeholders(text):
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def _key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def _po(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.fixture(scope="module", params=LANGUAGE_CODES)
def catalogue(request):
    return request.param, _po(request.param)


def test_portal_catalogues_exist_for_every_language():
    assert sorted(p.name for p in LOCALE.iterdir() if p.is_dir()) == sorted(LANGUAGE_CODES)
    for language in LANGUAGE_CODES:
        assert (LOCALE / language / "LC_MESSAGES" / "django.po").is_file()
        assert (LOCALE / language / "LC_MESSAGES" / "django.mo").is_file()


def test_portal_catalogue_header_names_language_and_plural_forms(catalogue):
    language, po = catalogue
    assert po.metadata["Language"] == language
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[language]
    assert bool(po.metadata_is_fuzzy) is False


def test_portal_catalogue_contains_extracted_strings(catalogue):
    _language, po = catalogue
    assert [e.msgid for e in po if e.msgid == "Skip to content"] == ["Skip to content"]


def test_portal_catalogue_has_no_untranslated_fuzzy_or_obsolete_entries(catalogue):
    _language, po = catalogue
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po if e.obsolete] == []
    assert [e.msgid for e in po if e.msgid_plural and "" in e.msgstr_plural.values()] == []


def test_portal_catalogue_plural_entries_have_every_form(catalogue):
    language, po = catalogue
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[language]).group(1))
    short = [e.msgid for e in po if e.msgid_plural and sorted(e.msgstr_plural) != list(range(nplurals))]
    assert short == []


def test_portal_catalogue_translations_keep_placeholders(catalogue):
    _language, po = catalogue
    broken = []
    for e in po:
        if e.msgid_plural:
            sources = {form: e.msgid if form == 0 else e.msgid_plural for form in e.msgstr_plural}
            pairs = [(sources[form], text) for form, text in e.msgstr_plural.items()]
        else:
            pairs = [(e.msgid, e.msgstr)]
        broken += [(e.msgid, text) for source, text in pairs if _placeholders(source) != _placeholders(text)]
    assert broken == []


def test_portal_catalogues_share_the_same_msgids():
    keys = {language: {_key(e) for e in _po(language) if not e.obsolete} for language in LANGUAGE_CODES}
    reference = keys[settings.LANGUAGE_CODE]
    assert {language: sorted(k ^ reference, key=str) for language, k in keys.items()} == {
        language: [] for language in LANGUAGE_CODES
    }


def test_portal_mo_is_in_sync_with_po(catalogue):
    language, po = catalogue

    def table(entries):
        rows = {}
        for e in entries:
            value = tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
            rows[_key(e)] = value
        return rows

    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    assert table(mo) == table(po.translated_entries())


def test_tg_gettext_renders_portal_strings_in_tajik():
    with override("tg"):
        assert gettext("Skip to content") == "Гузаштан ба мундариҷа"
        assert gettext("Open calls") == "Озмунҳои кушода"
        assert gettext("Reviewer") == "Арзёбикунанда"
        assert ngettext("%(counter)s entry", "%(counter)s entries", 5) % {"counter": 5} == "5 сабт"


def test_ru_gettext_renders_portal_strings_in_russian_with_three_plural_forms():
    with override("ru"):
        assert gettext("Skip to content") == "Перейти к содержимому"
        assert gettext("Open calls") == "Открытые наборы"
        assert gettext("Participant") == "Участница"
        counts = (1, 3, 5, 11, 21)
        rendered = [ngettext("%(counter)s entry", "%(counter)s entries", n) % {"counter": n} for n in counts]
        assert rendered == ["1 запись", "3 записи", "5 записей", "11 записей", "21 запись"]


def test_en_gettext_renders_portal_strings_unchanged():
    with override("en"):
        assert gettext("Skip to content") == "Skip to content"
        assert ngettext("%(counter)s entry", "%(counter)s entries", 2) % {"counter": 2} == "2 entries"
