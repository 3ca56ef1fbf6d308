"""What a staff attachment is, judged by its content rather than its name: a JPEG or PNG photo, or a PDF. Pure."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGES = {"JPEG": "image/jpeg", "PNG": "image/png"}
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; an image declaring more is a decompression bomb, not a photo


def sniff(data: bytes) -> str | None:
    """The content type of an acceptable attachment, or None."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return "application/pdf"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS:
                    return None
                image.verify()
                kind = image.format
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ):
        return None
    return ALLOWED_IMAGES.get(kind or "")


def safe_name(filename: str | None, limit: int, default: str = "attachment") -> str:
    """A file's own name without any folder a browser sent with it, cut to `limit`."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "")
    return name[:limit] or default
