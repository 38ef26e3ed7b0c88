"""The certificate as a PDF: A4 landscape, in a font that prints Tajik and Russian letters."""

from io import BytesIO
from pathlib import Path

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
PLUM = HexColor("#5b2a86")


def _fonts_register() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name in (FONT, FONT_BOLD):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))


def _fit(pdf: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    """Return the largest size up to `size` at which `text` fits in `width`."""
    while size > 8 and pdf.stringWidth(text, font, size) > width:
        size -= 1
    return size


def certificate_pdf_render(*, certificate, verify_url: str) -> bytes:
    """Return the PDF of `certificate` (its participant, cohort and call loaded) in the active language."""
    _fonts_register()
    participant = certificate.participant
    cohort = participant.cohort
    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(_("PARWONA certificate"))
    pdf.setAuthor("PARWONA")
    pdf.setStrokeColor(PLUM)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    middle, text_width = width / 2, width - 50 * mm

    pdf.setFillColor(PLUM)
    pdf.setFont(FONT_BOLD, 30)
    pdf.drawCentredString(middle, height - 45 * mm, "PARWONA")
    pdf.setFont(FONT, 20)
    pdf.drawCentredString(middle, height - 60 * mm, _("Certificate of completion"))
    pdf.setFillColor(HexColor("#222222"))
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(middle, height - 78 * mm, _("This certifies that"))
    name = participant.user.full_name or participant.user.email
    size = _fit(pdf, name, FONT_BOLD, 30, text_width)
    pdf.setFont(FONT_BOLD, size)
    pdf.drawCentredString(middle, height - 95 * mm, name)
    pdf.setFont(FONT, 14)
    programme = _("completed the e-commerce manager training of the PARWONA programme")
    pdf.setFont(FONT, _fit(pdf, programme, FONT, 14, text_width))
    pdf.drawCentredString(middle, height - 110 * mm, programme)
    line = _("Cohort: %(cohort)s") % {"cohort": cohort.name}
    pdf.setFont(FONT, _fit(pdf, line, FONT, 14, text_width))
    pdf.drawCentredString(middle, height - 122 * mm, line)
    issued = _("Issued on %(date)s") % {"date": formats.date_format(certificate.issued_at, "j E Y")}
    pdf.setFont(FONT, 12)
    pdf.drawCentredString(middle, height - 136 * mm, issued)
    pdf.setFont(FONT, 10)
    pdf.drawCentredString(middle, 32 * mm, _("Verification code: %(code)s") % {"code": certificate.code})
    pdf.drawCentredString(middle, 25 * mm, _("Check this certificate at %(url)s") % {"url": verify_url})
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
