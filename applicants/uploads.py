"""Checks on uploaded files: the type comes from the content, never from the name.

Files are stored under a random name with the extension of their real type and served only as
attachments with that type, so a file cannot pass for a page.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CV_MAX_BYTES = 5 * 1024 * 1024
_SIGNATURES = [(b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg")]


def document_kind(head: bytes) -> str | None:
    """Return "pdf", "png" or "jpg" from the first bytes of a file, or None."""
    return next((kind for signature, kind in _SIGNATURES if head.startswith(signature)), None)


def cv_validate(upload) -> str:
    """Return the file's real extension, or raise ValidationError for a file the portal refuses."""
    if upload.size > CV_MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."), code="too_big")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    kind = document_kind(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise ValidationError(_("Upload a PDF, JPEG or PNG file."), code="type")
    return kind
