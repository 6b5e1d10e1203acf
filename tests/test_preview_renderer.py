"""The preview renderer shows each control moving the way DESIGN.md's signs say, seen from a camera in front
of the face (the subject's left is the image's right): measured on the pixels, not on the vertices."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.demo import head_views
from backend.flame.layer import FlameLayer
from backend.render.preview import PreviewRenderer
from flame_assets.library import load_head

SIZE = 192
# name: (pose column, value) or "lids"; pose columns are literal here, so a change of convention must fail.
FRAMES = {"rest": None, "yaw": (1, 0.3), "pitch": (0, 0.3), "roll": (2, 0.3), "jaw": (6, 0.3), "lids": "lids"}


@pytest.fixture(scope="module")
def images() -> dict[str, np.ndarray]:
    head = load_head("open")
    pose = torch.zeros(len(FRAMES), 15)
    eyelids = torch.zeros(len(FRAMES), 2)
    for i, control in enumerate(FRAMES.values()):
        if control == "lids":
            eyelids[i] = 1.0
        elif control is not None:
            pose[i, control[0]] = control[1]
    with torch.no_grad():
        vertices = FlameLayer(head)(pose, eyelids=eyelids).vertices
    rendered = PreviewRenderer(head).render(vertices, head_views(SIZE)[0])
    return dict(zip(FRAMES, rendered))


def irises(img: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Centres (u, v) of the image-left and image-right iris (the blue pixels) and their pixel count."""
    r, b = img[..., 0].astype(float), img[..., 2].astype(float)
    v, u = np.nonzero((b > 1.4 * r) & (b > 40))
    if len(u) < 4:
        return np.full(2, np.nan), np.full(2, np.nan), len(u)
    split = (u.min() + u.max()) / 2
    left, right = u < split, u >= split
    return np.array([u[left].mean(), v[left].mean()]), np.array([u[right].mean(), v[right].mean()]), len(u)


def lowest_lip_row(img: np.ndarray) -> int:
    """Lowest image row with lip-coloured pixels (red well above green; skin is only ~1.25x)."""
    r, g = img[..., 0].astype(float), img[..., 1].astype(float)
    rows = np.nonzero(((r > 1.5 * g) & (r > 40)).any(1))[0]
    return int(rows.max())


def mouth_interior_pixels(img: np.ndarray) -> int:
    r, g = img[..., 0].astype(float), img[..., 1].astype(float)
    return int(((r > 2.5 * g) & (r > 15)).sum())


def test_head_turns_look_and_tilt_the_designed_way(images):
    rest_l, rest_r, _ = irises(images["rest"])
    rest_mid = (rest_l + rest_r) / 2
    yaw_l, yaw_r, _ = irises(images["yaw"])
    assert (yaw_l + yaw_r)[0] / 2 > rest_mid[0] + 8        # yaw > 0: toward the subject's left = image right
    pitch_l, pitch_r, _ = irises(images["pitch"])
    assert (pitch_l + pitch_r)[1] / 2 > rest_mid[1] + 5    # pitch > 0: looks down = image down
    roll_l, roll_r, _ = irises(images["roll"])
    # roll > 0: the top of the head toward the subject's right (image left), so the subject's left eye
    # (image right) rises above the other.
    assert abs(rest_r[1] - rest_l[1]) < 1.5
    assert roll_r[1] < roll_l[1] - 5


def test_jaw_opens_down_and_lids_close(images):
    assert lowest_lip_row(images["jaw"]) > lowest_lip_row(images["rest"]) + 6     # the lower lip drops
    assert mouth_interior_pixels(images["jaw"]) > mouth_interior_pixels(images["rest"]) + 150
    assert irises(images["lids"])[2] < 0.3 * irises(images["rest"])[2]            # eyelids 1 = closed: irises hidden

