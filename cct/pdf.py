"""Printable documents: an HTML template rendered to PDF by WeasyPrint (A4 or a label, as the template's @page says;
Polish letters in the DejaVu fonts the templates name), answered inline under a file name. Official documents (a
letter to another body, a register) are in Polish whatever language the clerk's screen speaks."""

from __future__ import annotations

import io
from typing import Any

from flask import Response, render_template, request, send_file
from flask_babel import force_locale
from weasyprint import HTML


def pdf_response(template: str, filename: str, *, polish: bool = False, **context: Any) -> Response:
    """The template as a PDF; `polish`: in Polish, for documents that leave the office. The name is quoted by
    Werkzeug (RFC 6266), whatever characters it holds."""
    if polish:
        with force_locale("pl"):
            html = render_template(template, **context)
    else:
        html = render_template(template, **context)
    document = HTML(string=html, base_url=request.url_root).write_pdf()
    return send_file(io.BytesIO(document), mimetype="application/pdf", download_name=filename, as_attachment=False)
