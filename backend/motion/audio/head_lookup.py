"""Find the head model a motion request names (by the sha256 of its arrays): the bundled open head, or a
user's FLAME file already converted into the head cache by `mvportrait flame import`."""

from __future__ import annotations

import functools
from pathlib import Path

from flame_assets.head_model import HeadModel
from flame_assets.library import load_head
from protocols.head_id import HeadModelId


@functools.lru_cache(maxsize=8)
def _cached_head(path: str) -> HeadModel:
    return HeadModel.load(path)


def resolve_head(model_id: HeadModelId, search: tuple[Path, ...] | None = None) -> HeadModel:
    open_head = load_head("open")
    if open_head.model_id.sha256 == model_id.sha256:
        return open_head
    if search is None:
        from flame_assets.flame_import import default_cache_dir

        search = (default_cache_dir(),)
    for folder in search:
        for path in sorted(Path(folder).expanduser().glob("*.npz")):
            try:
                head = _cached_head(str(path))
            except Exception:
                continue
            if head.model_id.sha256 == model_id.sha256:
                return head
    raise LookupError(f"head model {model_id.name!r} (sha256 {model_id.sha256[:12]}…) is not on this server: "
                      f"import its FLAME file here with `mvportrait flame import` or use the open head")
