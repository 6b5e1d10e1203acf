"""The bust of a fitted portrait as plain arrays, for putting it on a FLAME rig elsewhere (Blender's
"Texture Rig from Portrait"): everything is numpy, in FLAME's rest frame (metres, +y up, the face along +z),
so it travels over the wire as an .npz.

Head (the head model's own topology, so the rig's mesh, UVs and armature stay as they are):
  head_offsets (V, 3) float32   the hair/headwear shell: rest-frame offsets to add to the rig's vertices
                                (a shape key at 1); the rig's identity (`shape`) still comes first
  head_vertices (V, 3) float32  the bust head at rest pose for this identity: template + shape + offsets
  head_faces (F, 3) int32, head_uv (Vt, 2) float32, head_uv_faces (F, 3) int32   the head model's own
  head_weights (V, 6) float32   skinning to [global, neck, jaw, eye_left, eye_right, torso]: the head
                                model's weights, except that the neck's bottom goes to `torso` (a bone that
                                stays with the body, not turned by `global`), fading up the neck
  head_texture (T, T, 4) uint8  RGBA (alpha 255), row 0 at v = 1 (an image file's first row)
Torso (its own mesh and UVs; weight 1 on `torso`):
  torso_vertices (N, 3) float32, torso_faces (M, 3) int32, torso_uv (M, 3, 2) float32 per face corner,
  torso_texture (Ht, Wt, 4) uint8; absent when the photo shows no shoulders
Identity:
  shape (S,) float32 the fitted FLAME shape; joint_names: the six weight columns' names
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from protocols.flame_conventions import JOINT_NAMES

from .portrait import PortraitAssets

WEIGHT_NAMES = (*JOINT_NAMES, "torso")


def _rgba(rgb: np.ndarray) -> np.ndarray:
    out = np.full(rgb.shape[:2] + (4,), 255, np.uint8)
    out[..., :3] = np.clip(rgb * 255 + 0.5, 0, 255).astype(np.uint8)
    return out


def bust_arrays(assets: PortraitAssets) -> dict[str, np.ndarray]:
    """The bust of `assets` as named arrays (see the module's docstring)."""
    head = assets.head
    stay = assets.neck_stay.astype(np.float32)[:, None]
    weights = np.concatenate([head.weights.astype(np.float32) * (1 - stay), stay], 1)
    out = {
        "head_offsets": assets.hair_offsets.astype(np.float32),
        "head_vertices": assets.rest_head.astype(np.float32),
        "head_faces": head.f.astype(np.int32),
        "head_uv": head.vt.astype(np.float32),
        "head_uv_faces": head.ft.astype(np.int32),
        "head_weights": weights,
        "head_texture": _rgba(assets.texture.rgb),
        "shape": assets.fit.shape.astype(np.float32),
        "joint_names": np.array(WEIGHT_NAMES),
    }
    if assets.torso is not None:
        out.update(torso_vertices=assets.torso.vertices.astype(np.float32),
                   torso_faces=assets.torso.faces.astype(np.int32), torso_uv=assets.torso.uv.astype(np.float32),
                   torso_texture=_rgba(assets.torso.texture))
    return out


def save_bust_npz(path: str | Path, assets: PortraitAssets) -> Path:
    path = Path(path)
    np.savez_compressed(path, **bust_arrays(assets))
    return path
