"""Issue 14 item 9: image sizes come from the PNG/JPEG header, so a decompression bomb is refused
before it is decoded (the portrait of `mvportrait render`, the reference of a server job)."""

from __future__ import annotations

import struct
import zlib

import cv2
import numpy as np
import pytest

from backend.cli import main
from protocols.images import MAX_PORTRAIT_PIXELS, ImageTooLarge, UnknownImage, check_pixels, image_size


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A real, whole PNG of `width` × `height` black pixels at 1 bit per pixel: tens of kilobytes on
    disk, width × height × 3 bytes once OpenCV decodes it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    row = b"\0" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def test_sizes_come_from_png_and_jpeg_headers():
    image = np.random.default_rng(0).integers(0, 255, (37, 53, 3), dtype=np.uint8)
    assert image_size(cv2.imencode(".png", image)[1].tobytes()) == (53, 37)
    assert image_size(cv2.imencode(".jpg", image)[1].tobytes()) == (53, 37)
    progressive = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_PROGRESSIVE, 1])[1].tobytes()
    assert image_size(progressive) == (53, 37)
    small = png_bomb(300, 200)
    assert image_size(small) == (300, 200)
    assert cv2.imdecode(np.frombuffer(small, np.uint8), cv2.IMREAD_COLOR).shape == (200, 300, 3)  # a real PNG
    with pytest.raises(UnknownImage, match="PNG or JPEG"):
        check_pixels(b"GIF89a....", "the portrait")
    with pytest.raises(UnknownImage):
        check_pixels(b"\x89PNG\r\n\x1a\n", "the portrait")


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path, capsys):
    bomb = png_bomb()
    assert len(bomb) < 200_000 and image_size(bomb) == (20_000, 20_000)
    with pytest.raises(ImageTooLarge, match="20000 × 20000 pixels .400 megapixels.*scale it down"):
        check_pixels(bomb, "the portrait")
    assert check_pixels(png_bomb(8192, 8192), "a big photo") == (8192, 8192)
    assert 8192 * 8192 <= MAX_PORTRAIT_PIXELS
    from backend.engines.warp.engine import decode_reference
    with pytest.raises(ImageTooLarge):
        decode_reference(bomb)
    (tmp_path / "bomb.png").write_bytes(bomb)
    from tests.test_server_harness import make_track, make_views
    from protocols.views import save_views_json
    make_track(1).save_npz(tmp_path / "track.npz")
    save_views_json(tmp_path / "views.json", make_views(1))
    code = main(["render", str(tmp_path / "bomb.png"), str(tmp_path / "track.npz"), str(tmp_path / "views.json"),
                 "--out", str(tmp_path / "out")])
    assert code == 2
    assert "400 megapixels" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
