"""FLAME import: restricted unpickling of chumpy-era pickles, conversion, caching and the CLI."""

from __future__ import annotations

import contextlib
import io
import pickle
import struct
import sys
import types
import weakref
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest
import scipy.sparse as sp

from backend.cli import main
from flame_assets import flame_import as fi
from flame_assets.head_model import HeadModel
from flame_assets.safe_pickle import (
    ChumpyObject,
    FlameFileError,
    UnsafePickleError,
    load_flame_pickle,
    load_pickled_npy,
    loads_flame_pickle,
)

V, N_COMP = 40, 400
FILE_NAMES = {"2020": "generic_model.pkl", "2023": "flame2023.pkl", "2023_no_jaw": "flame2023_no_jaw.pkl",
              "2023_open": "flame2023_Open.pkl"}


# ------------------------------------------------------------------------------- fake chumpy
def _fake_chumpy_classes() -> dict[str, type]:
    """Classes that pickle exactly like chumpy 0.70's: NEWOBJ of the class, then BUILD with the instance
    __dict__ minus the unpicklable _parents/_cache (see Ch.__getstate__)."""

    class Ch:
        def __init__(self, x=None, **terms):
            self.__dict__.update(_dirty_vars={"x"}, _itr=None, _make_dense=False, _make_sparse=False,
                                 _depends_on_deps={}, _parents=weakref.WeakKeyDictionary(),
                                 _cache={"r": None, "drs": weakref.WeakKeyDictionary()})
            if x is not None:
                self.__dict__["x"] = np.asarray(x, np.float64)
            self.__dict__.update(terms)

        def __getstate__(self):
            state = dict(self.__dict__)
            del state["_parents"], state["_cache"]
            return state

    class add(Ch):  # a computed node: operands a and b, no x
        pass

    Ch.__module__, Ch.__qualname__ = "chumpy.ch", "Ch"
    add.__module__, add.__qualname__ = "chumpy.ch_ops", "add"
    return {"Ch": Ch, "add": add}


@contextlib.contextmanager
def fake_chumpy() -> Iterator[dict[str, type]]:
    classes = _fake_chumpy_classes()
    mods = {name: types.ModuleType(name) for name in ("chumpy", "chumpy.ch", "chumpy.ch_ops")}
    mods["chumpy.ch"].Ch = classes["Ch"]
    mods["chumpy.ch_ops"].add = classes["add"]
    saved = {name: sys.modules[name] for name in mods if name in sys.modules}
    sys.modules.update(mods)
    try:
        yield classes
    finally:
        for name in mods:
            sys.modules.pop(name, None)
        sys.modules.update(saved)


class Py2Pickler(pickle._Pickler):
    """Writes bytes as Python-2 `str` (BINSTRING), as the FLAME release files store array data."""

    dispatch = dict(pickle._Pickler.dispatch)

    def save_py2_str(self, obj: bytes) -> None:
        n = len(obj)
        size = bytes([n]) if n < 256 else struct.pack("<i", n)
        self.write((pickle.SHORT_BINSTRING if n < 256 else pickle.BINSTRING) + size + obj)
        self.memoize(obj)

    dispatch[bytes] = save_py2_str


def dumps(obj, style: str = "py2", protocol: int = 2) -> bytes:
    if style == "py3":
        return pickle.dumps(obj, protocol=protocol)
    buf = io.BytesIO()
    Py2Pickler(buf, protocol=2).dump(obj)
    # Module paths as numpy and scipy of the Python-2 era named them.
    return (buf.getvalue().replace(b"numpy._core.multiarray\n", b"numpy.core.multiarray\n")
            .replace(b"scipy.sparse._csc\n", b"scipy.sparse.csc\n"))


def flame_arrays(seed: int = 0, n_vertices: int = V, n_comp: int = N_COMP) -> dict:
    rng = np.random.default_rng(seed)
    J = rng.random((5, n_vertices)) * (rng.random((5, n_vertices)) > 0.6)
    J[:, 0] += 0.1
    weights = rng.random((n_vertices, 5))
    return {
        "v_template": rng.normal(size=(n_vertices, 3)) * 0.1,
        "shapedirs": rng.normal(size=(n_vertices, 3, n_comp)) * 1e-3,
        "posedirs": rng.normal(size=(n_vertices, 3, 36)) * 1e-3,
        "J_regressor": J / J.sum(axis=1, keepdims=True),
        "weights": weights / weights.sum(axis=1, keepdims=True),
        "kintree_table": np.array([[2**32 - 1, 0, 1, 1, 1], [0, 1, 2, 3, 4]], dtype=np.uint32),
        "f": np.array([(i, i + 1, i + 2) for i in range(n_vertices - 2)], dtype=np.uint32),
    }


def write_flame_pickle(path: Path, arrays: dict | None = None, style: str = "py2", **overrides) -> Path:
    """A FLAME-release-like pickle: shapedirs as chumpy Ch, J_regressor as scipy csc_matrix."""
    arrays = dict(arrays or flame_arrays(), **overrides)
    with fake_chumpy() as ch:
        d = dict(arrays)
        if isinstance(d.get("shapedirs"), np.ndarray):
            d["shapedirs"] = ch["Ch"](d["shapedirs"])
        if isinstance(d.get("J_regressor"), np.ndarray):
            d["J_regressor"] = sp.csc_matrix(d["J_regressor"])
        d.update(J=np.zeros((5, 3)), bs_style="lbs", bs_type="lrotmin")
        data = dumps(d, style)
    path.write_bytes(data)
    return path


@pytest.fixture(autouse=True)
def no_chumpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `import chumpy` fail outside the fixture writers, whatever is installed."""
    for name in ("chumpy", "chumpy.ch", "chumpy.ch_ops"):
        monkeypatch.setitem(sys.modules, name, None)


# ------------------------------------------------------------------------------ safe loading
@pytest.mark.parametrize("style", ["py2", "py3"])
def test_loads_chumpy_pickle_without_chumpy(tmp_path: Path, style: str) -> None:
    arrays = flame_arrays()
    path = write_flame_pickle(tmp_path / "generic_model.pkl", arrays, style)
    raw = path.read_bytes()
    assert b"chumpy.ch\nCh\n" in raw and (b"_codecs" in raw) == (style == "py3")
    assert (b"numpy.core.multiarray" in raw) == (style == "py2")
    d = load_flame_pickle(path)
    assert isinstance(d["shapedirs"], np.ndarray) and d["shapedirs"].dtype == np.float64
    np.testing.assert_array_equal(d["shapedirs"], arrays["shapedirs"])
    assert isinstance(d["J_regressor"], sp.csc_array)
    np.testing.assert_array_equal(d["J_regressor"].toarray(), arrays["J_regressor"])
    assert d["kintree_table"].dtype == np.uint32 and d["bs_style"] == "lbs"
    assert sys.modules["chumpy"] is None


def test_protocol0_pickle_and_placeholders(tmp_path: Path) -> None:
    with fake_chumpy() as ch:
        data = pickle.dumps({"a": ch["Ch"](np.arange(3.0)), "b": ch["add"](a=ch["Ch"](np.ones(2)), b=1.0),
                             "s": np.float32(2.5)}, protocol=0)
    d = loads_flame_pickle(data)
    np.testing.assert_array_equal(d["a"], [0.0, 1.0, 2.0])
    assert isinstance(d["b"], ChumpyObject) and d["b"].qualified_name == "chumpy.ch_ops.add"
    assert d["s"] == np.float32(2.5)


class _Evil:
    def __init__(self, func, *args):
        self.func, self.args = func, args

    def __reduce__(self):
        return self.func, self.args


def test_refuses_os_system(tmp_path: Path) -> None:
    import os

    marker = tmp_path / "pwned"
    arrays = flame_arrays()
    arrays["f"] = _Evil(os.system, f"touch {marker}")
    path = tmp_path / "generic_model.pkl"
    path.write_bytes(pickle.dumps(arrays, protocol=2))
    with pytest.raises(UnsafePickleError, match=r"(posix|nt)\.system.*never contains"):
        load_flame_pickle(path)
    with pytest.raises(UnsafePickleError):
        fi.import_flame_file(path, cache_dir=tmp_path / "cache")
    assert not marker.exists()
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_refuses_eval_and_unknown_classes(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(UnsafePickleError, match=r"__builtin__\.eval"):
        loads_flame_pickle(pickle.dumps(_Evil(eval, f"open({str(marker)!r}, 'w')"), protocol=2))
    with pytest.raises(UnsafePickleError, match=r"builtins\.exec"):
        loads_flame_pickle(pickle.dumps(_Evil(exec, "x = 1"), protocol=4))
    assert not marker.exists()

    class Gadget:
        pass

    Gadget.__module__, Gadget.__qualname__ = "gadgets", "Gadget"
    sys.modules["gadgets"] = types.ModuleType("gadgets")
    sys.modules["gadgets"].Gadget = Gadget
    try:
        data = pickle.dumps({"v_template": Gadget()}, protocol=2)
    finally:
        del sys.modules["gadgets"]
    with pytest.raises(UnsafePickleError, match=r"x\.pkl: refused to load gadgets\.Gadget.*never contains"):
        loads_flame_pickle(data, "x.pkl")


@pytest.mark.parametrize("payload, error, what", [
    # numpy's _reconstruct asked to build something other than an ndarray
    (b"\x80\x02cnumpy.core.multiarray\n_reconstruct\nc__builtin__\nobject\nK\x00\x85U\x01b\x87R.",
     UnsafePickleError, "_reconstruct"),
    # copy_reg._reconstructor asked to create a class that is not a chumpy/sparse placeholder
    (b"\x80\x02ccopy_reg\n_reconstructor\nc__builtin__\nobject\nc__builtin__\nobject\nN\x87R.",
     UnsafePickleError, "_reconstructor"),
    # BUILD with slot state on an allowed callable, trying to swap the function it wraps
    (b"\x80\x02cnumpy\ndtype\nN}X\x03\x00\x00\x00_fnc__builtin__\nobject\ns\x86b.", UnsafePickleError, "_fn"),
    # BUILD on a placeholder class, trying to patch its __setstate__
    (b"\x80\x02cchumpy.ch\nCh\nN}X\x0c\x00\x00\x00__setstate__c__builtin__\nobject\ns\x86b.", FlameFileError,
     "corrupt"),
    # a direct numpy.ndarray(...) call
    (b"\x80\x02cnumpy\nndarray\nJ\x00\x00\x00\x10\x85R.", UnsafePickleError, "numpy.ndarray"),
])
def test_refuses_misuse_of_allowed_names(payload: bytes, error: type, what: str) -> None:
    from flame_assets import safe_pickle

    with pytest.raises(error, match=what):
        loads_flame_pickle(payload)
    assert safe_pickle._PLACEHOLDERS[("chumpy.ch", "Ch")].__setstate__ is safe_pickle._Placeholder.__setstate__
    assert safe_pickle._DTYPE._fn is safe_pickle._dtype


def test_unreadable_files(tmp_path: Path) -> None:
    good = write_flame_pickle(tmp_path / "generic_model.pkl")
    truncated = tmp_path / "flame2023.pkl"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    with pytest.raises(FlameFileError, match="truncated"):
        load_flame_pickle(truncated)
    text = tmp_path / "flame2023_Open.pkl"
    text.write_text("this is the FLAME readme\n")
    with pytest.raises(FlameFileError, match="text file"):
        fi.import_flame_file(text, cache_dir=tmp_path / "c")
    zipped = tmp_path / "FLAME2020.pkl"
    zipped.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(FlameFileError, match="zip archive"):
        load_flame_pickle(zipped)
    garbage = tmp_path / "g.pkl"
    garbage.write_bytes(b"\x80\x02\xff\xfe\x00garbage")
    with pytest.raises(FlameFileError, match="corrupt"):
        load_flame_pickle(garbage)
    empty = tmp_path / "e.pkl"
    empty.write_bytes(b"")
    with pytest.raises(FlameFileError, match="empty"):
        load_flame_pickle(empty)
    with pytest.raises(FileNotFoundError):
        fi.import_flame_file(tmp_path / "missing.pkl", version="2020")


# ---------------------------------------------------------------------------------- convert
@pytest.mark.parametrize("version", list(FILE_NAMES))
def test_import_all_versions(tmp_path: Path, version: str) -> None:
    arrays = flame_arrays()
    path = write_flame_pickle(tmp_path / FILE_NAMES[version], arrays)
    assert fi.detect_version(path) == version
    res = fi.import_flame_file(path, cache_dir=tmp_path / "cache")
    m = res.model
    assert not res.cached and res.npz_path == tmp_path / "cache" / f"{res.source_sha256[:16]}-{version}.npz"
    assert m.flame_version == version and m.name == f"flame{version}"
    assert (m.n_shape, m.n_expr) == (300, 100)
    assert m.shapedirs.dtype == m.v_template.dtype == m.J_regressor.dtype == np.float32
    assert m.f.dtype == np.int64 and m.kintree_table.dtype == np.int64 and m.kintree_table[0, 0] == -1
    np.testing.assert_allclose(m.J_regressor, arrays["J_regressor"], rtol=1e-6)
    np.testing.assert_allclose(m.shapedirs, arrays["shapedirs"], rtol=1e-6)
    assert m.meta["source_file"] == FILE_NAMES[version] and m.meta["source_sha256"] == res.source_sha256
    assert ("CC-BY-4.0" in m.meta["license"]) == (version == "2023_open")
    assert "MPI FLAME" in m.meta["license"] or version == "2023_open"
    assert m.meta["ignored_keys"] == ["J", "bs_style", "bs_type"]
    assert any("5023" in w for w in m.meta["warnings"])
    loaded = HeadModel.load(res.npz_path)
    assert loaded.sha256() == m.sha256() and loaded.meta == m.meta


def test_version_detection_and_errors(tmp_path: Path) -> None:
    assert fi.detect_version("/x/GENERIC_MODEL.pkl") == "2020"
    assert fi.detect_version("my_flame.pkl") is None
    path = write_flame_pickle(tmp_path / "my_flame.pkl")
    with pytest.raises(FlameFileError, match="cannot tell the FLAME version.*2020, 2023, 2023_no_jaw, 2023_open"):
        fi.import_flame_file(path, cache_dir=tmp_path)
    with pytest.raises(FlameFileError, match="unknown FLAME version '2019'.*2020, 2023, 2023_no_jaw, 2023_open"):
        fi.import_flame_file(path, version="2019", cache_dir=tmp_path)
    res = fi.import_flame_file(path, version="2023_Open", name="studio_head", cache_dir=tmp_path)
    assert res.model.flame_version == "2023_open" and res.model.name == "studio_head"


@pytest.mark.parametrize("change, message", [
    (lambda a: a.pop("shapedirs"), "lacks shapedirs"),
    (lambda a: a.update(posedirs=np.zeros((V, 3, 35))), r"posedirs has shape \(40, 3, 35\), expected \(40, 3, 36\)"),
    (lambda a: a.update(shapedirs=np.zeros((V, 3, 250))), "shapedirs has 250 components.*300 identity"),
    (lambda a: a.update(shapedirs=np.zeros((V + 1, 3, 400))), r"shapedirs has shape \(41, 3, 400\).*40 vertices"),
    (lambda a: a.update(weights=np.ones((V, 4)) / 4), "weights has shape"),
    (lambda a: a.update(J_regressor=np.ones((5, V - 1))), r"J_regressor has shape \(5, 39\)"),
    (lambda a: a.update(f=np.array([[0, 1, V]], dtype=np.uint32)), f"f indexes vertex {V}"),
    (lambda a: a.update(kintree_table=np.array([[7, 0, 1, 1, 1], [0, 1, 2, 3, 4]])), "root parent is 7"),
    (lambda a: a.update(v_template=np.full((V, 3), np.nan)), "NaN"),
])
def test_wrong_structure(tmp_path: Path, change, message: str) -> None:
    arrays = flame_arrays()
    change(arrays)
    path = write_flame_pickle(tmp_path / "generic_model.pkl", arrays)
    with pytest.raises(FlameFileError, match=message):
        fi.import_flame_file(path, cache_dir=tmp_path / "cache")


def test_not_a_dict_and_computed_chumpy(tmp_path: Path) -> None:
    path = tmp_path / "generic_model.pkl"
    path.write_bytes(dumps([1, 2, 3]))
    with pytest.raises(FlameFileError, match="holds a list, not a FLAME model dictionary"):
        fi.import_flame_file(path, cache_dir=tmp_path)
    arrays = flame_arrays()
    with fake_chumpy() as ch:
        arrays["shapedirs"] = ch["add"](a=ch["Ch"](arrays["shapedirs"]), b=ch["Ch"](np.zeros(1)))
        path.write_bytes(dumps(arrays))
    with pytest.raises(FlameFileError, match=r"computed chumpy expression \(chumpy\.ch_ops\.add\)"):
        fi.import_flame_file(path, cache_dir=tmp_path)


def test_other_vertex_counts_are_accepted(tmp_path: Path) -> None:
    path = write_flame_pickle(tmp_path / "flame2023.pkl", flame_arrays(n_vertices=12, n_comp=300))
    m = fi.import_flame_file(path, cache_dir=tmp_path).model
    assert m.num_vertices == 12 and m.n_expr == 0


# ------------------------------------------------------------------------------ landmarks
def _landmark_dict(rng: np.random.Generator, n_faces: int) -> dict:
    def emb(n):
        bary = rng.random((n, 3))
        return rng.integers(0, n_faces, n), bary / bary.sum(axis=1, keepdims=True)

    (sf, sb), (ff, fb) = emb(51), emb(68)
    return {"static_lmk_faces_idx": sf, "static_lmk_bary_coords": sb, "full_lmk_faces_idx": ff,
            "full_lmk_bary_coords": fb, "dynamic_lmk_faces_idx": rng.integers(0, n_faces, (79, 17)),
            "dynamic_lmk_bary_coords": rng.random((79, 17, 3))}


def test_landmark_embeddings(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    lm = _landmark_dict(rng, V - 2)
    npy = tmp_path / "landmark_embedding.npy"
    np.save(npy, lm, allow_pickle=True)
    static = tmp_path / "flame_static_embedding.pkl"
    static.write_bytes(dumps({"lmk_face_idx": lm["static_lmk_faces_idx"].astype(np.uint32),
                              "lmk_b_coords": lm["static_lmk_bary_coords"]}))
    dynamic = tmp_path / "flame_dynamic_embedding.npy"
    np.save(dynamic, {"lmk_face_idx": lm["dynamic_lmk_faces_idx"], "lmk_b_coords": lm["dynamic_lmk_bary_coords"]},
            allow_pickle=True)
    src = write_flame_pickle(tmp_path / "generic_model.pkl")

    m = fi.import_flame_file(src, landmarks_path=npy, cache_dir=tmp_path / "c").model
    assert set(m.landmarks) == {"flame51", "flame68"}
    np.testing.assert_array_equal(m.landmarks["flame68"].face_idx, lm["full_lmk_faces_idx"])
    np.testing.assert_allclose(m.landmarks["flame51"].bary, lm["static_lmk_bary_coords"], rtol=1e-6)
    assert m.landmark_points(m.v_template, "flame68").shape == (68, 3)

    res = fi.import_flame_file(src, landmarks_path=static, cache_dir=tmp_path / "c")
    assert not res.cached and set(res.model.landmarks) == {"flame51"}
    assert HeadModel.load(res.npz_path).meta["landmarks_file"] == "flame_static_embedding.pkl"
    with pytest.raises(FlameFileError, match="dynamic contour"):
        fi.read_landmark_embedding(dynamic)

    bad = dict(lm, full_lmk_faces_idx=lm["full_lmk_faces_idx"] + 1000)
    np.save(npy, bad, allow_pickle=True)
    with pytest.raises(FlameFileError, match="faces that do not exist"):
        fi.import_flame_file(src, landmarks_path=npy, cache_dir=tmp_path / "c")


OBJECT_NPY_HEADER = "{'descr': '|O', 'fortran_order': False, 'shape': (), }"


def _npy_with_payload(path: Path, payload: bytes, header: str = OBJECT_NPY_HEADER) -> Path:
    head = header.encode("latin1")
    head += b" " * (-(10 + len(head) + 1) % 64) + b"\n"
    path.write_bytes(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(head)) + head + payload)
    return path


def test_malicious_npy_landmarks(tmp_path: Path) -> None:
    import os

    marker = tmp_path / "pwned"
    evil = _npy_with_payload(tmp_path / "landmark_embedding.npy",
                             pickle.dumps(_Evil(os.system, f"touch {marker}"), protocol=3))
    with pytest.raises(UnsafePickleError, match=r"(posix|nt)\.system"):
        load_pickled_npy(evil)
    src = write_flame_pickle(tmp_path / "generic_model.pkl")
    with pytest.raises(UnsafePickleError):
        fi.import_flame_file(src, landmarks_path=evil, cache_dir=tmp_path / "c")
    assert not marker.exists()

    sneaky = _npy_with_payload(tmp_path / "h.npy", b"", header=f"__import__('os').system('touch {marker}')")
    with pytest.raises(FlameFileError, match="not a valid dict literal"):
        load_pickled_npy(sneaky)
    assert not marker.exists()
    mismatch = _npy_with_payload(tmp_path / "m.npy", pickle.dumps(np.zeros(3, dtype=object), protocol=3))
    with pytest.raises(FlameFileError, match="not the \\(\\) object array"):
        load_pickled_npy(mismatch)
    truncated = tmp_path / "t.npy"
    np.save(truncated, np.arange(10.0))
    truncated.write_bytes(truncated.read_bytes()[:-8])
    with pytest.raises(FlameFileError, match="truncated"):
        load_pickled_npy(truncated)
    plain = tmp_path / "p.npy"
    np.save(plain, np.arange(6, dtype=np.int16).reshape(2, 3))
    np.testing.assert_array_equal(load_pickled_npy(plain), np.arange(6).reshape(2, 3))


# -------------------------------------------------------------------------------- caching
def test_cache_reuse_force_and_corruption(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = write_flame_pickle(tmp_path / "flame2023.pkl")
    cache = tmp_path / "cache"
    first = fi.import_flame_file(src, cache_dir=cache)
    assert not first.cached

    def no_reading(*args, **kwargs):
        raise AssertionError("the pickle was read again")

    with monkeypatch.context() as mp:
        mp.setattr(fi, "load_flame_pickle", no_reading)
        second = fi.import_flame_file(src, cache_dir=cache)
    assert second.cached and second.npz_path == first.npz_path
    assert second.model.sha256() == first.model.sha256()

    assert not fi.import_flame_file(src, cache_dir=cache, force=True).cached
    assert not fi.import_flame_file(src, cache_dir=cache, name="other").cached  # name differs from the cache

    first.npz_path.write_bytes(b"not a zip at all")
    rebuilt = fi.import_flame_file(src, name="other", cache_dir=cache)
    assert not rebuilt.cached and rebuilt.model.sha256() == first.model.sha256()
    assert HeadModel.load(rebuilt.npz_path).name == "other"

    with np.load(rebuilt.npz_path) as data:  # flip one value but keep the recorded sha256
        arrays = {k: data[k] for k in data.files}
    arrays["v_template"][0, 0] += 1.0
    np.savez(rebuilt.npz_path.with_suffix(""), **arrays)
    again = fi.import_flame_file(src, name="other", cache_dir=cache)
    assert not again.cached and HeadModel.load(again.npz_path).sha256() == first.model.sha256()


def test_default_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MVPORTRAIT_CACHE", str(tmp_path / "mvp"))
    assert fi.default_cache_dir() == tmp_path / "mvp" / "heads"
    res = fi.import_flame_file(write_flame_pickle(tmp_path / "generic_model.pkl"))
    assert res.npz_path.parent == tmp_path / "mvp" / "heads"


# ------------------------------------------------------------------------------------- CLI
def test_cli_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_flame_pickle(tmp_path / "flame2023_Open.pkl")
    cache = tmp_path / "cache"
    assert main(["flame", "import", str(src), "--cache-dir", str(cache), "--name", "open_head"]) == 0
    out = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines())
    model = HeadModel.load(out["npz"])
    assert out["version"] == "2023_open" and out["name"] == "open_head"
    assert out["sha256"] == model.sha256() and "CC-BY-4.0" in out["license"]
    assert out["converted"] == "flame2023_Open.pkl"
    assert main(["flame", "import", str(src), "--cache-dir", str(cache), "--name", "open_head"]) == 0
    assert "cached: flame2023_Open.pkl" in capsys.readouterr().out

    renamed = src.rename(tmp_path / "head.pkl")
    assert main(["flame", "import", str(renamed), "--cache-dir", str(cache)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "mvportrait flame: error: cannot tell the FLAME version" in err
    assert main(["flame", "import", str(renamed), "--version", "1999", "--cache-dir", str(cache)]) == 2
    assert "known versions: 2020, 2023, 2023_no_jaw, 2023_open" in capsys.readouterr().err
    assert main(["flame", "import", str(renamed), "--version", "2023", "--cache-dir", str(cache)]) == 0
    capsys.readouterr()

    text = tmp_path / "generic_model.pkl"
    text.write_text("hello\n")
    assert main(["flame", "import", str(text), "--cache-dir", str(cache)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "text file" in err
    assert main(["flame", "import", str(tmp_path / "nope.pkl"), "--cache-dir", str(cache)]) == 2
    assert "does not exist" in capsys.readouterr().err


# ---------------------------------------------------------------------- smplx reads the result
def test_converted_arrays_drive_smplx_flame(tmp_path: Path) -> None:
    smplx = pytest.importorskip("smplx")
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    lm = tmp_path / "landmark_embedding.npy"
    np.save(lm, _landmark_dict(rng, V - 2), allow_pickle=True)
    m = fi.import_flame_file(write_flame_pickle(tmp_path / "generic_model.pkl"), landmarks_path=lm,
                             cache_dir=tmp_path / "c").model
    out = tmp_path / "smplx"
    out.mkdir()
    flame_dict = {k: getattr(m, k) for k in ("v_template", "shapedirs", "posedirs", "J_regressor", "weights",
                                             "kintree_table", "f")}
    (out / "FLAME_NEUTRAL.pkl").write_bytes(pickle.dumps(flame_dict, protocol=2))
    emb = m.landmarks["flame51"]
    (out / "flame_static_embedding.pkl").write_bytes(
        pickle.dumps({"lmk_face_idx": emb.face_idx, "lmk_b_coords": emb.bary}, protocol=2))
    layer = smplx.FLAME(model_path=str(out), num_betas=300, num_expression_coeffs=100)
    betas, expr = rng.normal(size=300), rng.normal(size=100)
    with torch.no_grad():
        verts = layer(betas=torch.tensor(betas[None], dtype=torch.float32),
                      expression=torch.tensor(expr[None], dtype=torch.float32)).vertices[0].numpy()
    expect = m.v_template + m.identity_dirs @ betas + m.expression_dirs @ expr
    np.testing.assert_allclose(verts, expect, atol=1e-5)
