"""Filling what the photo never showed, by region: a smooth colour field from what was seen of the same
region, plus fine detail (hair strands, skin pores, fabric) made of patches of that region in the photo.

Nothing is stretched: the colour field carries only low frequencies (a push-pull pyramid over the region's
seen texels), and all fine structure comes from whole photo patches pasted at the texture's scale with
overlapping windows (random placement, variance-preserving overlap-add).
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np
import torch
import torch.nn.functional as F


def push_pull(colour: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Fill low-weight texels (H, W, C) with a smooth, weight-normalised pyramid of the others."""
    c = torch.tensor(colour, dtype=torch.float32).permute(2, 0, 1)[None]
    w = torch.tensor(weight, dtype=torch.float32)[None, None].clamp(0, 1)
    levels = []
    while min(c.shape[-2:]) > 2:
        levels.append((c, w))
        cw = F.avg_pool2d(c * w, 2, ceil_mode=True)
        ws = F.avg_pool2d(w, 2, ceil_mode=True)
        c = cw / ws.clamp(min=1e-6)
        w = (ws * 4).clamp(0, 1)  # one good texel of four is enough to trust the coarser one
    for fine_c, fine_w in reversed(levels):
        up = F.interpolate(c, size=fine_c.shape[-2:], mode="bilinear", align_corners=False)
        c = fine_w * fine_c + (1 - fine_w) * up
    return c[0].permute(1, 2, 0).numpy()


def person_low_pass(image: np.ndarray, matte: np.ndarray, sigma: float) -> np.ndarray:
    """The photo (H, W, 3) float blurred by `sigma` pixels over the person only (matte-weighted, so the
    background does not bleed into the person's edge colours)."""
    m = np.clip((matte.astype(np.float32) - 0.5) / 0.4, 0, 1)
    blur = lambda a: cv2.GaussianBlur(a, (0, 0), sigma)  # noqa: E731
    return blur(image * m[..., None]) / np.maximum(blur(m), 1e-4)[..., None]


def ramp(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return np.clip((x - lo) / (hi - lo), 0, 1)


def high_pass(image: np.ndarray, patch: int) -> np.ndarray:
    """What patches of side `patch` carry beyond the colour field: the image less its blur."""
    return image - cv2.GaussianBlur(image, (0, 0), max(1.0, patch / 4))


def detail_patches(high: np.ndarray, valid: np.ndarray, patch: int, limit: int = 2000,
                   rng: np.random.Generator | None = None) -> np.ndarray | None:
    """(N, patch, patch, C) patches of the high-passed image `high` (H, W, C) lying wholly in `valid`."""
    rng = rng or np.random.default_rng(0)
    if high.shape[0] < patch or high.shape[1] < patch:
        return None
    inside = cv2.erode(valid.astype(np.uint8), np.ones((patch, patch), np.uint8), anchor=(0, 0),
                       borderType=cv2.BORDER_CONSTANT, borderValue=0)
    ys, xs = np.nonzero(inside[: high.shape[0] - patch + 1, : high.shape[1] - patch + 1])
    if len(ys) == 0:
        return None
    pick = rng.choice(len(ys), size=min(limit, len(ys)), replace=False)
    ys, xs = ys[pick], xs[pick]
    grid = np.arange(patch)
    patches = high[ys[:, None, None] + grid[None, :, None], xs[:, None, None] + grid[None, None, :]]
    # The most contrasted patches hold features (an eye, a logo, a seam), not the region's texture.
    contrast = patches.reshape(len(patches), -1).std(1)
    return patches[contrast <= np.quantile(contrast, 0.7)]


def tile_patches(shape: tuple[int, int], patches: np.ndarray, rng: np.random.Generator | None = None
                 ) -> np.ndarray:
    """(H, W, C) detail covering `shape`: random patches on a half-overlapping grid, blended with Hann
    windows and normalised so that their variance is kept (uncorrelated patches do not average out)."""
    rng = rng or np.random.default_rng(0)
    H, W = shape
    P = patches.shape[1]
    step = max(1, P // 2)
    win = np.hanning(P + 2)[1:-1]
    win = np.outer(win, win)[..., None].astype(np.float32)
    pad = P
    acc = np.zeros((H + 3 * pad, W + 3 * pad, patches.shape[-1]), np.float32)
    norm = np.zeros((H + 3 * pad, W + 3 * pad, 1), np.float32)
    for y in range(0, H + pad, step):
        for x in range(0, W + pad, step):
            jy, jx = rng.integers(0, step, 2)
            p = patches[rng.integers(len(patches))]
            yy, xx = y + jy, x + jx
            acc[yy:yy + P, xx:xx + P] += win * p
            norm[yy:yy + P, xx:xx + P] += win ** 2
    out = acc / np.sqrt(np.maximum(norm, 1e-6))
    return out[pad:pad + H, pad:pad + W]


@dataclasses.dataclass(frozen=True)
class DetailLayout:
    """Where a texture's fill detail is laid out: `x`, `y` (H, W) say where each texel lies on the surface, in
    texels of the texture's least stretched part (None: the texture's own grid), so that detail pasted there
    has the size it has elsewhere once rendered; `weight` (H, W) how much of its detail each texel takes from
    this layout (None: all). A texture no single layout suits takes the weighted sum of several."""

    x: np.ndarray | None = None
    y: np.ndarray | None = None
    weight: np.ndarray | None = None

    def detail(self, box: tuple[slice, slice], patches: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """The detail (h, w, C) of the texels in `box`."""
        h, w = box[0].stop - box[0].start, box[1].stop - box[1].start
        if self.x is None:
            out = tile_patches((h, w), patches, rng)
        else:
            sx, sy = self.x[box], self.y[box]
            used = np.isfinite(sx) & np.isfinite(sy)
            if self.weight is not None:
                used &= self.weight[box] > 0
            if not used.any():
                return np.zeros((h, w, patches.shape[-1]), np.float32)
            x0, y0 = float(sx[used].min()), float(sy[used].min())
            tile = tile_patches((int(np.ceil(sy[used].max() - y0)) + 2, int(np.ceil(sx[used].max() - x0)) + 2),
                                patches, rng)
            # Texels this layout gives nothing to take the layout's corner (their weight is 0).
            mx = np.where(used, sx - x0, 0).astype(np.float32)
            my = np.where(used, sy - y0, 0).astype(np.float32)
            out = cv2.remap(tile, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        return out if self.weight is None else out * self.weight[box][..., None]


def region_patches(exemplar: np.ndarray, valid: np.ndarray, s: float, size: int, rng: np.random.Generator,
                   max_side: int = 1200) -> np.ndarray | None:
    """Detail patches (N, size, size, 3) of the `valid` part of `exemplar` resized by `s` (cropped to that
    part first, and the resized crop kept under `max_side`); smaller patches when the part is too small."""
    ys, xs = np.nonzero(valid)
    if len(ys) == 0:
        return None
    margin = int(np.ceil(size / max(s, 1e-3)))
    y0, y1 = max(0, ys.min() - margin), min(valid.shape[0], ys.max() + 1 + margin)
    x0, x1 = max(0, xs.min() - margin), min(valid.shape[1], xs.max() + 1 + margin)
    s = min(s, max_side / max(y1 - y0, x1 - x0))
    crop = exemplar[y0:y1, x0:x1]
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR
    small = cv2.resize(crop, None, fx=s, fy=s, interpolation=interp)
    small_valid = cv2.resize(valid[y0:y1, x0:x1].astype(np.uint8), small.shape[1::-1],
                             interpolation=cv2.INTER_NEAREST) > 0
    for p in (size, max(6, size // 2), max(6, size // 4)):
        patches = detail_patches(high_pass(small, p), small_valid, p, limit=800, rng=rng)
        if patches is not None and len(patches):
            return patches
    return None


def region_fill(colour: np.ndarray, weight: np.ndarray, regions: np.ndarray, region_ids, exemplar: np.ndarray,
                exemplar_regions: np.ndarray, scale: float, patch: int = 24, seed: int = 0,
                fallback: dict | None = None, field: np.ndarray | None = None, gain=None,
                photo_patch_px: float = 12.0, low: tuple[np.ndarray, np.ndarray] | None = None,
                low_detail_cut: float = 0.5, layouts: tuple[DetailLayout, ...] = (DetailLayout(),)) -> np.ndarray:
    """Fill texels of `colour` (H, W, 3) with low `weight` (H, W) in [0, 1] from their own region.

    `regions` (H, W) labels each texel; for each id in `region_ids`, the colour field comes from the seen
    texels of that region and the detail from `exemplar` (an RGB float image, the photo) pixels labelled so
    in `exemplar_regions`, resized by 1 / `scale` (photo pixels per texel). `fallback` maps a region id to
    an RGB colour used when no texel of it was seen; `field` (H, W, 3), when given, is the colour field
    of every region instead. `gain` scales the detail: a dict region id -> factor, and/or an (H, W) map
    (where the texture will be seen stretched, detail would show as streaks). `low` = (colour, weight): the
    photo's low frequencies where it saw the surface at all (at a grazing angle too: a blur stretched by
    another view shows no streak); the colour field takes them by their weight, so a flank keeps its own
    shading instead of its neighbours', and the detail there is cut by `low_detail_cut` of that weight.
    `layouts`: where the detail is laid out (`DetailLayout`; the texture's own grid by default), so a
    texture that squeezes the surface (a flank in a photo's projection, the rim of a head's UV disk) gets
    detail the size it has elsewhere once rendered.
    Returns the blended texture."""
    rng = np.random.default_rng(seed)
    out = colour.copy()
    # The photo's detail at the texture's scale; upscaled at most 6 times (beyond, pixels carry no detail).
    s = float(np.clip(1.0 / max(scale, 1e-3), 0.1, 6.0))
    # Patches span about `photo_patch_px` photo pixels (a curl, a fold), at least `patch` texels.
    size = max(patch, int(round(photo_patch_px * s)))
    for rid in region_ids:
        mask = regions == rid
        need = mask & (weight < 0.999)
        if not need.any():
            continue
        seen_w = weight * mask
        if field is not None:
            base_field = field
        elif seen_w.sum() > 1:
            base_field = push_pull(colour, seen_w)
        else:
            ex = exemplar[exemplar_regions == rid]
            base = ex.mean(0) if len(ex) else np.asarray((fallback or {}).get(rid, (0.5, 0.5, 0.5)))
            base_field = np.broadcast_to(np.asarray(base, np.float32), colour.shape).copy()
        if low is not None:
            lw = np.clip(low[1], 0, 1)[..., None]
            base_field = lw * low[0] + (1 - lw) * base_field
        patches = region_patches(exemplar, exemplar_regions == rid, s, size, rng)
        ys, xs = np.nonzero(need)
        box = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
        detail = np.zeros_like(colour)
        if patches is not None:
            for layout in layouts:
                detail[box] += layout.detail(box, patches, rng)
        g = 1.0
        if isinstance(gain, dict):
            g = gain.get(rid, 1.0)
        elif gain is not None:
            g = np.asarray(gain)[..., None]
        if low is not None:
            # Where the photo's own low frequencies are there, the patches' coarser band would count twice.
            g = g * (1 - low_detail_cut * np.clip(low[1], 0, 1)[..., None])
        filled = np.clip(base_field + g * detail, 0, 1)
        w = weight[..., None]
        out[mask] = (w * colour + (1 - w) * filled)[mask]
    return out
