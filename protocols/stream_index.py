"""A render job's images in stream order (SPEC.md, `frame`): frame offset by frame offset, and within
a frame the views in the order the request lists them. Stream index i is the image of frame offset
i // n_views seen by view i % n_views; `index`, `from_frame` and credit all count in this order."""

from __future__ import annotations


def stream_index(frame_offset: int, view: int, n_views: int) -> int:
    """The stream index of view `view`'s image of frame offset `frame_offset` (0 = the track's first row)."""
    return frame_offset * n_views + view


def frame_and_view(index: int, n_views: int) -> tuple[int, int]:
    """(frame offset, view) of stream index `index`; the inverse of `stream_index`."""
    return divmod(index, n_views)
