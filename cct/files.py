"""What an uploaded file is, judged by its content rather than its name: a JPEG or PNG photo, or a PDF (a ticket's
attachment, a resident's photo, the press office's materials and scans). Pure."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from cct.errors import Unprocessable


@dataclass(frozen=True)
class Upload:
    """A file as a form or a client sent it: its name as given, and its bytes."""

    filename: str
    data: bytes


ALLOWED_IMAGES = {"JPEG": "image/jpeg", "PNG": "image/png"}
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; an image declaring more is a decompression bomb, not a photo
# What Pillow raises (or warns of) for bytes that are not an image to trust: truncated, forged, or a bomb
NOT_AN_IMAGE = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    Image.DecompressionBombWarning,
    Image.DecompressionBombError,
)


@contextmanager
def opened_image(data: bytes) -> Iterator[Image.Image]:
    """The image in `data`, for a staff attachment or a resident's photo alike; one of NOT_AN_IMAGE for anything
    that is not one, including an image of more than MAX_PIXELS."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValueError("more pixels than a photo has")
            yield image


def sniff(data: bytes) -> str | None:
    """The content type of an acceptable attachment, or None."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return "application/pdf"
    try:
        with opened_image(data) as image:
            image.verify()
            kind = image.format
    except NOT_AN_IMAGE:
        return None
    return ALLOWED_IMAGES.get(kind or "")


def safe_name(filename: str | None, limit: int, default: str = "attachment") -> str:
    """A file's own name without any folder a browser sent with it and without control characters (NUL cannot be
    stored in PostgreSQL, a line break cannot be sent in a Content-Disposition header), cut to `limit`."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(character for character in name if character >= " " and character != "\x7f").strip()
    return name[:limit] or default


def checked(
    filename: str, data: bytes, *, field: str, max_mb: float, name_limit: int, default_name: str, wrong_type: str
) -> tuple[str, str]:
    """(the file's safe name, its content type) of an acceptable upload — not empty, within `max_mb`, a PDF, JPEG or
    PNG by its content — or the error to show by `field` (`wrong_type` says what the place takes)."""
    if not data:
        raise Unprocessable("empty_file", _("The file is empty."), field)
    if len(data) > int(max_mb * 1024 * 1024):
        raise Unprocessable("file_too_large", _("The file is too large (at most %(mb)s MB).", mb=f"{max_mb:g}"), field)
    content_type = sniff(data)
    if content_type is None:
        raise Unprocessable("bad_file_type", wrong_type, field)
    return safe_name(filename, name_limit, default_name), content_type


def pdf_text(data: bytes) -> str:
    """The text a PDF carries (empty for a scan, or for bytes pypdf cannot read), without NUL characters."""
    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return ""
    return text.replace("\x00", "").strip()  # a PDF's text may hold NULs, which PostgreSQL cannot store
