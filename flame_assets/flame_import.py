"""Convert a user's licensed FLAME model file once into the project's head-model `.npz`.

The FLAME files themselves are never redistributed: each user downloads them under their own license,
and this module reads them with the restricted unpickler in :mod:`flame_assets.safe_pickle`, checks
their arrays, and caches the result as ``<cache_dir>/<source sha256[:16]>-<version>.npz``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from flame_assets.flame_versions import FLAME_VERSIONS, FlameVersion
from flame_assets.head_model import HeadModel, HeadModelError, LandmarkEmbedding
from flame_assets.safe_pickle import ChumpyObject, FlameFileError, load_flame_pickle, load_pickle_or_npy
from protocols.flame_conventions import NUM_JOINTS, NUM_POSE_CORRECTIVES
from protocols.user_dirs import cache_dir

__all__ = [
    "CONVERTER_VERSION",
    "EXPECTED_VERTICES",
    "FLAME_VERSIONS",
    "FlameVersion",
    "ImportResult",
    "N_SHAPE",
    "default_cache_dir",
    "default_name",
    "detect_version",
    "head_model_from_flame_dict",
    "import_flame_file",
    "normalize_version",
    "read_landmark_embedding",
]


N_SHAPE = 300  # FLAME orders shapedirs as 300 identity components, then the expression components
EXPECTED_VERTICES = 5023
# Bumped when the conversion changes, so older cached .npz files are rebuilt.
CONVERTER_VERSION = 1
REQUIRED_KEYS = ("v_template", "shapedirs", "posedirs", "J_regressor", "weights", "kintree_table", "f")
_ROOT_PARENTS = (-1, 2**32 - 1)


@dataclasses.dataclass(frozen=True)
class ImportResult:
    model: HeadModel
    npz_path: Path
    source_sha256: str
    cached: bool


def normalize_version(version: str) -> str:
    key = str(version).strip().lower()
    if key not in FLAME_VERSIONS:
        raise FlameFileError(f"unknown FLAME version {version!r}; known versions: {', '.join(FLAME_VERSIONS)}")
    return key


def detect_version(path: str | Path) -> str | None:
    """The FLAME version a release file name stands for, or None when the name is not one of them."""
    name = Path(path).name.lower()
    return next((v.key for v in FLAME_VERSIONS.values() if v.file_name.lower() == name), None)


def default_name(version: str) -> str:
    return f"flame{normalize_version(version)}"


def default_cache_dir() -> Path:
    return cache_dir("heads")


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ------------------------------------------------------------------------------------ conversion
def _array(d: dict, key: str, src: str, kinds: str = "biuf") -> np.ndarray:
    value = d[key]
    if isinstance(value, ChumpyObject):
        raise FlameFileError(
            f"{src}: {key} is a computed chumpy expression ({value.qualified_name}), which cannot be evaluated "
            "without chumpy; FLAME release files store plain chumpy.ch.Ch arrays")
    import scipy.sparse as sp  # here, not at import: `mvportrait --help` must not pay for scipy

    if sp.issparse(value):
        value = value.toarray()
    if not isinstance(value, np.ndarray):
        raise FlameFileError(f"{src}: {key} is a {type(value).__name__}, expected an array")
    if value.dtype.kind not in kinds:
        raise FlameFileError(f"{src}: {key} has dtype {value.dtype}, expected numbers")
    return value


def _expect_shape(arr: np.ndarray, key: str, shape: tuple[int, ...], src: str, why: str) -> None:
    if tuple(arr.shape) != shape:
        raise FlameFileError(f"{src}: {key} has shape {tuple(arr.shape)}, expected {shape} ({why})")


def head_model_from_flame_dict(
    d: Any,
    version: str,
    name: str | None = None,
    landmarks: dict[str, LandmarkEmbedding] | None = None,
    *,
    source_file: str | None = None,
    source_sha256: str | None = None,
    extra_meta: dict | None = None,
) -> HeadModel:
    """Check a loaded FLAME dict (chumpy/sparse already resolved) and build a :class:`HeadModel`."""
    version = normalize_version(version)
    src = source_file or f"FLAME {version} model"
    if not isinstance(d, dict):
        raise FlameFileError(f"{src} holds a {type(d).__name__}, not a FLAME model dictionary")
    missing = [k for k in REQUIRED_KEYS if k not in d]
    if missing:
        found = ", ".join(sorted(map(str, d))) or "nothing"
        raise FlameFileError(f"{src} is not a FLAME model: it lacks {', '.join(missing)} (it holds {found})")
    for key, expected in (("bs_style", "lbs"), ("bs_type", "lrotmin")):  # how the rig skins and blends
        value = d.get(key, expected)
        value = value.decode("latin1") if isinstance(value, bytes) else value
        if not isinstance(value, str) or value != expected:
            raise FlameFileError(f"{src}: {key} is {value!r}; FLAME models use {expected!r}")

    v_template = _array(d, "v_template", src, "f")
    if v_template.ndim != 2 or v_template.shape[1] != 3 or v_template.shape[0] == 0:
        raise FlameFileError(f"{src}: v_template has shape {v_template.shape}, expected (V, 3)")
    V = v_template.shape[0]
    per_vertex = f"v_template has {V} vertices"
    shapedirs = _array(d, "shapedirs", src, "f")
    if shapedirs.ndim != 3 or shapedirs.shape[:2] != (V, 3):
        raise FlameFileError(f"{src}: shapedirs has shape {shapedirs.shape}, expected ({V}, 3, K) ({per_vertex})")
    n_components = shapedirs.shape[2]
    if n_components < N_SHAPE:
        raise FlameFileError(f"{src}: shapedirs has {n_components} components; a FLAME model has {N_SHAPE} "
                             "identity components followed by its expression components")
    posedirs = _array(d, "posedirs", src, "f")
    _expect_shape(posedirs, "posedirs", (V, 3, NUM_POSE_CORRECTIVES), src, f"{per_vertex}, 4 joints x 9")
    J_regressor = _array(d, "J_regressor", src, "f")
    _expect_shape(J_regressor, "J_regressor", (NUM_JOINTS, V), src, f"{NUM_JOINTS} joints, {per_vertex}")
    weights = _array(d, "weights", src, "f")
    _expect_shape(weights, "weights", (V, NUM_JOINTS), src, f"{per_vertex}, {NUM_JOINTS} joints")
    kintree = _array(d, "kintree_table", src, "iu")
    _expect_shape(kintree, "kintree_table", (2, NUM_JOINTS), src, "parents and joint ids of FLAME's 5 joints")
    kintree = kintree.astype(np.int64)
    if int(kintree[0, 0]) not in _ROOT_PARENTS:
        raise FlameFileError(f"{src}: kintree_table root parent is {int(kintree[0, 0])}, expected -1 or {2**32 - 1}")
    kintree[0, 0] = -1
    if not np.array_equal(kintree[1], np.arange(NUM_JOINTS)):
        raise FlameFileError(f"{src}: kintree_table joint ids are {kintree[1].tolist()}, expected 0..{NUM_JOINTS - 1}")
    f = _array(d, "f", src, "iu")
    if f.ndim != 2 or f.shape[1] != 3 or f.shape[0] == 0:
        raise FlameFileError(f"{src}: f has shape {f.shape}, expected (F, 3) triangles")
    if int(f.min()) < 0 or int(f.max()) >= V:
        bad = int(f.min()) if int(f.min()) < 0 else int(f.max())
        raise FlameFileError(f"{src}: f indexes vertex {bad}, but {per_vertex}")

    warnings: list[str] = []
    if V != EXPECTED_VERTICES:
        warnings.append(f"{V} vertices where FLAME {version} has {EXPECTED_VERTICES}: "
                        "FLAME landmark embeddings and masks will not fit this mesh")
    off = int(np.sum(~np.isclose(weights.sum(axis=1), 1.0, atol=1e-3)))
    if off:
        warnings.append(f"skinning weights of {off} vertices do not sum to 1")

    meta = {
        "source": "flame",
        "converter_version": CONVERTER_VERSION,
        "flame_version": version,
        "source_file": source_file,
        "source_sha256": source_sha256,
        "license": FLAME_VERSIONS[version].license,
        "ignored_keys": sorted(str(k) for k in d if k not in REQUIRED_KEYS),
        "warnings": warnings,
        **(extra_meta or {}),
    }
    try:
        return HeadModel(
            name=name or default_name(version),
            flame_version=version,
            v_template=v_template.astype(np.float32),
            shapedirs=shapedirs.astype(np.float32),
            n_shape=N_SHAPE,
            n_expr=n_components - N_SHAPE,
            posedirs=posedirs.astype(np.float32),
            J_regressor=J_regressor.astype(np.float32),
            weights=weights.astype(np.float32),
            kintree_table=kintree,
            f=f.astype(np.int64),
            landmarks=dict(landmarks or {}),
            meta=meta,
        )
    except HeadModelError as exc:
        raise FlameFileError(f"{src}: {exc}") from None


# ------------------------------------------------------------------------------------- landmarks
# (faces key, barycentric key, required point count or None for "name by count") in FLAME's side files.
_LANDMARK_PAIRS = (
    ("static_lmk_faces_idx", "static_lmk_bary_coords", 51),  # landmark_embedding.npy
    ("full_lmk_faces_idx", "full_lmk_bary_coords", 68),  # landmark_embedding.npy
    ("lmk_face_idx", "lmk_b_coords", None),  # flame_static_embedding.pkl (51) / flame_dynamic_embedding.npy
)
_LANDMARK_NAMES = {51: "flame51", 68: "flame68"}


def read_landmark_embedding(path: str | Path) -> dict[str, LandmarkEmbedding]:
    """Read FLAME's ``landmark_embedding.npy`` or ``flame_static_embedding.pkl`` safely: the 51-point static
    embedding becomes ``flame51``, the 68-point full one ``flame68``."""
    path = Path(path)
    data = load_pickle_or_npy(path)
    if not isinstance(data, dict):
        raise FlameFileError(f"{path.name} holds a {type(data).__name__}, not a FLAME landmark embedding dict")
    out: dict[str, LandmarkEmbedding] = {}
    skipped: list[str] = []
    for faces_key, bary_key, count in _LANDMARK_PAIRS:
        if faces_key not in data or bary_key not in data:
            continue
        faces, bary = np.asarray(data[faces_key]), np.asarray(data[bary_key])
        if faces.ndim == 2 and count is None:  # the dynamic contour table: one row per yaw angle
            skipped.append(f"{faces_key} {faces.shape} (dynamic contour)")
            continue
        if faces.ndim != 1 or bary.shape != (faces.shape[0], 3):
            raise FlameFileError(f"{path.name}: {faces_key} {faces.shape} and {bary_key} {bary.shape} "
                                 "are not (L,) face indices with (L, 3) barycentric coordinates")
        n = faces.shape[0]
        if (count is not None and n != count) or n not in _LANDMARK_NAMES:
            raise FlameFileError(f"{path.name}: {faces_key} has {n} landmarks, expected "
                                 f"{count or ' or '.join(map(str, _LANDMARK_NAMES))}")
        if faces.dtype.kind == "f" and np.all(np.mod(faces, 1) == 0):
            faces = faces.astype(np.int64)
        if faces.dtype.kind not in "iu" or bary.dtype.kind != "f" or not np.all(np.isfinite(bary)):
            raise FlameFileError(f"{path.name}: {faces_key}/{bary_key} must be integer faces and finite floats")
        out[_LANDMARK_NAMES[n]] = LandmarkEmbedding(faces.astype(np.int64), bary.astype(np.float32))
    if not out:
        held = ", ".join(map(str, data))
        what = f"only {', '.join(skipped)}" if skipped else f"none of the known keys (it holds {held})"
        raise FlameFileError(f"{path.name} has no static landmark embedding: {what}; "
                             "pass landmark_embedding.npy or flame_static_embedding.pkl")
    return out


# ---------------------------------------------------------------------------------------- import
def _cached(npz: Path, want: dict[str, Any]) -> HeadModel | None:
    try:
        model = HeadModel.load(npz)
    except (HeadModelError, OSError, ValueError, KeyError):
        return None
    got = {"name": model.name, "flame_version": model.flame_version,
           **{k: model.meta.get(k) for k in ("source_sha256", "landmarks_sha256", "converter_version")}}
    return model if got == want else None


def import_flame_file(
    path: str | Path,
    version: str | None = None,
    name: str | None = None,
    landmarks_path: str | Path | None = None,
    cache_dir: str | Path | None = None,
    force: bool = False,
) -> ImportResult:
    """Convert a FLAME ``.pkl`` once to ``<cache_dir>/<sha256[:16]>-<version>.npz`` and return it.

    ``version`` defaults to the one the file name stands for (``generic_model.pkl`` is "2020", ...).
    ``cache_dir`` defaults to ``$MVPORTRAIT_CACHE/heads`` or ``~/.cache/mvportrait/heads``. A cached file is
    reused when it loads with a valid sha256 and was made from the same source, version, name and landmark
    file; otherwise (or with ``force``) the pickle is read again and the cache rewritten.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"FLAME model file {path} does not exist")
    if version is None:
        version = detect_version(path)
        if version is None:
            raise FlameFileError(f"cannot tell the FLAME version from the file name {path.name!r}; pass the "
                                 f"version, one of: {', '.join(FLAME_VERSIONS)}")
    version = normalize_version(version)
    name = name or default_name(version)
    lmk_path = Path(landmarks_path) if landmarks_path is not None else None
    if lmk_path is not None and not lmk_path.is_file():
        raise FileNotFoundError(f"landmark embedding file {lmk_path} does not exist")
    source_sha = _sha256_file(path)
    lmk_sha = _sha256_file(lmk_path) if lmk_path is not None else None
    folder = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    npz = folder / f"{source_sha[:16]}-{version}.npz"

    want = {"name": name, "flame_version": version, "source_sha256": source_sha, "landmarks_sha256": lmk_sha,
            "converter_version": CONVERTER_VERSION}
    if not force and npz.is_file():
        model = _cached(npz, want)
        if model is not None:
            return ImportResult(model, npz, source_sha, True)

    landmarks = read_landmark_embedding(lmk_path) if lmk_path is not None else None
    model = head_model_from_flame_dict(
        load_flame_pickle(path), version, name, landmarks,
        source_file=path.name, source_sha256=source_sha,
        extra_meta={"landmarks_file": lmk_path.name if lmk_path else None, "landmarks_sha256": lmk_sha},
    )
    model.save(npz)
    return ImportResult(model, npz, source_sha, False)
