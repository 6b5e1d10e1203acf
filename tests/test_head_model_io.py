"""Head-model files: round trip, integrity and clear errors for bad files."""

from __future__ import annotations

import dataclasses
import zipfile

import numpy as np
import pytest

from flame_assets.head_model import HeadModel, HeadModelError
from flame_assets.library import OPEN_HEAD_PATH, load_head


@pytest.fixture(scope="module")
def head():
    return load_head("open")


def test_round_trip_keeps_every_array_and_the_id(head, tmp_path):
    path = head.save(tmp_path / "h.npz")
    back = HeadModel.load(path)
    assert back.model_id == head.model_id
    assert back.expression_names == head.expression_names
    for key in ("v_template", "shapedirs", "posedirs", "J_regressor", "weights", "f", "eyelid_dirs", "vt", "ft"):
        assert np.array_equal(getattr(back, key), getattr(head, key)), key
    assert set(back.landmarks) == set(head.landmarks) and set(back.masks) == set(head.masks)


def test_the_id_is_the_sha256_of_the_arrays(head):
    assert head.model_id.sha256 == head.sha256()
    changed = dataclasses.replace(head, v_template=head.v_template + np.float32(1e-4))
    assert changed.sha256() != head.sha256()


def test_tampered_file_is_refused(head, tmp_path):
    path = head.save(tmp_path / "h.npz")
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["v_template"] = arrays["v_template"] + np.float32(0.001)
    np.savez(tmp_path / "t.npz", **arrays)
    with pytest.raises(HeadModelError, match="corrupt"):
        HeadModel.load(tmp_path / "t.npz")


@pytest.mark.parametrize("bad", ["not_a_zip", "truncated", "no_header", "missing_array", "pickled_object"])
def test_bad_files_get_clear_errors(head, tmp_path, bad):
    src = head.save(tmp_path / "h.npz")
    path = tmp_path / f"{bad}.npz"
    if bad == "not_a_zip":
        path.write_text("hello")
    elif bad == "truncated":
        path.write_bytes(src.read_bytes()[:5000])
    else:
        with np.load(src) as data:
            arrays = {k: data[k] for k in data.files}
        if bad == "no_header":
            arrays.pop("header_json")
        elif bad == "missing_array":
            arrays.pop("posedirs")
        else:
            arrays["f"] = np.array([object()], dtype=object)
        np.savez(path, **arrays)
    with pytest.raises(HeadModelError):
        HeadModel.load(path)


def test_wrong_shapes_and_nan_are_refused(head):
    with pytest.raises(HeadModelError, match="posedirs"):
        dataclasses.replace(head, posedirs=head.posedirs[:, :, :30])
    bad = head.shapedirs.copy()
    bad[0, 0, 0] = np.nan
    with pytest.raises(HeadModelError, match="shapedirs holds NaN"):
        dataclasses.replace(head, shapedirs=bad)
    with pytest.raises(HeadModelError, match="kintree"):
        dataclasses.replace(head, kintree_table=np.array([[-1, 0, 0, 0, 0], [0, 1, 2, 3, 4]]))
    with pytest.raises(HeadModelError, match="f indexes"):
        dataclasses.replace(head, f=head.f + 10_000)


def test_load_head_errors_name_the_problem(tmp_path):
    with pytest.raises(HeadModelError, match="does not exist"):
        load_head(tmp_path / "nope.npz")


def test_the_shipped_open_head_is_a_zip_of_plain_arrays():
    with zipfile.ZipFile(OPEN_HEAD_PATH) as z:
        assert all(n.endswith(".npy") for n in z.namelist())
