"""Image sizes from PNG and JPEG headers, read before anything is decoded.

A 1 MB PNG can hold a 20000 × 20000 picture that takes gigabytes once decoded; checking the header's
dimensions first lets a reader refuse it with a clear message instead."""

from __future__ import annotations

import struct
import zlib

# Room for any camera's photo (8192 × 8192); a portrait needs one or two megapixels.
MAX_PORTRAIT_PIXELS = 8192 * 8192

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8, CC are not frames.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


class ImageTooLarge(ValueError):
    """An image's header names more pixels than the reader accepts."""


class UnknownImage(ValueError):
    """The bytes are not a PNG or JPEG whose size can be read."""


def image_size(data: bytes | memoryview) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR or a JPEG's start-of-frame segment; UnknownImage otherwise."""
    data = memoryview(data)
    if bytes(data[:8]) == _PNG_SIGNATURE:
        if len(data) < 24 or bytes(data[12:16]) != b"IHDR":
            raise UnknownImage("a PNG whose header is missing or damaged")
        return struct.unpack(">II", data[16:24])
    if bytes(data[:2]) == b"\xff\xd8":
        return _jpeg_size(data)
    raise UnknownImage("not a PNG or JPEG image")


def _jpeg_size(data: memoryview) -> tuple[int, int]:
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise UnknownImage("a JPEG whose header is damaged")
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in _JPEG_SOF:
            if i + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        if marker == 0xDA:  # start of scan before any frame header
            break
        i += 2 + length
    raise UnknownImage("a JPEG without a readable frame header")


def check_pixels(data: bytes | memoryview, what: str, max_pixels: int = MAX_PORTRAIT_PIXELS) -> tuple[int, int]:
    """The image's (width, height), or ImageTooLarge / UnknownImage naming `what` and what to do."""
    try:
        width, height = image_size(data)
    except UnknownImage as exc:
        raise UnknownImage(f"{what} is {exc}; use a PNG or JPEG file") from None
    if width == 0 or height == 0:
        raise UnknownImage(f"{what} is {width} × {height} pixels, an empty image; use another picture")
    if width * height > max_pixels:
        raise ImageTooLarge(f"{what} is {width} × {height} pixels ({width * height / 1e6:.0f} megapixels), more "
                            f"than the {max_pixels / 1e6:.0f} megapixels accepted; scale it down (a portrait "
                            f"needs one or two megapixels)")
    return width, height


def png_is_whole(data: bytes | memoryview) -> bool:
    """True when `data` is a PNG whose every chunk is complete with a matching CRC, ending in IEND
    (what a truncated or bit-flipped file is not); nothing is decompressed."""
    data = memoryview(data)
    if bytes(data[:8]) != _PNG_SIGNATURE:
        return False
    i = 8
    while i + 12 <= len(data):
        length = struct.unpack(">I", data[i:i + 4])[0]
        end = i + 12 + length
        if end > len(data):
            return False
        kind = bytes(data[i + 4:i + 8])
        if zlib.crc32(data[i + 4:i + 8 + length]) != struct.unpack(">I", data[i + 8 + length:end])[0]:
            return False
        if kind == b"IEND":
            return end == len(data)
        i = end
    return False
