"""The region fill's detail layouts: detail laid out on the surface has the surface's size, wherever the
texture squeezes it."""

from __future__ import annotations

import cv2
import numpy as np

from backend.engines.warp.fill import DetailLayout


def _patches(n=200, size=32, seed=0) -> np.ndarray:
    """Isotropic random detail patches (N, size, size, 3), correlated over about 8 texels both ways."""
    rng = np.random.default_rng(seed)
    noise = [cv2.GaussianBlur(rng.normal(size=(size + 24, size + 24)).astype(np.float32), (0, 0), 4)[12:-12, 12:-12]
             for _ in range(n)]
    return np.repeat(np.stack(noise)[..., None], 3, axis=-1)


def _correlation_length(detail: np.ndarray, axis: int) -> float:
    """Texels over which neighbours along `axis` stay correlated (lag where the correlation falls under 0.5)."""
    d = detail[..., 0] - detail[..., 0].mean()
    var = float((d * d).mean())
    for lag in range(1, 40):
        a = np.take(d, range(0, d.shape[axis] - lag), axis=axis)
        b = np.take(d, range(lag, d.shape[axis]), axis=axis)
        if float((a * b).mean()) / var < 0.5:
            return lag
    return 40.0


def test_a_layout_on_a_squeezed_surface_squeezes_the_detail_with_it():
    """A texture that covers 4 texels of surface per texel across (the rim of a UV disk) gets detail 4 times
    narrower across once laid out on the surface, so that it renders at the size it has elsewhere; on the
    texture's own grid the detail is the same size both ways (and rendered there, it would stretch)."""
    patches = _patches()
    box = (slice(0, 160), slice(0, 160))
    rng = np.random.default_rng(1)
    grid = DetailLayout().detail(box, patches, rng)
    yy, xx = np.mgrid[0:160, 0:160].astype(np.float32)
    surface = DetailLayout(x=4 * xx, y=yy).detail(box, patches, rng)
    ratio_grid = _correlation_length(grid, 0) / _correlation_length(grid, 1)
    ratio_surface = _correlation_length(surface, 0) / _correlation_length(surface, 1)
    assert 0.6 < ratio_grid < 1.6, ratio_grid
    assert ratio_surface > 2.5, ratio_surface


def test_a_layout_gives_only_where_it_is_weighted_and_ignores_texels_without_a_place():
    patches = _patches()
    box = (slice(0, 64), slice(0, 64))
    yy, xx = np.mgrid[0:64, 0:64].astype(np.float32)
    x, y = xx.copy(), yy.copy()
    x[:, :32] = np.nan  # texels off the surface this layout knows
    weight = np.zeros((64, 64), np.float32)
    weight[:, 40:] = 1.0
    out = DetailLayout(x=x, y=y, weight=weight).detail(box, patches, np.random.default_rng(0))
    assert np.isfinite(out).all()
    assert np.abs(out[:, :40]).max() == 0.0
    assert out[:, 40:].std() > 0.5 * patches.std()
    assert DetailLayout(x=x, y=y, weight=np.zeros((64, 64), np.float32)).detail(
        box, patches, np.random.default_rng(0)).max() == 0.0
