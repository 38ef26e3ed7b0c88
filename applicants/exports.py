"""The staff export of a call's filtered applications, as CSV or XLSX, run as a job."""

import io

import pandas as pd
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from parwona.core.jobs import job_handler
from parwona.core.services import audit_record

from .eligibility import reason_labels
from .enums import (
    SPOKEN_LANGUAGES,
    AIUse,
    ApplicationStatus,
    ComputerLevel,
    Device,
    Education,
    Eligibility,
    Employment,
    InternetQuality,
    LanguageLevel,
    Marketplace,
    Region,
    Settlement,
    SocialMediaUse,
)
from .models import Application, Call
from .staff_selectors import applications_for_staff

APPLICATIONS_EXPORT = "applications.export"
FORMATS = ("csv", "xlsx")
_CHUNK = 2000

# Columns in order; a value's label comes from its choices, in the coordinator's language.
COLUMNS = [
    "reference", "submitted_at", "status", "eligibility", "eligibility_reasons", "eligibility_overridden",
    "full_name", "date_of_birth", "phone", "email", "preferred_language", "is_woman", "lives_in_tajikistan",
    "region", "city", "settlement", "education", "languages", "computer_level", "has_smartphone",
    "social_media", "marketplaces", "ai_use", "employment", "hours_per_week", "device", "internet",
    "can_travel", "motivation", "goal",
]
CHOICES = {
    "status": ApplicationStatus, "eligibility": Eligibility, "region": Region, "settlement": Settlement,
    "education": Education, "computer_level": ComputerLevel, "social_media": SocialMediaUse,
    "ai_use": AIUse, "employment": Employment, "device": Device, "internet": InternetQuality,
}
YES_NO = ("is_woman", "lives_in_tajikistan", "has_smartphone", "can_travel", "eligibility_overridden")
# Text she typed herself: a leading = + - @ would make a spreadsheet run it as a formula.
FREE_TEXT = ("full_name", "email", "city", "motivation", "goal")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _header(name: str) -> str:
    if name == "eligibility_reasons":
        return _("Eligibility reasons")
    if name == "eligibility_overridden":
        return _("Eligibility decided by staff")
    return capfirst(str(Application._meta.get_field(name).verbose_name))


def _languages(levels: dict) -> str:
    spoken = [(name, levels.get(code)) for code, name in SPOKEN_LANGUAGES]
    return "; ".join(
        f"{name}: {LanguageLevel(level).label}"
        for name, level in spoken
        if level in LanguageLevel.values and level != LanguageLevel.NONE
    )


def _defused(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def applications_frame(rows: list[dict]) -> pd.DataFrame:
    """Return `rows` (from `.values(*COLUMNS)`) as a table for people: labels, not codes.

    Call it inside the language the table is for.
    """
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for name, choices in CHOICES.items():
        labels = {value: str(label) for value, label in choices.choices}
        frame[name] = frame[name].map(lambda v, labels=labels: labels.get(v, v or ""))
    yes_no = {True: _("Yes"), False: _("No")}
    for name in YES_NO:
        frame[name] = frame[name].map(lambda v: yes_no.get(v, ""))
    languages = dict(Application._meta.get_field("preferred_language").choices)
    frame["preferred_language"] = frame["preferred_language"].map(lambda v: str(languages.get(v, v)))
    frame["eligibility_reasons"] = frame["eligibility_reasons"].map(
        lambda v: "; ".join(reason_labels(v or []))
    )
    marketplaces = dict(Marketplace.choices)
    frame["marketplaces"] = frame["marketplaces"].map(
        lambda v: ", ".join(str(marketplaces[m]) for m in v or [] if m in marketplaces)
    )
    frame["languages"] = frame["languages"].map(lambda v: _languages(v or {}))
    # Spreadsheets hold no time zones: write the portal's local time.
    frame["submitted_at"] = frame["submitted_at"].map(
        lambda v: timezone.localtime(v).replace(tzinfo=None) if v is not None else None
    )
    frame["hours_per_week"] = frame["hours_per_week"].astype("Int64")
    for name in FREE_TEXT:
        frame[name] = frame[name].map(_defused)
    return frame.rename(columns={name: _header(name) for name in COLUMNS})


def frame_encode(frame: pd.DataFrame, *, fmt: str, sheet_name: str = "applications") -> bytes:
    """Return the table as a file: CSV in UTF-8 with a BOM (so Excel reads Cyrillic), or XLSX."""
    if fmt == "xlsx":
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, sheet_name=sheet_name, engine="openpyxl")
        return buffer.getvalue()
    return frame.to_csv(index=False).encode("utf-8-sig")


@job_handler(APPLICATIONS_EXPORT)
def applications_export(*, job, progress) -> dict:
    """Write a call's filtered applications to a file attached to the job, and audit the export."""
    params = job.params
    fmt = params.get("format") if params.get("format") in FORMATS else "csv"
    call = Call.objects.filter(pk=params.get("call")).first()
    if call is None:
        return {"rows": 0}
    filters = params.get("filters", {})
    qs = applications_for_staff(call=call, filters=filters)
    total = qs.count()
    rows = []
    for done, row in enumerate(qs.values(*COLUMNS).iterator(_CHUNK), 1):
        rows.append(row)
        if done % _CHUNK == 0:
            progress(done * 80 // max(total, 1), f"{done}/{total}")
    with translation.override(params.get("language") or None):
        frame = applications_frame(rows)
    progress(90, f"{total}/{total}")
    # A retried run replaces the file rather than adding a second one.
    if job.result_file:
        job.result_file.delete(save=False)
    job.result_file.save(f"applications-{call.pk}-{job.pk}.{fmt}", ContentFile(frame_encode(frame, fmt=fmt)),
                         save=False)
    type(job).objects.filter(pk=job.pk).update(result_file=job.result_file.name)
    audit_record(
        actor=job.created_by,
        action="applications.exported",
        target=call,
        details={"filters": filters, "format": fmt, "rows": total, "job": job.pk},
    )
    return {"rows": total}
