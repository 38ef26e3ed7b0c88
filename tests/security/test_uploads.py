"""The hostile-upload battery, over every place the portal takes a file: her CV, a firm's evidence of a
month's sales and a participant's assignment. Each refuses what is not a document by its content, and
what it keeps is served only as a download of its real type, never as a page."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from applicants.uploads import cv_validate
from tests.factories import ApplicationFactory, CallFactory
from training.assignments import submission_file_validate

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


HOSTILE = {
    "html-renamed-pdf": ("cv.pdf", b"<!DOCTYPE html><script>alert(document.cookie)</script>"),
    "svg-with-script": ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    "windows-program": ("setup.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
    "shell-script": ("report.pdf", b"#!/bin/sh\nrm -rf /\n"),
    "gif-named-png": ("image.png", b"GIF89a" + b"\x00" * 100),
    "pdf-signature-late": ("cv.pdf", b"<html>" + PDF),
    "java-archive": ("report.docx", _zip({"META-INF/MANIFEST.MF": b"Main-Class: x\n"})),
    "word-with-macros": ("report.docx", _zip({
        "[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", "word/vbaProject.bin": b"\x00" * 32,
    })),
    "broken-archive": ("report.xlsx", b"PK\x03\x04" + b"\x00" * 64),
    "empty": ("cv.pdf", b""),
    "six-megabytes": ("cv.pdf", PDF + b"0" * (6 * 1024 * 1024)),
}
VALIDATORS = {"cv-and-evidence": cv_validate, "assignment": submission_file_validate}


@pytest.mark.parametrize("validator", VALIDATORS.values(), ids=VALIDATORS.keys())
@pytest.mark.parametrize(("name", "content"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_file_is_refused_wherever_a_file_is_taken(validator, name, content):
    with pytest.raises(ValidationError) as refused:
        validator(SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert refused.value.code in {"type", "empty", "too_big"}


def test_the_battery_covers_every_file_field_of_the_portals_forms():
    """A new file field must join this battery: the portal's forms take files in these three places."""
    import importlib
    import inspect
    from pathlib import Path

    from django import forms

    root = Path(__file__).resolve().parents[2]
    fields = set()
    for path in [*root.glob("*/*forms*.py"), *root.glob("parwona/*/*forms*.py")]:
        module = importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))
        for form in vars(module).values():
            own = inspect.isclass(form) and form.__module__ == module.__name__
            if own and issubclass(form, forms.BaseForm):
                fields |= {(form.__name__, name) for name, field in form.base_fields.items()
                           if isinstance(field, forms.FileField)}
    assert fields == {("DocumentsForm", "cv"), ("FirmReportForm", "evidence"), ("SubmissionForm", "file")}


@pytest.mark.django_db
def test_a_kept_pdf_holding_script_is_served_as_a_download_that_is_never_sniffed(client):
    application = ApplicationFactory(call=CallFactory())
    application.cv.save("cv.pdf", ContentFile(PDF + b"<script>alert(1)</script>"), save=True)
    client.force_login(application.applicant)

    response = client.get(f"/applications/{application.pk}/cv/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="cv-{application.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
