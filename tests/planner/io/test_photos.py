"""A visit's photo (planner.io.photos): JPEG or PNG by its first bytes, within a size, saved
again without EXIF (the phone's position), upright."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from planner.io.photos import MAX_SIDE, PhotoError, clean_photo

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(width: int = 64, height: int = 32, orientation: int = 1) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (36.0, 39.0, 4.0), 3: "E", 4: (117.0, 1.0, 2.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_jpeg_is_kept_without_its_exif() -> None:
    raw = jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(GPS_IFD)  # the phone's position
    clean = clean_photo(raw)
    assert clean.media_type == "image/jpeg"
    kept = Image.open(io.BytesIO(clean.data))
    assert kept.format == "JPEG" and dict(kept.getexif()) == {}
    assert b"PhoneMaker" not in clean.data and b"Exif" not in clean.data


def test_a_turned_photo_is_made_upright_before_its_exif_goes() -> None:
    clean = clean_photo(jpeg_with_gps(64, 32, orientation=6))  # taken with the phone on its side
    assert (clean.width, clean.height) == (32, 64)


def test_a_png_loses_its_text_chunks() -> None:
    info = PngInfo()
    info.add_text("Location", "36.65,117.02")
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "PNG", pnginfo=info)
    clean = clean_photo(out.getvalue())
    assert clean.media_type == "image/png" and b"36.65" not in clean.data


def test_a_big_photo_is_kept_smaller() -> None:
    clean = clean_photo(jpeg_with_gps(4000, 3000))
    assert max(clean.width, clean.height) == MAX_SIDE


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"GIF89a" + b"\x00" * 100, "not a JPEG or PNG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a JPEG or PNG"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "cannot be read"),
        (jpeg_with_gps()[:200], "cannot be read"),
    ],
)
def test_what_is_not_a_photo_is_refused(data: bytes, words: str) -> None:
    with pytest.raises(PhotoError, match=words):
        clean_photo(data)


def test_a_photo_over_the_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(PhotoError, match="at most 1,000"):
        clean_photo(jpeg_with_gps(400, 300), max_bytes=1000)
