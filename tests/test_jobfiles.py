"""A job's inputs in the spool: what a resumed job reads back is what was submitted, the track in the
one track file format (`Track.save_npz`), and a damaged spool file is refused on reading."""

from __future__ import annotations

import numpy as np
import pytest

from backend.server import jobfiles
from protocols.messages import SubmitMotion
from protocols.tracks import Track, TrackError
from protocols.wire import Blob
from tests.test_server_harness import HEAD, render_request


def test_a_render_request_comes_back_from_the_spool_as_submitted(tmp_path):
    body = render_request("spool", frames=5, views=3, resolution=(96, 64), options={"delay_ms": 5})
    request = jobfiles.render_request(body)
    assert request.track is body.track  # checked once, when the message was decoded; not copied
    assert [(v.width, v.height) for v in request.views] == [(96, 64)] * 3
    jobfiles.write_render(tmp_path, request)
    assert Track.load_npz(tmp_path / jobfiles.TRACK) == body.track
    again = jobfiles.read_render(tmp_path)
    assert again.track == request.track and again.engine == "debug" and again.resolution == (96, 64)
    assert [v.to_dict() for v in again.views] == [v.to_dict() for v in request.views]
    assert again.reference_png == body.reference.data and dict(again.options) == {"delay_ms": 5}
    assert jobfiles.render_meta(again) == jobfiles.render_meta(request) == {
        "view_names": ["cam0", "cam1", "cam2"], "first_frame": 1, "n_frames": 5, "n_views": 3,
        "resolution": [96, 64]}


def test_a_motion_request_comes_back_from_the_spool_as_submitted(tmp_path):
    wav = b"RIFF\0\0\0\0WAVEfmt "
    body = SubmitMotion("m", "audio", HEAD, 30.0, first_frame=7, prompt="hello", media=Blob("wav", wav),
                        options={"seed": 2})
    request = jobfiles.motion_request(body)
    assert (request.kind, request.head_model, request.fps, request.first_frame, request.num_frames,
            request.prompt, request.media, dict(request.options)) == ("audio", HEAD, 30.0, 7, None, "hello",
                                                                       wav, {"seed": 2})
    jobfiles.write_motion(tmp_path, request)
    again = jobfiles.read_motion(tmp_path)
    assert (again.kind, again.head_model, again.fps, again.first_frame, again.num_frames, again.prompt,
            again.media, dict(again.options)) == ("audio", HEAD, 30.0, 7, None, "hello", wav, {"seed": 2})
    text = jobfiles.motion_request(SubmitMotion("t", "text", HEAD, 24.0, prompt="a nod", num_frames=12))
    jobfiles.write_motion(tmp_path / "text", text)
    assert jobfiles.read_motion(tmp_path / "text").media is None


def test_a_damaged_spool_track_is_refused(tmp_path):
    request = jobfiles.render_request(render_request("damaged"))
    jobfiles.write_render(tmp_path, request)
    with np.load(tmp_path / jobfiles.TRACK) as npz:
        arrays = dict(npz)
    arrays["pose"] = np.full_like(arrays["pose"], np.nan)
    np.savez(tmp_path / jobfiles.TRACK, **arrays)
    with pytest.raises(TrackError) as info:
        jobfiles.read_render(tmp_path)
    assert info.value.args[0].startswith("Track.pose:")
