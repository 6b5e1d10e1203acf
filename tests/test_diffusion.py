"""The diffusion engine (FLAME2Video on diffusers) at tiny sizes on CPU."""

from __future__ import annotations

import dataclasses
import json
import shutil

import cv2
import numpy as np
import pytest
import torch

pytest.importorskip("diffusers")

from backend.engines.diffusion.checkpoint import CheckpointError, load_checkpoint, save_checkpoint  # noqa: E402
from backend.engines.diffusion.conditions import CONDITION_CHANNELS, ConditionRenderer  # noqa: E402
from backend.engines.diffusion.dataset import (ClipDataset, add_video_clip, build_preview_dataset,  # noqa: E402
                                              random_track, ring_of_views)
from backend.engines.diffusion.model import FlameToVideo, FlameToVideoConfig, new_parts  # noqa: E402
from backend.engines.diffusion.pipeline import (FlameToVideoPipeline, SamplingConfig, window_starts,  # noqa: E402
                                                window_weights)
from protocols.tracks import Track  # noqa: E402
from protocols.views import load_views_json  # noqa: E402
from backend.engines.diffusion.training import PhaseConfig, TrainConfig, Trainer, build_model, phase_loss  # noqa: E402

SIZE = 16
CONFIG = FlameToVideoConfig(image_size=SIZE)


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def make_model(seed: int = 0, active: bool = True) -> FlameToVideo:
    """A tiny random model. `active` randomises the layers that start at zero (FLAME encoder output, motion and
    view module projections), so conditions, frames and views all influence each other as after training."""
    torch.manual_seed(seed)
    model = FlameToVideo(**new_parts(CONFIG)).eval()
    if active:
        for name, param in model.named_parameters():
            if "proj_out" in name or "flame_encoder.conv_out" in name:
                torch.nn.init.normal_(param, std=0.2)
    return model


def inputs(B=1, V=2, F=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    h = SIZE // 2
    return (torch.randn(B, V, F, 4, h, h, generator=g), torch.rand(B, V, F, CONDITION_CHANNELS, SIZE, SIZE, generator=g),
            torch.randn(B, 4, h, h, generator=g))


@pytest.fixture(scope="module")
def head():
    from flame_assets.library import load_head
    return load_head("open")


# ---------------------------------------------------------------------------------------------- shapes


def test_shapes_through_every_module(head):
    model = make_model()
    views = ring_of_views(3, SIZE)
    conditions = ConditionRenderer(head).render(random_track(head, 4, np.random.default_rng(0)), views)
    assert conditions.shape == (3, 4, CONDITION_CHANNELS, SIZE, SIZE)
    assert 0 <= conditions.min() and conditions.max() <= 1 and conditions[:, :, 0].max() > 0.2  # the head shows
    with torch.no_grad():
        images = torch.rand(5, 3, SIZE, SIZE) * 2 - 1
        latents = model.encode_images(images)
        assert latents.shape == (5, 4, SIZE // 2, SIZE // 2)
        assert model.decode_latents(latents).shape == (5, 3, SIZE, SIZE)
        guidance = model.guidance(conditions[None])
        assert guidance.shape == (1, 3, 4, 4, SIZE // 2, SIZE // 2)
        context = model.reference_context(latents[:1])
        assert context.tokens.shape == (1, CONFIG.image_tokens_grid ** 2, CONFIG.cross_attention_dim)
        self_attention = [n for n in model.reference_unet.attn_processors if n.endswith("attn1.processor")]
        assert sorted(context.features) == sorted(self_attention) and len(self_attention) >= 3
        noisy = torch.randn(1, 3, 4, 4, SIZE // 2, SIZE // 2)
        out = model.denoise(noisy, torch.tensor([500]), guidance, context)
    assert out.shape == noisy.shape and torch.isfinite(out).all()


def test_reference_features_reach_the_denoising_unet():
    model = make_model()
    noisy, conditions, reference = inputs()
    with torch.no_grad():
        guidance = model.guidance(conditions)
        a = model.denoise(noisy, torch.tensor([300]), guidance, model.reference_context(reference))
        b = model.denoise(noisy, torch.tensor([300]), guidance, model.reference_context(reference + 1.0))
    assert (a - b).abs().max() > 1e-4


# ---------------------------------------------------------------------------------------------- views


def test_view_attention_mixes_views():
    model = make_model()
    noisy, conditions, reference = inputs(V=3)
    changed = conditions.clone()
    changed[:, 0] = torch.rand_like(changed[:, 0])  # only view 0's FLAME render changes

    def predict(conds, views_enabled):
        model.views_enabled = views_enabled
        with torch.no_grad():
            return model.denoise(noisy, torch.tensor([400]), model.guidance(conds), model.reference_context(reference))

    base, moved = predict(conditions, True), predict(changed, True)
    assert (base[:, 0] - moved[:, 0]).abs().max() > 1e-3
    assert (base[:, 1:] - moved[:, 1:]).abs().max() > 1e-4       # the other views see the change
    base, moved = predict(conditions, False), predict(changed, False)
    assert torch.allclose(base[:, 1:], moved[:, 1:], atol=1e-6)  # without the view module they do not


def test_any_number_of_views_and_frames():
    model = make_model()
    for V, F in ((1, 1), (4, 2), (2, 5)):
        noisy, conditions, reference = inputs(V=V, F=F)
        with torch.no_grad():
            out = model.denoise(noisy, torch.tensor([10]), model.guidance(conditions), model.reference_context(reference))
        assert out.shape == noisy.shape


# ---------------------------------------------------------------------------------------------- windows


def test_windows_cover_the_clip_and_blend_smoothly():
    for n, window, overlap in ((5, 8, 2), (8, 8, 2), (9, 4, 2), (23, 8, 3), (10, 4, 0)):
        starts = window_starts(n, window, overlap)
        length = min(window, n)
        covered = np.zeros(n, int)
        for s in starts:
            covered[s:s + length] += 1
        assert covered.min() >= 1 and starts[0] == 0 and starts[-1] + length == n
        assert all(b - a <= window - overlap for a, b in zip(starts, starts[1:]))
    w = window_weights(8, 3)
    assert (w > 0).all() and w[0] < w[1] < w[2] < w[3] == 1 and torch.equal(w, w.flip(0))


def _reference_and_conditions(V, F, seed=0):
    rng = np.random.default_rng(seed)
    reference = rng.integers(0, 255, (SIZE, SIZE, 3), dtype=np.uint8)
    return reference, torch.from_numpy(rng.random((V, F, CONDITION_CHANNELS, SIZE, SIZE), dtype=np.float32))


def test_windows_stitch_without_seams():
    # With frame-local modules (motion and view modules at their zero start) every frame's prediction is
    # the same in whichever window it sits, so overlapping windows must reproduce the one-pass clip exactly:
    # any misplaced window or wrong blend weight shows up as a seam.
    pipe = FlameToVideoPipeline(make_model(active=False))
    reference, conditions = _reference_and_conditions(2, 11)
    one_pass = pipe(reference, conditions, SamplingConfig(steps=3, window=11, overlap=0))
    windowed = pipe(reference, conditions, SamplingConfig(steps=3, window=4, overlap=2))
    assert np.abs(one_pass.astype(int) - windowed.astype(int)).max() <= 1


def test_windows_are_denoised_jointly():
    # With active motion modules, a change to the first frame's condition reaches frames beyond the first
    # window through the overlaps, because all windows share every denoising step; windows that do not
    # overlap stay independent.
    pipe = FlameToVideoPipeline(make_model())
    reference, conditions = _reference_and_conditions(1, 10)
    changed = conditions.clone()
    changed[:, 0] = 1.0 - changed[:, 0]
    assert window_starts(10, 4, 2) == [0, 2, 4, 6]

    def change(overlap):
        config = SamplingConfig(steps=4, window=4, overlap=overlap)
        base, moved = (pipe.sample_latents(reference, c, config) for c in (conditions, changed))
        return [float((base[:, :, f] - moved[:, :, f]).abs().max()) for f in range(10)]

    joint, separate = change(2), change(0)
    assert joint[0] > 1e-2 and joint[5] > 1e-6
    assert separate[0] > 1e-2 and max(separate[4:]) == 0.0


# ---------------------------------------------------------------------------------------------- refine


def test_refine_keeps_the_input_at_strength_zero():
    pipe = FlameToVideoPipeline(make_model())
    reference, conditions = _reference_and_conditions(2, 3)
    init = np.random.default_rng(1).integers(0, 255, (2, 3, SIZE, SIZE, 3), dtype=np.uint8)
    kept = pipe(reference, conditions, SamplingConfig(steps=4, window=4, overlap=1, strength=0.0), init_frames=init)
    assert kept.dtype == np.uint8 and np.array_equal(kept, init)
    refined = pipe(reference, conditions, SamplingConfig(steps=4, window=4, overlap=1, strength=0.6), init_frames=init)
    assert refined.shape == init.shape and not np.array_equal(refined, init)
    with pytest.raises(ValueError, match="init_frames"):
        pipe(reference, conditions, SamplingConfig(steps=2, strength=0.5), init_frames=init[:, :2])


# ---------------------------------------------------------------------------------------------- checkpoints


def test_save_load_round_trip(tmp_path):
    model = make_model()
    save_checkpoint(model, tmp_path / "ckpt", {"image_size": [SIZE, SIZE]})
    loaded, extra = load_checkpoint(tmp_path / "ckpt")
    assert extra == {"image_size": [SIZE, SIZE]}
    noisy, conditions, reference = inputs()
    with torch.no_grad():
        a = model.denoise(noisy, torch.tensor([99]), model.guidance(conditions), model.reference_context(reference))
        b = loaded.denoise(noisy, torch.tensor([99]), loaded.guidance(conditions), loaded.reference_context(reference))
    assert torch.equal(a, b)
    index = json.loads((tmp_path / "ckpt" / "model_index.json").read_text())
    assert index["denoising_unet"] == ["diffusers", "UNetMotionModel"]
    assert (tmp_path / "ckpt" / "view_module" / "diffusion_pytorch_model.safetensors").is_file()


def test_broken_checkpoints_are_refused_with_the_reason(tmp_path):
    with pytest.raises(CheckpointError, match="model_index.json"):
        load_checkpoint(tmp_path)
    save_checkpoint(make_model(), tmp_path / "a")
    shutil.rmtree(tmp_path / "a" / "view_module")
    with pytest.raises(CheckpointError, match="view_module/config.json"):
        load_checkpoint(tmp_path / "a")
    # Weights of one size under the config of another.
    save_checkpoint(make_model(), tmp_path / "b")
    other = FlameToVideo(**new_parts(FlameToVideoConfig(image_size=SIZE, unet_channels=(8, 16))))
    other.reference_unet.save_pretrained(tmp_path / "c")
    shutil.copy(tmp_path / "c" / "diffusion_pytorch_model.safetensors",
                tmp_path / "b" / "reference_unet" / "diffusion_pytorch_model.safetensors")
    with pytest.raises(CheckpointError, match="reference_unet.*wrong shape"):
        load_checkpoint(tmp_path / "b")


# ---------------------------------------------------------------------------------------------- training


@pytest.fixture(scope="module")
def tiny_dataset(tmp_path_factory, head):
    root = tmp_path_factory.mktemp("dataset")
    build_preview_dataset(root, head, n_clips=2, n_frames=4, n_views=2, size=SIZE, seed=0)
    return root


def test_dataset_folder_layout(tiny_dataset, head, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(tiny_dataset, root)
    # A clip from multi-view videos (here: the first clip's frames written as MP4s) and its track.
    first = ClipDataset(root).clips[0]
    videos = []
    for v in range(2):
        path = tmp_path / f"cam{v}.avi"
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25, (SIZE * 2, SIZE * 2))
        for frame in first.frames[v]:
            writer.write(cv2.resize(frame[..., ::-1], (SIZE * 2, SIZE * 2)))
        writer.release()
        videos.append(path)
    views = load_views_json(root / "clip_0000" / "views.json")
    add_video_clip(root, "from_video", videos, views, Track.load_npz(root / "clip_0000" / "track.npz"), head)
    dataset = ClipDataset(root)
    assert [c.name for c in dataset.clips] == ["clip_0000", "clip_0001", "from_video"]
    assert np.abs(dataset.clips[2].frames.astype(int) - first.frames.astype(int)).mean() < 20
    assert np.array_equal(dataset.clips[2].conditions, first.conditions)
    assert dataset.clips[2].reference.shape == (SIZE, SIZE, 3)
    assert dataset.size == (SIZE, SIZE)
    assert (root / "clip_0000" / "frames" / "01_cam1" / "000003.png").is_file()
    batch = dataset.sample(2, 2, 3, np.random.default_rng(0))
    assert batch["frames"].shape == (2, 2, 3, 3, SIZE, SIZE)
    assert batch["conditions"].shape == (2, 2, 3, CONDITION_CHANNELS, SIZE, SIZE)
    assert batch["reference"].shape == (2, 3, SIZE, SIZE)


def test_training_lowers_the_loss_and_resumes(tiny_dataset, tmp_path):
    dataset = ClipDataset(tiny_dataset)
    batch = dataset.sample(4, 1, 1, np.random.default_rng(123))

    def held_out_loss(model):
        with torch.no_grad():
            return float(np.mean([phase_loss(model, "spatial", batch, torch.Generator().manual_seed(s))
                                  for s in range(4)]))

    config = TrainConfig(dataset=tiny_dataset, output=tmp_path / "run", model=CONFIG, checkpoint_every=5,
                         log_every=5, phases=(PhaseConfig("spatial", 30, 2e-3, batch_size=4),
                                              PhaseConfig("motion", 2, 1e-3, frames=3)))
    torch.manual_seed(0)
    initial = build_model(config)
    save_checkpoint(initial, tmp_path / "init")
    before = held_out_loss(initial)
    config = dataclasses.replace(config, init=tmp_path / "init")
    checkpoint = Trainer(config).run()
    after = held_out_loss(load_checkpoint(checkpoint)[0])
    assert after < 0.8 * before, (before, after)
    log = [json.loads(line) for line in (tmp_path / "run" / "log.jsonl").read_text().splitlines()]
    assert [r["phase"] for r in log].count("motion") == 1 and log[-1]["step"] == 2

    # Resume: a run cut after its first phase's checkpoint goes on with the next phase.
    resumed = dataclasses.replace(config, resume=True,
                                  phases=config.phases + (PhaseConfig("view", 1, 1e-3, frames=2, views=2),))
    Trainer(resumed).run()
    log = [json.loads(line) for line in (tmp_path / "run" / "log.jsonl").read_text().splitlines()]
    assert log[-1]["phase"] == "view" and [r["phase"] for r in log].count("spatial") == 6


def test_memory_options_do_not_change_the_frames():
    reference, conditions = _reference_and_conditions(2, 3)
    config = SamplingConfig(steps=2, window=3, overlap=1)
    plain = FlameToVideoPipeline(make_model())(reference, conditions, config)
    lean = FlameToVideoPipeline(make_model())
    lean.enable_attention_slicing(1)
    lean.enable_vae_chunked_decode(1)
    lean.enable_model_cpu_offload()  # nothing to offload to on a CPU-only run
    assert np.abs(lean(reference, conditions, config).astype(int) - plain.astype(int)).max() <= 1
