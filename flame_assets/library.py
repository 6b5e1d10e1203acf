"""Find and load head models: the bundled open head, a converted `.npz`, or a user's FLAME pickle."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from protocols.head_id import HeadModelId

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


def find_head(model_id: HeadModelId, search: tuple[Path, ...] | None = None) -> HeadModel:
    """The head a track or request names (by the sha256 of its arrays): the open head, or a user's FLAME file
    already converted by `mvportrait flame import` (searched in the import cache unless `search` is given)."""
    open_head = load_head("open")
    if open_head.model_id.sha256 == model_id.sha256:
        return open_head
    if search is None:
        from .flame_import import default_cache_dir

        search = (default_cache_dir(),)
    for folder in search:
        for path in sorted(Path(folder).expanduser().glob("*.npz")):
            try:
                head = _load_npz(str(path.resolve()))
            except HeadModelError:
                continue
            if head.model_id.sha256 == model_id.sha256:
                return head
    raise LookupError(f"head model {model_id.name!r} (sha256 {model_id.sha256[:12]}…) is not on this machine: "
                      f"import its FLAME file here with `mvportrait flame import` or use the open head")
