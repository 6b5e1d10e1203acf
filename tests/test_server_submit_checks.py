"""Issue 14 item 9, at the server's door: a track for a head this server does not have is refused
at submit with `invalid_track` (as SPEC.md says), and a reference portrait whose header names too
many pixels is refused before anything decodes it."""

from __future__ import annotations

import dataclasses

from protocols.client import Client
from protocols.messages import Rejected
from protocols.wire import Blob
from tests.test_images import png_bomb
from tests.test_server_harness import HEAD, render_request, running_server


def test_unknown_heads_and_huge_portraits_are_refused_at_submit(tmp_path):
    with running_server(tmp_path, engines=("warp", "debug")) as server, Client(server.connection) as client:
        answer = client.submit_render(render_request("stranger", engine="warp")).result(60)
        assert isinstance(answer, Rejected), answer
        assert answer.code == "invalid_track" and answer.field == "head_model"
        assert HEAD.name in answer.message and "mvportrait flame import" in answer.message
        bomb = dataclasses.replace(render_request("bomb"), reference=Blob("png", png_bomb()))
        answer = client.submit_render(bomb).result(10)
        assert isinstance(answer, Rejected) and answer.code == "limit_exceeded" and answer.field == "reference"
        assert "megapixels" in answer.message
        assert server.store.count_jobs() == 0
