"""Printable documents: an HTML template rendered to PDF by WeasyPrint (A4 or a label, as the template's @page says;
Polish letters in the DejaVu fonts the templates name), answered inline under a file name."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request
from weasyprint import HTML


def pdf_response(template: str, filename: str, **context: Any) -> Response:
    html = render_template(template, **context)
    document = HTML(string=html, base_url=request.url_root).write_pdf()
    return Response(
        document, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )
