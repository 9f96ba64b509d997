"""A visit's photo (拍照留痕) made safe to keep: JPEG or PNG only, told by its first bytes (not
its name or the header the phone sent), within a size, decoded to prove it is an image, turned
upright and saved again without its metadata, so EXIF (the phone's GPS position, its serial
number, the time) never reaches the database. Pillow is imported when a photo comes in.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Final

MAX_PHOTO_BYTES: Final = 8 * 1024 * 1024
MAX_PIXELS: Final = 40_000_000
"""More than a 40-megapixel camera makes: a larger image is a decompression bomb."""
MAX_SIDE: Final = 1600
"""Kept photos are at most this many pixels wide or high: enough to see a gas hose."""
JPEG_QUALITY: Final = 85
_MAGIC: Final = {
    b"\xff\xd8\xff": ("JPEG", "image/jpeg"),
    b"\x89PNG\r\n\x1a\n": ("PNG", "image/png"),
}


class PhotoError(ValueError):
    """Not a photo the service keeps; the message says why and what to send."""


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    media_type: str
    width: int
    height: int


def clean_photo(data: bytes, max_bytes: int = MAX_PHOTO_BYTES) -> CleanPhoto:
    """The photo re-encoded without metadata.

    Raises
    ------
    PhotoError
        Too large, empty, not JPEG or PNG by its first bytes, or not a readable image.
    """
    if not data:
        raise PhotoError("the photo is empty: take or choose a photo")
    if len(data) > max_bytes:
        raise PhotoError(f"the photo has {len(data):,} bytes: send at most {max_bytes:,}")
    kind = next((found for magic, found in _MAGIC.items() if data.startswith(magic)), None)
    if kind is None:
        raise PhotoError("not a JPEG or PNG image (by its first bytes): send a photo")
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data), formats=[kind[0]]) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as error:
        raise PhotoError(f"the image cannot be read ({error}): send the photo again") from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if kind[0] == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        image.save(out, "PNG", optimize=True)
    return CleanPhoto(out.getvalue(), kind[1], image.width, image.height)
