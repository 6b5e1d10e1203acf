"""protocols.tracks: validation, accessors, npz and wire-array round trips."""

from __future__ import annotations

import json
import math
import zipfile

import numpy as np
import pytest

from protocols import POSE_SLICES, HeadModelId, HeadModelMismatch, Track, TrackError
from protocols.tracks import MAX_FRAMES, NPZ_FORMAT, NPZ_KEYS

HEAD = HeadModelId("open-head", "a" * 64, "open-1")
OTHER_HEAD = HeadModelId("flame2020", "b" * 64, "2020")


def random_track(num_frames: int = 12, n_expr: int = 50, n_shape: int = 100, seed: int = 0, **kw) -> Track:
    rng = np.random.default_rng(seed)
    fields = dict(
        pose=rng.normal(0, 0.3, (num_frames, 15)),
        expression=rng.normal(0, 1, (num_frames, n_expr)),
        eyelids=rng.uniform(0, 1, (num_frames, 2)),
        translation=rng.normal(0, 0.05, (num_frames, 3)),
        shape=rng.normal(0, 1, (n_shape,)),
        fps=30.0, first_frame=-5, head_model=HEAD)
    fields.update(kw)
    return Track(**fields)


def fields_of(track: Track) -> dict:
    return dict(pose=track.pose, expression=track.expression, eyelids=track.eyelids,
                translation=track.translation, shape=track.shape, fps=track.fps,
                first_frame=track.first_frame, head_model=track.head_model)


# ------------------------------------------------------------------ good input


def test_arrays_become_readonly_float32_copies():
    pose = np.zeros((4, 15), np.float64)
    track = Track(pose=pose, expression=np.zeros((4, 10), np.int64), eyelids=np.zeros((4, 2)),
                  translation=np.zeros((4, 3)), shape=np.zeros(20), fps=24, first_frame=np.int64(7),
                  head_model=HEAD)
    for name in ("pose", "expression", "eyelids", "translation", "shape"):
        arr = getattr(track, name)
        assert arr.dtype == np.float32 and arr.flags.c_contiguous and not arr.flags.writeable
    pose[0, 0] = 1.0
    assert track.pose[0, 0] == 0.0
    assert isinstance(track.fps, float) and track.fps == 24.0
    assert type(track.first_frame) is int and track.first_frame == 7
    with pytest.raises(ValueError):
        track.pose[0, 0] = 1.0


def test_non_contiguous_input_is_made_contiguous():
    big = np.zeros((6, 30), np.float32)
    track = random_track(6, pose=big[:, ::2])
    assert track.pose.flags.c_contiguous and track.pose.shape == (6, 15)


def test_pose_accessors_follow_smplx_order():
    track = random_track()
    assert list(POSE_SLICES) == ["global", "neck", "jaw", "eye_left", "eye_right"]
    np.testing.assert_array_equal(track.global_pose, track.pose[:, 0:3])
    np.testing.assert_array_equal(track.neck_pose, track.pose[:, 3:6])
    np.testing.assert_array_equal(track.jaw_pose, track.pose[:, 6:9])
    np.testing.assert_array_equal(track.eye_left_pose, track.pose[:, 9:12])
    np.testing.assert_array_equal(track.eye_right_pose, track.pose[:, 12:15])
    assert np.shares_memory(track.jaw_pose, track.pose)
    assert track.num_frames == 12 and track.num_expression == 50 and track.num_shape == 100
    assert track.last_frame == -5 + 11
    np.testing.assert_array_equal(track.frame_numbers(), np.arange(-5, 7))


def test_neutral():
    track = Track.neutral(3, HEAD, n_expr=0, n_shape=0)
    assert track.pose.shape == (3, 15) and track.expression.shape == (3, 0) and track.shape.shape == (0,)
    assert track.fps == 25.0 and track.first_frame == 1
    full = Track.neutral(2, HEAD)
    assert full.expression.shape == (2, 100) and full.shape.shape == (300,)
    assert not full.pose.any() and not full.eyelids.any()
    with pytest.raises(TrackError, match="expression"):
        Track.neutral(2, HEAD, n_expr=101)
    with pytest.raises(TrackError, match="num_frames"):
        Track.neutral(0, HEAD)


def test_eyelids_within_tolerance_are_clipped():
    eyelids = np.array([[-5e-4, 1.0005], [0.5, 0.25]])
    track = random_track(2, eyelids=eyelids)
    np.testing.assert_array_equal(track.eyelids, np.array([[0.0, 1.0], [0.5, 0.25]], np.float32))


def test_extreme_but_valid_values():
    track = random_track(1, n_expr=100, n_shape=300, fps=240, first_frame=-1_000_000)
    assert track.num_frames == 1
    assert random_track(1, fps=1, first_frame=1_000_000).first_frame == 1_000_000
    pose = np.zeros((1, 15))
    pose[0, 0] = 4 * math.pi - 1e-3
    random_track(1, pose=pose)


def test_slice_adjusts_first_frame():
    track = random_track(10)
    part = track.slice(3, 7)
    assert part.num_frames == 4 and part.first_frame == track.first_frame + 3
    np.testing.assert_array_equal(part.pose, track.pose[3:7])
    np.testing.assert_array_equal(part.shape, track.shape)
    tail = track.slice(-2)
    assert tail.num_frames == 2 and tail.first_frame == track.first_frame + 8
    with pytest.raises(TrackError, match="empty"):
        track.slice(5, 5)


def test_concatenate_and_with_fields():
    track = random_track(10)
    joined = Track.concatenate([track.slice(0, 4), track.slice(4)])
    assert joined == track
    changed = track.with_fields(fps=50, first_frame=0)
    assert changed.fps == 50.0 and changed.first_frame == 0 and changed != track
    with pytest.raises(TrackError, match="fps"):
        track.with_fields(fps=0.5)
    with pytest.raises(TrackError, match="unknown field"):
        track.with_fields(poses=track.pose)
    with pytest.raises(HeadModelMismatch):
        Track.concatenate([track, track.with_fields(head_model=OTHER_HEAD)])
    with pytest.raises(TrackError, match="fps"):
        Track.concatenate([track, track.with_fields(fps=25)])
    with pytest.raises(TrackError, match="shape"):
        Track.concatenate([track, track.with_fields(shape=track.shape + 1)])
    with pytest.raises(TrackError, match="expression"):
        Track.concatenate([track, track.with_fields(expression=track.expression[:, :10])])


def test_check_head():
    track = random_track()
    track.check_head(HeadModelId("renamed", HEAD.sha256, "open-1"))
    with pytest.raises(HeadModelMismatch, match="flame2020"):
        track.check_head(OTHER_HEAD)


def test_npz_round_trip(tmp_path):
    track = random_track(seed=3)
    path = track.save_npz(tmp_path / "take.npz")
    assert path == tmp_path / "take.npz"
    assert [p.name for p in tmp_path.iterdir()] == ["take.npz"]  # no temp file left behind
    loaded = Track.load_npz(path)
    assert loaded == track
    assert loaded.head_model == HEAD
    with np.load(path, allow_pickle=False) as npz:
        assert sorted(npz.files) == sorted(NPZ_KEYS)
        assert str(npz["format"]) == NPZ_FORMAT
        assert npz["pose"].shape == (12, 15)


def test_npz_overwrite_is_atomic_replace(tmp_path):
    path = tmp_path / "take.npz"
    random_track(seed=1).save_npz(path)
    second = random_track(seed=2)
    second.save_npz(path)
    assert Track.load_npz(path) == second
    assert [p.name for p in tmp_path.iterdir()] == ["take.npz"]


def test_wire_arrays_round_trip():
    track = random_track(seed=4)
    arrays, meta = track.to_arrays(), track.meta()
    assert set(arrays) == {"pose", "expression", "eyelids", "translation", "shape"}
    # What a wire format does: raw bytes plus dtype and shape, rebuilt with frombuffer.
    rebuilt = {k: np.frombuffer(v.tobytes(), dtype=v.dtype).reshape(v.shape) for k, v in arrays.items()}
    meta = json.loads(json.dumps(meta))
    assert Track.from_arrays(rebuilt, meta) == track
    with pytest.raises(TrackError, match="'eyelids'"):
        Track.from_arrays({k: v for k, v in arrays.items() if k != "eyelids"}, meta)
    with pytest.raises(TrackError, match="'first_frame'"):
        Track.from_arrays(arrays, {k: v for k, v in meta.items() if k != "first_frame"})
    with pytest.raises(TrackError, match="unexpected"):
        Track.from_arrays({**arrays, "extra": np.zeros(1)}, meta)
    with pytest.raises(TrackError, match="format"):
        Track.from_arrays(arrays, {**meta, "format": "other/9"})
    with pytest.raises(TrackError, match="sha256"):
        Track.from_arrays(arrays, {**meta, "head_model": {"name": "x", "flame_version": "2020"}})


# ------------------------------------------------------------------- bad input


@pytest.mark.parametrize("field, value, pattern", [
    ("pose", np.zeros((12, 14)), r"Track\.pose: shape"),
    ("pose", np.zeros((12, 5, 3)), r"Track\.pose: shape"),
    ("expression", np.zeros((11, 50)), r"Track\.expression: has 11 frames"),
    ("expression", np.zeros(12), r"Track\.expression: shape"),
    ("expression", np.zeros((12, 101)), r"Track\.expression: 101 components"),
    ("eyelids", np.zeros((12, 3)), r"Track\.eyelids: shape"),
    ("translation", np.zeros((12, 2)), r"Track\.translation: shape"),
    ("shape", np.zeros((1, 10)), r"Track\.shape: shape"),
    ("shape", np.zeros(301), r"Track\.shape: 301 components"),
])
def test_wrong_shapes(field, value, pattern):
    with pytest.raises(TrackError, match=pattern):
        random_track(**{field: value})


def test_zero_and_absurd_frame_counts():
    with pytest.raises(TrackError, match=r"T = 0"):
        Track(**{**fields_of(Track.neutral(1, HEAD)), "pose": np.zeros((0, 15)),
                 "expression": np.zeros((0, 100)), "eyelids": np.zeros((0, 2)),
                 "translation": np.zeros((0, 3))})
    t = MAX_FRAMES + 1
    with pytest.raises(TrackError, match=r"Track\.pose: 100001 frames"):
        Track(pose=np.zeros((t, 15), np.float32), expression=np.zeros((t, 0), np.float32),
              eyelids=np.zeros((t, 2), np.float32), translation=np.zeros((t, 3), np.float32),
              shape=np.zeros(0), fps=25, first_frame=1, head_model=HEAD)
    with pytest.raises(TrackError, match="limit"):
        Track.neutral(MAX_FRAMES + 1, HEAD)


@pytest.mark.parametrize("field", ["pose", "expression", "eyelids", "translation"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_values_name_field_and_frame(field, bad):
    track = random_track(8)
    arr = np.array(getattr(track, field), dtype=np.float64)
    arr[5, 1] = bad
    with pytest.raises(TrackError, match=rf"Track\.{field}: .*NaN or infinity at frame index 5"):
        random_track(8, **{field: arr})


def test_non_finite_shape_and_float32_overflow():
    shape = np.zeros(100)
    shape[7] = np.nan
    with pytest.raises(TrackError, match=r"Track\.shape: .*index 7"):
        random_track(shape=shape)
    translation = np.zeros((12, 3))
    translation[2, 0] = 1e300
    with pytest.raises(TrackError, match=r"Track\.translation: .*too large for float32 at frame index 2"):
        random_track(translation=translation)


@pytest.mark.parametrize("value, kind", [
    (np.zeros((12, 15), dtype=object), "object"),
    (np.zeros((12, 15), dtype=complex), "complex"),
    (np.zeros((12, 15), dtype=bool), "bool"),
    (np.full((12, 15), "0"), "str"),
    ([[0.0] * 15] * 11 + [[0.0] * 14], "ragged"),
])
def test_non_real_dtypes_are_refused(value, kind):
    with pytest.raises(TrackError, match=r"Track\.pose"):
        random_track(pose=value)


def test_eyelids_out_of_range():
    eyelids = np.full((12, 2), 0.5)
    eyelids[4, 1] = 1.2
    with pytest.raises(TrackError, match=r"Track\.eyelids: .*frame index 4 .*outside \[0, 1\]"):
        random_track(eyelids=eyelids)
    eyelids[4, 1] = -0.01
    with pytest.raises(TrackError, match=r"Track\.eyelids"):
        random_track(eyelids=eyelids)


def test_rotation_magnitude_limit_names_joint():
    pose = np.zeros((12, 15))
    pose[3, POSE_SLICES["jaw"]] = [0.0, 0.0, 30.0]  # degrees fed as radians
    with pytest.raises(TrackError, match=r"Track\.pose: jaw rotation at frame index 3"):
        random_track(pose=pose)


@pytest.mark.parametrize("fps", [0, 0.5, 241, float("nan"), float("inf"), -25, True, "25", None])
def test_fps_out_of_range_or_wrong_type(fps):
    with pytest.raises(TrackError, match=r"Track\.fps"):
        random_track(fps=fps)


@pytest.mark.parametrize("first_frame", [1.5, 1.0, "1", True, None, 1_000_001, -1_000_001])
def test_bad_first_frame(first_frame):
    with pytest.raises(TrackError, match=r"Track\.first_frame"):
        random_track(first_frame=first_frame)


def test_bad_head_model():
    with pytest.raises(TrackError, match=r"Track\.head_model"):
        random_track(head_model={"name": "x", "sha256": "a" * 64, "flame_version": "2020"})


# ------------------------------------------------------------------ bad files


def _write_npz(path, **arrays):
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)


def _payload(track: Track) -> dict:
    payload = dict(track.to_arrays())
    payload.update(fps=np.float64(track.fps), first_frame=np.int64(track.first_frame),
                   head_model_name=np.str_(HEAD.name), head_model_sha256=np.str_(HEAD.sha256),
                   flame_version=np.str_(HEAD.flame_version), format=np.str_(NPZ_FORMAT))
    return payload


@pytest.mark.parametrize("missing", list(NPZ_KEYS))
def test_missing_npz_key_is_named(tmp_path, missing):
    payload = _payload(random_track())
    del payload[missing]
    path = tmp_path / "t.npz"
    _write_npz(path, **payload)
    with pytest.raises(TrackError, match=f"missing key '{missing}'"):
        Track.load_npz(path)


def test_wrong_format_tag(tmp_path):
    path = tmp_path / "t.npz"
    _write_npz(path, **{**_payload(random_track()), "format": np.str_("something/2")})
    with pytest.raises(TrackError, match="'format'"):
        Track.load_npz(path)


class _Boom:
    """Unpickling this creates a marker file; loading a track must never get that far."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_pickled_object_array_is_refused_not_unpickled(tmp_path):
    path = tmp_path / "evil.npz"
    marker = tmp_path / "unpickled"
    payload = _payload(random_track())
    payload["expression"] = np.array([_Boom(marker)] * 3, dtype=object)
    _write_npz(path, **payload)
    with pytest.raises(TrackError, match="'expression' holds Python objects"):
        Track.load_npz(path)
    assert not marker.exists()
    # The payload really is live: numpy would run it if pickles were allowed.
    with np.load(path, allow_pickle=True) as npz:
        npz["expression"]
    assert marker.exists()


def test_pickled_head_name_is_refused(tmp_path):
    path = tmp_path / "evil.npz"
    payload = _payload(random_track())
    payload["head_model_name"] = np.array({"name": "x"}, dtype=object)
    _write_npz(path, **payload)
    with pytest.raises(TrackError, match="'head_model_name' holds Python objects"):
        Track.load_npz(path)


def test_bad_values_in_file_are_validated(tmp_path):
    payload = _payload(random_track())
    payload["eyelids"] = np.full((12, 2), 3.0)
    path = tmp_path / "t.npz"
    _write_npz(path, **payload)
    with pytest.raises(TrackError, match=r"Track\.eyelids"):
        Track.load_npz(path)
    _write_npz(path, **{**_payload(random_track()), "head_model_sha256": np.str_("nothex")})
    with pytest.raises(TrackError, match="head model"):
        Track.load_npz(path)
    _write_npz(path, **{**_payload(random_track()), "fps": np.array([25.0, 30.0])})
    with pytest.raises(TrackError, match="'fps' must be a scalar"):
        Track.load_npz(path)
    _write_npz(path, **{**_payload(random_track()), "flame_version": np.float64(2020)})
    with pytest.raises(TrackError, match="'flame_version' must be a text scalar"):
        Track.load_npz(path)


def test_not_an_npz(tmp_path):
    path = tmp_path / "t.npz"
    path.write_bytes(b"not a zip file at all")
    with pytest.raises(TrackError, match="not a .npz archive"):
        Track.load_npz(path)
    single = tmp_path / "single.npy"
    np.save(single, np.zeros(3))
    with pytest.raises(TrackError, match="single array"):
        Track.load_npz(single)
    with zipfile.ZipFile(tmp_path / "empty.npz", "w"):
        pass
    with pytest.raises(TrackError, match="missing key 'pose'"):
        Track.load_npz(tmp_path / "empty.npz")
    with pytest.raises(FileNotFoundError):
        Track.load_npz(tmp_path / "nope.npz")


def test_damaged_track_files_say_what_to_do_and_never_suggest_unpickling(tmp_path):
    good = tmp_path / "good.npz"
    random_track().save_npz(good)
    data = good.read_bytes()
    middle = len(data) // 2
    damaged = {
        "garbage": b"\x80\x04K\x01." + b"junk" * 50,        # what numpy would try to unpickle
        "empty": b"",
        "truncated": data[:middle],
        "bit rot": data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 64]) + data[middle + 64:],
    }
    for what, content in damaged.items():
        path = tmp_path / f"{what}.npz"
        path.write_bytes(content)
        with pytest.raises(TrackError) as caught:
            Track.load_npz(path)
        message = str(caught.value)
        assert str(path) in message and "export the track again" in message, (what, message)
        assert "pickle" not in message and "unsafe" not in message, (what, message)
