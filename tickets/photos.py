"""Photos from residents (the report form, "Moje zgłoszenia"): only real JPEG and PNG images are kept, re-encoded
from their pixels so that nothing but the picture is stored — no EXIF (camera, time, GPS position), XMP or
comments. A photo taken sideways is turned upright first, as its EXIF orientation said."""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import ImageOps

from cct.errors import UserError
from cct.files import NOT_AN_IMAGE, opened_image, safe_name

# MPO: the multi-picture JPEG some phone cameras write; stored as a plain JPEG of its first picture
KINDS = {"JPEG": ("image/jpeg", "jpg"), "MPO": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
NAME_MAX = 150  # a photo's file name as kept
LONGEST_SIDE = 2560  # stored photos are scaled down to this: enough to see a pothole, a fraction of the bytes


@dataclass(frozen=True)
class Photo:
    filename: str
    content_type: str
    data: bytes


def clean(filename: str, data: bytes, max_mb: float, name_limit: int) -> Photo:
    """The photo without its metadata, or a UserError naming the file and what is wrong with it."""
    name = safe_name(filename, name_limit, "zdjecie")
    if not data:
        raise UserError("empty_file", _("%(name)s: the file is empty.", name=name), "photos")
    if len(data) > max_mb * 1024 * 1024:
        limit = f"{max_mb:g}"
        raise UserError(
            "file_too_large", _("%(name)s: the photo is too large (at most %(mb)s MB).", name=name, mb=limit), "photos"
        )
    not_a_photo = UserError("bad_file_type", _("%(name)s is not a JPEG or PNG photo.", name=name), "photos")
    try:
        with opened_image(data) as image:
            kind = image.format or ""
            if kind not in KINDS:
                raise not_a_photo
            image.load()
            upright = ImageOps.exif_transpose(image)
    except NOT_AN_IMAGE:
        raise not_a_photo from None
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    content_type, extension = KINDS[kind]
    out = io.BytesIO()
    if content_type == "image/jpeg":
        pixels = upright if upright.mode in ("RGB", "L") else upright.convert("RGB")
        pixels.info = {}
        pixels.save(out, "JPEG", quality=88, optimize=True)
    else:
        transparency = upright.info.get("transparency")
        upright.info = {}
        extra = {"transparency": transparency} if transparency is not None else {}
        upright.save(out, "PNG", optimize=True, **extra)
    stem = name.rsplit(".", 1)[0] or "zdjecie"
    return Photo(filename=f"{stem}.{extension}", content_type=content_type, data=out.getvalue())
