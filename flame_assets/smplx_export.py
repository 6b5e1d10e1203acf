"""Write a head model as a FLAME model folder that `smplx.FLAME` (and other FLAME tools) load unchanged."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from .head_model import HeadModel, HeadModelError

FLAME_SHAPE_SPACE, FLAME_EXPR_SPACE = 300, 100


def export_flame_folder(model: HeadModel, folder: str | Path) -> Path:
    """`FLAME_NEUTRAL.pkl` (plain numpy arrays, FLAME names) and `flame_static_embedding.pkl` (51 landmarks).

    FLAME files hold exactly 300 identity and 100 expression components; smaller spaces are zero-padded."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if model.n_shape > FLAME_SHAPE_SPACE or model.n_expr > FLAME_EXPR_SPACE:
        raise HeadModelError(f"FLAME files hold at most {FLAME_SHAPE_SPACE} identity and {FLAME_EXPR_SPACE} "
                             f"expression components; this model has {model.n_shape} and {model.n_expr}")
    V = model.num_vertices
    shapedirs = np.zeros((V, 3, FLAME_SHAPE_SPACE + FLAME_EXPR_SPACE), np.float64)
    shapedirs[..., : model.n_shape] = model.identity_dirs
    shapedirs[..., FLAME_SHAPE_SPACE:FLAME_SHAPE_SPACE + model.n_expr] = model.expression_dirs
    kintree = model.kintree_table.astype(np.int64)
    kintree[0, 0] = 2 ** 32 - 1
    data = {
        "v_template": model.v_template.astype(np.float64),
        "shapedirs": shapedirs,
        "posedirs": model.posedirs.astype(np.float64),
        "J_regressor": model.J_regressor.astype(np.float64),
        "weights": model.weights.astype(np.float64),
        "kintree_table": kintree.astype(np.uint32),
        "f": model.f.astype(np.uint32),
        "bs_style": "lbs",
        "bs_type": "lrotmin",
    }
    with open(folder / "FLAME_NEUTRAL.pkl", "wb") as fh:
        pickle.dump(data, fh, protocol=2)
    emb = model.landmarks.get("flame51")
    if emb is None:
        raise HeadModelError(f"{model.name} has no 51-point FLAME landmark embedding to export")
    with open(folder / "flame_static_embedding.pkl", "wb") as fh:
        pickle.dump({"lmk_face_idx": emb.face_idx.astype(np.int64), "lmk_b_coords": emb.bary.astype(np.float64)},
                    fh, protocol=2)
    return folder
