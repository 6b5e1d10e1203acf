"""The diffusion engine in the render server: unavailable without weights, end to end with a checkpoint."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest
import torch

pytest.importorskip("diffusers")

from backend.engines.diffusion.checkpoint import save_checkpoint  # noqa: E402
from backend.engines.diffusion.dataset import random_track, ring_of_views  # noqa: E402
from backend.engines.diffusion.engine import (CHECKPOINT_ENV, DiffusionEngine, DiffusionSettings,  # noqa: E402
                                              EngineUnavailable)
from backend.engines.diffusion.model import FlameToVideo, FlameToVideoConfig, new_parts  # noqa: E402
from backend.cancellation import JobCanceled  # noqa: E402
from backend.engines.base import EngineOptionError, RenderRequest  # noqa: E402
from backend.server.registry import Registry  # noqa: E402
from protocols.client import Client  # noqa: E402
from protocols.messages import Rejected, SubmitRender  # noqa: E402
from protocols.wire import Blob  # noqa: E402
from tests.test_server_harness import running_server  # noqa: E402
from tests.test_server_jobs import collect  # noqa: E402

SIZE = 16


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def head():
    from flame_assets.library import load_head
    return load_head("open")


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    torch.manual_seed(0)
    model = FlameToVideo(**new_parts(FlameToVideoConfig(image_size=SIZE)))
    return save_checkpoint(model, tmp_path_factory.mktemp("ckpt") / "tiny", {"image_size": [SIZE, SIZE]})


def reference_png() -> bytes:
    rng = np.random.default_rng(0)
    image = cv2.resize(rng.integers(0, 255, (6, 5, 3), dtype=np.uint8), (50, 60), interpolation=cv2.INTER_NEAREST)
    return cv2.imencode(".png", image)[1].tobytes()


def test_without_a_checkpoint_the_engine_is_unavailable_with_the_reason(monkeypatch, tmp_path):
    monkeypatch.delenv(CHECKPOINT_ENV, raising=False)
    with pytest.raises(EngineUnavailable, match=CHECKPOINT_ENV):
        DiffusionEngine()
    monkeypatch.setenv(CHECKPOINT_ENV, str(tmp_path))
    with pytest.raises(EngineUnavailable, match="model_index.json"):
        DiffusionEngine()


def test_engine_renders_every_view_and_frame(checkpoint, head):
    engine = DiffusionEngine(DiffusionSettings(checkpoint))
    track = random_track(head, 5, np.random.default_rng(0))
    views = tuple(ring_of_views(2, 20))  # not a multiple of 4: generated at 20 → 20, any size is served
    job = RenderRequest("diffusion", track, views, reference_png(), (20, 20),
                        {"steps": 2, "window": 3, "overlap": 1, "seed": 3})
    engine.check_options(job.options)
    plan = engine.prepare(job, threading.Event())
    images = [engine.render_frame(plan, v, f) for f in range(5) for v in range(2)]
    assert all(i.shape == (20, 20, 4) and i.dtype == np.uint8 for i in images)
    assert all((i[..., 3] == 255).all() for i in images)  # no matte without the warp bust: opaque
    again = engine.render_frame(engine.prepare(job, threading.Event()), 1, 4)
    assert np.array_equal(again, images[-1])  # seeded: the same job gives the same pixels
    keys = {engine.frame_key(job, v, f) for f in range(5) for v in range(2)}
    assert len(keys) == 10
    other = RenderRequest("diffusion", track, views, reference_png(), (20, 20), {**job.options, "seed": 4})
    assert engine.frame_key(other, 0, 0) != engine.frame_key(job, 0, 0)

    canceled = threading.Event()
    plan = engine.prepare(job, canceled)
    canceled.set()
    with pytest.raises(JobCanceled):
        engine.render_frame(plan, 0, 0)


def test_bad_options_are_refused(checkpoint):
    engine = DiffusionEngine(DiffusionSettings(checkpoint))
    for options, fault in (({"stpes": 3}, "stpes"), ({"steps": 0}, "steps"), ({"strength": 0.5}, "strength"),
                           ({"refine": True, "strength": 2}, "strength"), ({"window": 4, "overlap": 4}, "overlap"),
                           ({"refine": 1}, "refine")):
        with pytest.raises(EngineOptionError) as info:
            engine.check_options(options)
        assert info.value.option == fault, options
    engine.check_options({"steps": 3, "refine": True, "strength": 0.5, "window": 4, "overlap": 3})


def test_end_to_end_through_the_server_with_the_tiny_trained_checkpoint(tmp_path, head, monkeypatch):
    size = 32
    track = random_track(head, 3, np.random.default_rng(2))
    request = SubmitRender(idempotency_key="diffusion-1", engine="diffusion", resolution=(size, size), track=track,
                           views=tuple(ring_of_views(2, size)), reference=Blob("png", reference_png()),
                           options={"steps": 3, "window": 3, "overlap": 1})
    monkeypatch.setenv(CHECKPOINT_ENV, "tiny")
    registry = Registry(engines={"diffusion": "backend.engines.diffusion:DiffusionEngine"})
    with running_server(tmp_path / "a", registry=registry, engines=None) as server:
        with Client(server.connection) as client:
            accepted = client.submit_render(request).result(30)
            client.subscribe(accepted.job_id)
            frames, final = collect(client, accepted.job_id, timeout=60)
    assert final.state == "completed" and final.done == 6
    for frame in frames:
        image = cv2.imdecode(np.frombuffer(frame.image.data, np.uint8), cv2.IMREAD_COLOR)
        assert image.shape == (size, size, 3) and image.std() > 2

    # A server without weights names the engine but refuses its jobs, saying why.
    monkeypatch.delenv(CHECKPOINT_ENV, raising=False)
    registry = Registry(engines={"diffusion": "backend.engines.diffusion.engine:DiffusionEngine"})
    with running_server(tmp_path / "b", registry=registry, engines=None) as server:
        with Client(server.connection) as client:
            answer = client.submit_render(request).result(30)
    assert isinstance(answer, Rejected) and answer.code == "unavailable" and answer.field == "engine"
    assert CHECKPOINT_ENV in answer.message


@pytest.mark.slow
@pytest.mark.mediapipe
def test_refine_at_strength_zero_returns_the_warp_frames(head):
    pytest.importorskip("mediapipe")
    from skimage.data import astronaut

    from backend.engines.diffusion.engine import TINY_CHECKPOINT
    engine = DiffusionEngine(DiffusionSettings(TINY_CHECKPOINT))
    track = random_track(head, 3, np.random.default_rng(7))
    views = tuple(ring_of_views(2, 32, distance=0.9))
    png = cv2.imencode(".png", astronaut()[..., ::-1])[1].tobytes()
    results = {}
    for strength in (0.0, 0.4):
        job = RenderRequest("diffusion", track, views, png, (32, 32),
                            {"steps": 5, "window": 3, "overlap": 1, "refine": True, "strength": strength})
        plan = engine.prepare(job, threading.Event())
        results[strength] = np.stack([engine.render_frame(plan, v, f) for v in range(2) for f in range(3)])
    warp = engine.warp_engine()
    plan = warp.prepare(RenderRequest("warp", track, views, png, (32, 32), {}), threading.Event())
    frames = np.stack([warp.render_frame(plan, v, f) for v in range(2) for f in range(3)])
    assert np.array_equal(results[0.0], frames)
    assert not np.array_equal(results[0.4], frames)
