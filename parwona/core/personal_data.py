"""The registry through which each app contributes what it holds about a person to her data export.

Each app registers, from its AppConfig.ready(), a section: a function returning the rows it holds
about a user (plain JSON values) and, optionally, the files she gave it. The export assembles the
sections it is given, so an earlier stage of the pipeline never imports a later one.
"""

import io
import json
import logging
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .services import audit_record

logger = logging.getLogger(__name__)

# A file of the export: its name inside the archive and the stored file.
ExportFile = tuple[str, FieldFile]


@dataclass(frozen=True)
class PersonalDataSection:
    """One part of a person's export: `collect(user)` returns its JSON value, `files(user)` her files."""

    name: str
    collect: Callable[..., object]
    files: Callable[..., Iterable[ExportFile]] | None = None
    order: int = 100


_SECTIONS: list[PersonalDataSection] = []


def personal_data_register(*, section: PersonalDataSection) -> None:
    if all(existing.name != section.name for existing in _SECTIONS):
        _SECTIONS.append(section)
        _SECTIONS.sort(key=lambda s: s.order)


def personal_data_sections() -> list[PersonalDataSection]:
    return list(_SECTIONS)


def json_value(value):
    """Return `value` as a JSON-ready value: dates as ISO text, decimals as text, files as their name."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def model_row(obj: models.Model, *, exclude: Iterable[str] = ()) -> dict:
    """Return the concrete fields of `obj` (foreign keys as their ids) as a JSON-ready dict."""
    skip = set(exclude)
    return {
        field.attname: json_value(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.name not in skip and field.attname not in skip
    }


def personal_data_collect(*, user) -> dict:
    """Return everything the registered sections hold about `user`, by section name."""
    data = {"exported_at": timezone.now().isoformat()}
    for section in _SECTIONS:
        data[section.name] = section.collect(user=user)
    return data


def personal_data_export(*, user) -> bytes:
    """Build her export, a ZIP of `data.json` and the files she gave the portal, and audit it.

    The audit entry names her (as its actor) and the sections, never their content.
    """
    data = personal_data_collect(user=user)
    files: list[ExportFile] = []
    for section in _SECTIONS:
        if section.files is not None:
            files.extend(section.files(user=user))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        written = 0
        for name, stored in files:
            try:
                with stored.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except FileNotFoundError:
                logger.warning("A file of user %s is missing from the storage: not exported", user.pk)
                continue
            written += 1
    # Her as the actor is enough: a target would copy her name into the log.
    audit_record(
        actor=user, action="personal_data.exported",
        details={"sections": [s.name for s in _SECTIONS], "files": written},
    )
    return buffer.getvalue()
