"""A certificate of participation as a PDF (fpdf2, with its built-in fonts)."""

from __future__ import annotations

from decimal import Decimal

from workgroups.delivery.models import Enrolment


def _latin1(text: str) -> str:
    """The built-in PDF fonts cover Latin-1: keep what they can show, replace the rest."""
    return (text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
            .replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
            .encode("latin-1", "replace").decode("latin-1"))


def certificate_pdf(*, enrolment: Enrolment, days: Decimal, school_name: str = "") -> bytes:
    from fpdf import FPDF  # imported when a certificate is made, not when the URLs load

    offering = enrolment.work_group.offering
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_latin1(f"Certificate of participation: {offering.programme.title}"))
    pdf.set_author(_latin1(offering.hub.name))
    pdf.set_lang("en-GB")
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(35)
    pdf.set_font("Helvetica", "B", 30)
    pdf.cell(0, 16, "Certificate of participation", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    pdf.ln(8)
    pdf.cell(0, 10, "This is to certify that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 24)
    pdf.cell(0, 14, _latin1(enrolment.name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    if school_name:
        pdf.cell(0, 10, _latin1(school_name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(0, 10, _latin1(
        f"completed {offering.programme.title} ({offering.academic_year.label}), "
        f"in the Work Group {enrolment.work_group.name}, run by {offering.hub.name}."),
        align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.cell(0, 10, _latin1(f"Equivalent days of professional development attended: {days}"),
             align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(175)
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 8, _latin1(f"{offering.hub.name} · Maths Hub Work Groups · certificate "
                           f"{enrolment.pk}"), align="C")
    return bytes(pdf.output())
