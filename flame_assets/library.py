"""Find and load head models: the bundled open head, a converted `.npz`, or a user's FLAME pickle."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .head_model import HeadModel, HeadModelError

DATA_DIR = Path(__file__).resolve().parent / "data"
OPEN_HEAD_PATH = DATA_DIR / "open_head.npz"


@lru_cache(maxsize=4)
def _load_npz(path: str) -> HeadModel:
    return HeadModel.load(path)


def load_head(spec: str | Path = "open") -> HeadModel:
    """`"open"` (the default open head), a head-model `.npz`, or a FLAME `.pkl` (converted once, cached).

    The returned model is shared between callers: treat its arrays as read-only."""
    if str(spec) == "open":
        if not OPEN_HEAD_PATH.is_file():
            raise HeadModelError(f"the open head {OPEN_HEAD_PATH} is missing; rebuild it with "
                                 "`python -m flame_assets.build.open_head`")
        return _load_npz(str(OPEN_HEAD_PATH))
    path = Path(spec).expanduser()
    if not path.is_file():
        raise HeadModelError(f"head model {path} does not exist (give 'open', a .npz head model or a FLAME .pkl)")
    if path.suffix == ".pkl":
        from .flame_import import import_flame_file

        return import_flame_file(path).model
    return _load_npz(str(path.resolve()))
