"""A portrait's bust as it travels to Blender ("Texture Rig from Portrait"): the head model's own mesh with the
photo's hair/headwear shell, skinning and texture atlas, a torso proxy, the camera the photo was taken from and
the pose the photo was fitted with. Pure numpy: the server sends it in a `bust` message and keeps it as an .npz;
the add-on puts it on the rig.

Everything is in FLAME's rest frame (metres, +y up, the face along +z). Arrays, by name (`ARRAYS`):

| name | dtype, shape | what |
|---|---|---|
| head_offsets | f4 (V, 3) | the shell: offsets added to the head's rest vertices after its identity (`shape`) |
| head_vertices | f4 (V, 3) | the bust head at rest pose: template + identity + offsets |
| head_faces | i4 (F, 3) | the head model's triangles |
| head_uv | f4 (Vt, 2) | texture coordinates, v up |
| head_uv_faces | i4 (F, 3) | each triangle corner's row of head_uv |
| head_weights | f4 (V, J) | skinning to `joint_names` (FLAME's five joints, then `torso`) |
| head_texture | u1 (H, W, 4) | RGBA atlas, row 0 at v = 1 (an image file's first row) |
| torso_vertices | f4 (N, 3) | the torso proxy (N = 0 when the photo shows no shoulders) |
| torso_faces | i4 (M, 3) | its triangles |
| torso_uv | f4 (M, 3, 2) | per triangle corner, v up |
| torso_texture | u1 (Ht, Wt, 4) | RGBA, row 0 at v = 1 ((0, 0, 4) without a torso) |

`camera` is the photo's camera with the head at rest global pose; `photo_pose` a one-frame track (the fitted
identity in its `shape`, jaw, eyes, expression and eyelids): the bust posed so and seen through `camera` gives the
photo back.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Mapping

import numpy as np

from .tracks import ARRAY_FIELDS as TRACK_FIELDS
from .tracks import Track
from .views import CameraView

# name: (dtype, trailing shape; None = any size)
ARRAYS: dict[str, tuple[str, tuple]] = {
    "head_offsets": ("<f4", (None, 3)),
    "head_vertices": ("<f4", (None, 3)),
    "head_faces": ("<i4", (None, 3)),
    "head_uv": ("<f4", (None, 2)),
    "head_uv_faces": ("<i4", (None, 3)),
    "head_weights": ("<f4", (None, None)),
    "head_texture": ("|u1", (None, None, 4)),
    "torso_vertices": ("<f4", (None, 3)),
    "torso_faces": ("<i4", (None, 3)),
    "torso_uv": ("<f4", (None, 3, 2)),
    "torso_texture": ("|u1", (None, None, 4)),
}
ARRAY_NAMES = tuple(ARRAYS)
MAX_TEXTURE_SIDE = 8192
MAX_VERTICES = 1_000_000
NPZ_FORMAT = "mvportrait.bust/1"


class BustError(ValueError):
    """Bust arrays that do not fit together; the message names the array."""


def _check_array(name: str, value) -> np.ndarray:
    dtype, shape = ARRAYS[name]
    if not isinstance(value, np.ndarray):
        raise BustError(f"bust {name}: expected a numpy array, got {type(value).__name__}")
    if value.dtype.str != dtype:
        raise BustError(f"bust {name}: dtype {value.dtype.str}, expected {dtype}")
    if value.ndim != len(shape) or any(s is not None and s != n for s, n in zip(shape, value.shape)):
        want = "(" + ", ".join("n" if s is None else str(s) for s in shape) + ")"
        raise BustError(f"bust {name}: shape {value.shape}, expected {want}")
    if value.dtype.kind == "f" and not np.isfinite(value).all():
        raise BustError(f"bust {name}: holds NaN or infinity")
    return value


def _check_faces(name: str, faces: np.ndarray, count: int, of: str) -> None:
    if len(faces) and (faces.min() < 0 or faces.max() >= count):
        raise BustError(f"bust {name}: indices must be in [0, {count}) ({of}), got {faces.min()}..{faces.max()}")


@dataclasses.dataclass(frozen=True, eq=False)
class Bust:
    camera: CameraView
    photo_pose: Track
    joint_names: tuple[str, ...]
    arrays: Mapping[str, np.ndarray]

    def __post_init__(self) -> None:
        if not isinstance(self.camera, CameraView):
            raise BustError("bust camera: expected a CameraView")
        if not isinstance(self.photo_pose, Track) or self.photo_pose.num_frames != 1:
            raise BustError("bust photo_pose: expected a one-frame Track")
        missing = [n for n in ARRAY_NAMES if n not in self.arrays]
        extra = sorted(set(self.arrays) - set(ARRAY_NAMES))
        if missing or extra:
            raise BustError(f"bust arrays: missing {missing}, unexpected {extra}")
        a = {name: _check_array(name, self.arrays[name]) for name in ARRAY_NAMES}
        V = len(a["head_vertices"])
        if not 0 < V <= MAX_VERTICES or len(a["torso_vertices"]) > MAX_VERTICES:
            raise BustError(f"bust head_vertices: {V} vertices; a bust has 1 to {MAX_VERTICES}")
        for name in ("head_offsets", "head_weights"):
            if len(a[name]) != V:
                raise BustError(f"bust {name}: {len(a[name])} rows for {V} head vertices")
        if a["head_uv_faces"].shape != a["head_faces"].shape:
            raise BustError(f"bust head_uv_faces: shape {a['head_uv_faces'].shape}, head_faces "
                            f"{a['head_faces'].shape}")
        _check_faces("head_faces", a["head_faces"], V, "head vertices")
        _check_faces("head_uv_faces", a["head_uv_faces"], len(a["head_uv"]), "head_uv rows")
        _check_faces("torso_faces", a["torso_faces"], len(a["torso_vertices"]), "torso vertices")
        names = tuple(self.joint_names)
        if a["head_weights"].shape[1] != len(names) or not all(isinstance(n, str) and n for n in names):
            raise BustError(f"bust head_weights: {a['head_weights'].shape[1]} columns for joint names {names}")
        if len(a["torso_uv"]) != len(a["torso_faces"]):
            raise BustError(f"bust torso_uv: {len(a['torso_uv'])} triangles, torso_faces {len(a['torso_faces'])}")
        for name in ("head_texture", "torso_texture"):
            if max(a[name].shape[:2]) > MAX_TEXTURE_SIDE:
                raise BustError(f"bust {name}: {a[name].shape[1]}×{a[name].shape[0]} is above "
                                f"{MAX_TEXTURE_SIDE} pixels a side")
        if min(a["head_texture"].shape[:2]) < 1:
            raise BustError("bust head_texture: empty")
        if len(a["torso_faces"]) and min(a["torso_texture"].shape[:2]) < 1:
            raise BustError("bust torso_texture: empty for a torso with triangles")
        object.__setattr__(self, "joint_names", names)
        object.__setattr__(self, "arrays", {n: np.ascontiguousarray(a[n]) for n in ARRAY_NAMES})

    @property
    def has_torso(self) -> bool:
        return len(self.arrays["torso_faces"]) > 0

    @classmethod
    def from_export(cls, arrays: Mapping[str, np.ndarray], camera: CameraView, photo_pose: Track) -> "Bust":
        """From the warp engine's export (`bust_arrays`: these arrays, plus `shape` and `joint_names`, and no
        torso entries for a photo without shoulders)."""
        out = {}
        for name in ARRAY_NAMES:
            dtype, shape = ARRAYS[name]
            value = arrays.get(name)
            if value is None and name.startswith("torso_"):
                value = np.zeros(tuple(0 if s is None else s for s in shape), dtype)
            out[name] = np.asarray(value, dtype=np.dtype(dtype))
        return cls(camera, photo_pose, tuple(str(n) for n in arrays["joint_names"]), out)

    # ---------------------------------------------------------------- npz

    def save_npz(self, path: str | Path) -> Path:
        """Write as .npz with no pickled objects (metadata as one JSON string)."""
        from .atomic_files import atomic_writer
        path = Path(path)
        meta = {"format": NPZ_FORMAT, "camera": self.camera.to_dict(), "joint_names": list(self.joint_names),
                "photo_pose": self.photo_pose.meta()}
        payload = dict(self.arrays)
        payload.update({f"photo_pose_{n}": a for n, a in self.photo_pose.to_arrays().items()})
        payload["meta"] = np.str_(json.dumps(meta))
        with atomic_writer(path) as fh:
            np.savez(fh, **payload)
        return path

    @classmethod
    def load_npz(cls, path: str | Path) -> "Bust":
        """Read what `save_npz` wrote (never unpickles); BustError / ValueError for anything else."""
        with np.load(Path(path), allow_pickle=False) as npz:
            meta = json.loads(str(npz["meta"]))
            if meta.get("format") != NPZ_FORMAT:
                raise BustError(f"{path}: not a bust file ({meta.get('format')!r})")
            track = Track.from_arrays({n: npz[f"photo_pose_{n}"] for n in TRACK_FIELDS}, meta["photo_pose"])
            return cls(CameraView.from_dict(meta["camera"]), track, tuple(meta["joint_names"]),
                       {n: npz[n] for n in ARRAY_NAMES})
