"""Stream index ↔ (frame offset, view), as SPEC.md's `frame` message defines it."""

from protocols.stream_index import frame_and_view, stream_index


def test_stream_order_is_frame_by_frame_then_view_by_view():
    assert [frame_and_view(i, 3) for i in range(7)] == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0)]
    assert stream_index(2, 1, 3) == 7 and stream_index(5, 0, 1) == 5
    for n_views in range(1, 5):
        assert [stream_index(*frame_and_view(i, n_views), n_views) for i in range(30)] == list(range(30))
