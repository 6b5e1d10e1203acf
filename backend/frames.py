"""Finished images as bytes: the one PNG encoder used wherever an engine's image leaves the process that
rendered it (the server's local workers and the cluster's actors), so an image is byte-identical wherever it
was rendered."""

from __future__ import annotations

import cv2
import numpy as np


def encode_png(image: np.ndarray, resolution: tuple[int, int]) -> bytes:
    """An engine's RGBA image (straight alpha) as an RGBA PNG: the spool and the wire keep the alpha."""
    width, height = resolution
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.shape != (height, width, 4):
        got = f"{image.dtype} {image.shape}" if isinstance(image, np.ndarray) else type(image).__name__
        raise ValueError(f"the engine returned {got}, not uint8 RGBA ({height}, {width}, 4)")
    ok, encoded = cv2.imencode(".png", cv2.cvtColor(image, cv2.COLOR_RGBA2BGRA))
    if not ok:
        raise ValueError("PNG encoding failed")
    return encoded.tobytes()
