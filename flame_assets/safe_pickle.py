"""Load FLAME's Python-2 era pickles and pickled `.npy` dicts without chumpy and without running code.

A pickle can call any importable function while it loads. FLAME files only ever need numpy arrays,
scipy sparse matrices, chumpy ``Ch`` nodes and a few builtins, so the unpickler below resolves exactly
those names and refuses every other one before anything is called. Chumpy and sparse objects come back
as inert placeholders that only keep their pickled state; :func:`resolve` then turns a plain ``Ch`` into
its ndarray value and a sparse matrix into a freshly built, format-checked ``scipy.sparse`` array.

Layout of a pickled chumpy node (chumpy 0.70, ``Ch.__getstate__``): the protocol-2 ``NEWOBJ`` of the
class with no arguments, then ``BUILD`` with the instance ``__dict__`` minus ``_parents`` and ``_cache``:
``{'x': ndarray, '_dirty_vars': set, '_itr': None, '_make_dense': bool, '_make_sparse': bool,
'_depends_on_deps': dict}``. A plain ``Ch`` evaluates to ``x``; computed nodes (``chumpy.ch_ops.add``,
``chumpy.reordering.Select``, ...) keep their operands as named terms and need chumpy to evaluate.
"""

from __future__ import annotations

import ast
import contextvars
import io
import math
import pickle
from pathlib import Path
from typing import Any, BinaryIO, Callable

import numpy as np

from flame_assets.head_model import HeadModelError

__all__ = [
    "ChumpyObject",
    "FlameFileError",
    "FlameUnpickler",
    "UnsafePickleError",
    "load_flame_pickle",
    "load_pickle_or_npy",
    "load_pickled_npy",
    "loads_flame_pickle",
    "resolve",
]


class FlameFileError(HeadModelError):
    """A FLAME source file is missing pieces, truncated, corrupt or not a FLAME file at all."""


class UnsafePickleError(FlameFileError):
    """The pickle asks for something no FLAME file contains; nothing it names was called."""


# The file being read, so refusals raised deep inside allowed callables can name it.
_SOURCE: contextvars.ContextVar[str] = contextvars.ContextVar("flame_pickle_source", default="<pickle>")


def _refuse(what: str, source: str | None = None, why: str = "") -> UnsafePickleError:
    source = source or _SOURCE.get()
    extra = f" ({why})" if why else ""
    return UnsafePickleError(
        f"{source}: refused to load {what}{extra}: a FLAME model never contains it, "
        "so the file is not a FLAME model or has been tampered with")


class _Placeholder:
    __slots__ = ("state",)
    qualified_name = ""

    def __new__(cls) -> "_Placeholder":
        self = object.__new__(cls)
        object.__setattr__(self, "state", {})
        return self

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, tuple) and len(state) == 2 and state[1] is None:
            state = state[0]
        if not isinstance(state, dict):
            raise FlameFileError(f"{self.qualified_name} holds a {type(state).__name__} state, expected a dict")
        object.__setattr__(self, "state", state)

    def __repr__(self) -> str:
        return f"<{self.qualified_name} placeholder: {sorted(map(str, self.state))}>"


class ChumpyObject(_Placeholder):
    """A chumpy node as pickled; ``qualified_name`` is its chumpy class, ``state`` its instance dict."""

    __slots__ = ()


class _SparseState(_Placeholder):
    __slots__ = ()
    fmt = ""


# Every chumpy class that derives from Ch (chumpy 0.70), by the module pickle records for it.
_CHUMPY_CLASSES: dict[str, tuple[str, ...]] = {
    "chumpy.ch": ("Ch", "MatVecMult", "ChHandle", "ChLambda", "ChGroup"),
    "chumpy.ch_ops": (
        "Simpleton", "floor", "ceil", "sign", "Cross", "cumsum", "UnaryElemwise", "nan_to_num",
        "reciprocal", "square", "sqrt", "exp", "log", "sin", "arcsin", "cos", "arccos", "tan", "arctan",
        "negative", "absolute", "clip", "sum", "mean", "SumOfSquares", "divide", "NanDivide", "add",
        "subtract", "power", "A_extremum", "amax", "amin", "nanmin", "nanmax", "Extremum", "maximum",
        "minimum", "multiply", "dot", "BinaryElemwiseNoDrv", "greater", "greater_equal", "less",
        "less_equal", "equal", "not_equal"),
    "chumpy.reordering": (
        "Permute", "Reorder", "Sort", "Tile", "Diag", "DiagFlat", "Repeat", "transpose", "rollaxis",
        "swapaxes", "Roll", "Rot90", "Reshape", "Select", "AtleastNd", "Concatenate"),
    "chumpy.linalg": ("Pinv", "LogAbsDet", "SignLogAbsDet", "Det", "Inv", "SvdD", "SvdV", "SvdU"),
    "chumpy.logic": ("LogicFunc",),
    "chumpy.extras": ("Interp3D", "gamma"),
    "chumpy.optimization_internal": ("ChInputsStacked",),
}
# Nodes whose value is their `x` term: Ch.compute_r returns x, ChHandle.compute_r returns x.r.
_CHUMPY_VALUE_OF_X = {"chumpy.ch.Ch", "chumpy.ch.ChHandle"}

_SPARSE_MODULES = {
    "csc": ("scipy.sparse.csc", "scipy.sparse._csc"),
    "csr": ("scipy.sparse.csr", "scipy.sparse._csr"),
}


def _make_placeholder(base: type, module: str, name: str, **attrs: Any) -> type:
    return type(name, (base,), {"__slots__": (), "qualified_name": f"{module}.{name}", "__module__": __name__,
                                **attrs})


_PLACEHOLDERS: dict[tuple[str, str], type] = {
    **{(module, name): _make_placeholder(ChumpyObject, module, name)
       for module, names in _CHUMPY_CLASSES.items() for name in names},
    **{(module, f"{fmt}_{kind}"): _make_placeholder(_SparseState, module, f"{fmt}_{kind}", fmt=fmt)
       for fmt, modules in _SPARSE_MODULES.items() for module in modules for kind in ("matrix", "array")},
}
_PLACEHOLDER_TYPES = frozenset(_PLACEHOLDERS.values())


class _Guarded:
    """A callable the pickle may REDUCE; it checks its arguments before doing its one narrow job.
    Slots and a refusing __setattr__ keep a BUILD opcode from swapping the wrapped function."""

    __slots__ = ("_fn", "_what")

    def __init__(self, what: str, fn: Callable[..., Any]):
        object.__setattr__(self, "_fn", fn)
        object.__setattr__(self, "_what", what)

    def __call__(self, *args: Any) -> Any:
        return self._fn(*args)

    def __setattr__(self, key: str, value: Any) -> None:
        raise _refuse(f"setting {key!r} on {self._what}")

    def __repr__(self) -> str:
        return f"<allowed {self._what}>"


def _ndarray_called(*args: Any) -> Any:
    raise _refuse("a direct numpy.ndarray(...) call", why="arrays are only rebuilt through _reconstruct")


_NDARRAY = _Guarded("numpy.ndarray", _ndarray_called)


def _as_bytes(value: Any, what: str) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):  # a Python-2 str read with encoding='latin1'
        return value.encode("latin1")
    raise FlameFileError(f"{what} expected bytes, got {type(value).__name__}")


def _dtype(spec: Any, align: Any = False, copy: Any = True) -> np.dtype:
    if not isinstance(spec, (str, bytes)) or not isinstance(align, (bool, int)) or not isinstance(copy, (bool, int)):
        raise FlameFileError(f"numpy.dtype got unexpected arguments ({type(spec).__name__}, ...)")
    return np.dtype(spec.decode("latin1") if isinstance(spec, bytes) else spec, align=bool(align))


def _reconstruct(cls: Any, shape: Any, typecode: Any) -> np.ndarray:
    if cls is not _NDARRAY:
        raise _refuse(f"numpy _reconstruct of {cls!r}", why="only plain numpy arrays are rebuilt")
    if not (isinstance(shape, tuple) and all(isinstance(n, int) and n >= 0 for n in shape)):
        raise FlameFileError(f"numpy _reconstruct got a bad shape {shape!r}")
    if math.prod(shape) != 0:  # numpy always pickles the empty (0,) shell and fills it from the state
        raise FlameFileError(f"numpy _reconstruct asked for a non-empty shell {shape}")
    return np.ndarray(shape, dtype=np.dtype(_as_bytes(typecode, "numpy _reconstruct").decode("latin1")))


def _scalar(dtype: Any, data: Any = None) -> Any:
    if not isinstance(dtype, np.dtype):
        raise FlameFileError(f"numpy scalar got a {type(dtype).__name__} instead of a dtype")
    if dtype.hasobject:
        raise FlameFileError("numpy scalar of object dtype is not FLAME data")
    raw = _as_bytes(data, "numpy scalar")
    if len(raw) != dtype.itemsize:
        raise FlameFileError(f"numpy scalar of {dtype} holds {len(raw)} bytes, expected {dtype.itemsize}")
    return np.frombuffer(raw, dtype=dtype)[0].copy()


def _frombuffer(buf: Any, dtype: Any, shape: Any, order: Any) -> np.ndarray:
    if not isinstance(dtype, np.dtype) or dtype.hasobject or order not in ("C", "F"):
        raise FlameFileError("numpy _frombuffer got unexpected arguments")
    if not (isinstance(shape, tuple) and all(isinstance(n, int) and n >= 0 for n in shape)):
        raise FlameFileError(f"numpy _frombuffer got a bad shape {shape!r}")
    raw = bytes(memoryview(buf)) if not isinstance(buf, (bytes, str)) else _as_bytes(buf, "numpy _frombuffer")
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise FlameFileError(f"numpy _frombuffer: {len(raw)} bytes do not fill shape {shape} of {dtype}")
    return np.frombuffer(raw, dtype=dtype).reshape(shape, order=order).copy()


def _codecs_encode(text: Any, encoding: Any = "utf-8") -> bytes:
    # Python 3 writes bytes into protocol-2 pickles as _codecs.encode(latin1 text, 'latin1').
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise FlameFileError("_codecs.encode is only allowed for latin1 text (how bytes are stored in protocol 2)")
    return text.encode("latin1")


def _reconstructor(cls: Any, base: Any, state: Any) -> Any:
    # copy_reg._reconstructor: how protocol 0/1 pickles create instances of new-style classes.
    if cls not in _PLACEHOLDER_TYPES:
        raise _refuse(f"copy_reg._reconstructor of {cls!r}", why="it may only create chumpy/sparse placeholders")
    if base is not object or state is not None:
        raise _refuse(f"copy_reg._reconstructor with base {base!r} and state {type(state).__name__}")
    return cls()


def _sized_builtin(kind: type) -> Callable[..., Any]:
    def build(items: Any = ()) -> Any:
        if not isinstance(items, (list, tuple)):
            raise FlameFileError(f"{kind.__name__}() expected a list, got {type(items).__name__}")
        return kind(items)
    return build


_RECONSTRUCT = _Guarded("numpy _reconstruct", _reconstruct)
_SCALAR = _Guarded("numpy scalar", _scalar)
_DTYPE = _Guarded("numpy.dtype", _dtype)
_FROMBUFFER = _Guarded("numpy _frombuffer", _frombuffer)

_ALLOWED: dict[tuple[str, str], Any] = {
    ("numpy", "ndarray"): _NDARRAY,
    ("numpy", "dtype"): _DTYPE,
    ("_codecs", "encode"): _Guarded("_codecs.encode", _codecs_encode),
    ("copy_reg", "_reconstructor"): _Guarded("copy_reg._reconstructor", _reconstructor),
    ("copyreg", "_reconstructor"): _Guarded("copyreg._reconstructor", _reconstructor),
    **{(mod, "object"): object for mod in ("__builtin__", "builtins")},
    **{(mod, "set"): _Guarded("set", _sized_builtin(set)) for mod in ("__builtin__", "builtins")},
    **{(mod, "frozenset"): _Guarded("frozenset", _sized_builtin(frozenset)) for mod in ("__builtin__", "builtins")},
    # numpy < 2 pickles name numpy.core, numpy >= 2 numpy._core
    **{(f"{core}.{sub}", "_reconstruct"): _RECONSTRUCT
       for core in ("numpy.core", "numpy._core") for sub in ("multiarray", "_multiarray_umath")},
    **{(f"{core}.{sub}", "scalar"): _SCALAR
       for core in ("numpy.core", "numpy._core") for sub in ("multiarray", "_multiarray_umath")},
    **{(f"{core}.numeric", "_frombuffer"): _FROMBUFFER for core in ("numpy.core", "numpy._core")},
    **_PLACEHOLDERS,
}


class FlameUnpickler(pickle.Unpickler):
    """An unpickler that only resolves the names listed in ``_ALLOWED``; anything else raises
    :class:`UnsafePickleError` before it is imported, let alone called."""

    def __init__(self, file: BinaryIO, source: str = "<pickle>"):
        super().__init__(file, encoding="latin1", fix_imports=False)
        self.source = source

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise _refuse(f"{module}.{name}", self.source) from None
        except TypeError:  # unhashable names cannot come from a valid pickle
            raise _refuse(f"{module!r}.{name!r}", self.source) from None

    def persistent_load(self, pid: Any) -> Any:
        raise _refuse(f"persistent id {pid!r}", self.source, "FLAME pickles have no external references")


def _describe_not_pickle(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "it is a zip archive (extract the FLAME .pkl from the downloaded zip first)"
    if head.startswith(b"\x93NUMPY"):
        return "it is a .npy array file, not a FLAME model pickle"
    if not head:
        return "it is empty"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return "it does not look like a pickle"
    if all(ch.isprintable() or ch in "\r\n\t" for ch in text):
        return "it is a text file, not a pickle"
    return "it does not look like a pickle"


def _load(stream: BinaryIO, head: bytes, source: str) -> Any:
    # A FLAME file is a dict: protocol 2+ opens with PROTO, protocol 0 with MARK, protocol 1 with EMPTY_DICT.
    if head[:1] not in (b"\x80", b"(", b"}"):
        raise FlameFileError(f"{source} is not a FLAME pickle: {_describe_not_pickle(head)}")
    token = _SOURCE.set(source)
    try:
        return FlameUnpickler(stream, source).load()
    except UnsafePickleError:
        raise
    except FlameFileError as exc:
        raise FlameFileError(f"{source} is a corrupt pickle ({exc})") from None
    except RecursionError:
        raise FlameFileError(f"{source}: the pickle nests too deeply to be a FLAME model") from None
    except MemoryError:
        raise FlameFileError(f"{source}: the pickle asks for more memory than a FLAME model needs") from None
    except Exception as exc:  # EOFError, UnpicklingError, ValueError, TypeError, ... from a damaged stream
        if isinstance(exc, EOFError) or "truncated" in str(exc):
            raise FlameFileError(f"{source}: the pickle ends early (truncated file; download it again)") from None
        raise FlameFileError(f"{source} is a corrupt pickle ({type(exc).__name__}: {exc})") from None
    finally:
        _SOURCE.reset(token)


def loads_flame_pickle(data: bytes, source: str = "<bytes>", *, convert: bool = True) -> Any:
    """Restricted-unpickle ``data``; with ``convert`` apply :func:`resolve` to the result."""
    obj = _load(io.BytesIO(data), data[:64], source)
    return resolve(obj, source) if convert else obj


def load_flame_pickle(path: str | Path, *, convert: bool = True) -> Any:
    """Restricted-unpickle a FLAME ``.pkl`` file (``generic_model.pkl``, ``flame2023.pkl``, ...)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    with path.open("rb") as fh:
        head = fh.read(64)
        fh.seek(0)
        obj = _load(fh, head, path.name)
    return resolve(obj, path.name) if convert else obj


# ------------------------------------------------------------------------------------------- .npy
_NPY_MAGIC = b"\x93NUMPY"
_NPY_MAX_HEADER = 10_000  # numpy's own default limit for header size


def _parse_npy_header(fh: BinaryIO, source: str) -> tuple[np.dtype, tuple[int, ...], bool]:
    magic = fh.read(8)
    if len(magic) < 8 or not magic.startswith(_NPY_MAGIC):
        raise FlameFileError(f"{source} is not a .npy file: {_describe_not_pickle(magic)}")
    major = magic[6]
    if major not in (1, 2, 3):
        raise FlameFileError(f"{source}: unknown .npy format version {major}.{magic[7]}")
    size_bytes = fh.read(2 if major == 1 else 4)
    if len(size_bytes) != (2 if major == 1 else 4):
        raise FlameFileError(f"{source}: the .npy header is truncated")
    size = int.from_bytes(size_bytes, "little")
    if size > _NPY_MAX_HEADER:
        raise FlameFileError(f"{source}: the .npy header claims {size} bytes, more than any real one")
    raw = fh.read(size)
    if len(raw) != size:
        raise FlameFileError(f"{source}: the .npy header is truncated")
    try:
        header = ast.literal_eval(raw.decode("utf-8" if major == 3 else "latin1"))
    except (ValueError, SyntaxError, UnicodeDecodeError, MemoryError, RecursionError) as exc:
        raise FlameFileError(f"{source}: the .npy header is not a valid dict literal ({exc})") from None
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        raise FlameFileError(f"{source}: the .npy header must hold descr, fortran_order and shape")
    shape, fortran = header["shape"], header["fortran_order"]
    if not (isinstance(shape, tuple) and all(isinstance(n, int) and n >= 0 for n in shape)):
        raise FlameFileError(f"{source}: bad .npy shape {shape!r}")
    if not isinstance(fortran, bool):
        raise FlameFileError(f"{source}: bad .npy fortran_order {fortran!r}")
    try:
        dtype = np.lib.format.descr_to_dtype(header["descr"])
    except (TypeError, ValueError) as exc:
        raise FlameFileError(f"{source}: bad .npy dtype {header['descr']!r} ({exc})") from None
    return dtype, shape, fortran


def load_pickled_npy(path: str | Path) -> Any:
    """Read a ``.npy`` file; an object array (how ``np.save`` stores a dict) has its pickled payload
    loaded by :class:`FlameUnpickler`. A 0-d object array yields its item (the dict itself)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    with path.open("rb") as fh:
        dtype, shape, fortran = _parse_npy_header(fh, path.name)
        if not dtype.hasobject:
            expected, held = math.prod(shape) * dtype.itemsize, path.stat().st_size - fh.tell()
            if held != expected:  # checked before reading, so a forged shape cannot make us allocate it
                raise FlameFileError(f"{path.name}: holds {held} data bytes, its header promises {expected} "
                                     "(truncated or corrupt)")
            raw = fh.read(expected)
            return np.frombuffer(raw, dtype=dtype).reshape(shape, order="F" if fortran else "C").copy()
        head = fh.read(64)
        fh.seek(-len(head), io.SEEK_CUR)
        arr = _load(fh, head, path.name)
    if not isinstance(arr, np.ndarray) or arr.shape != shape or not arr.dtype.hasobject:
        raise FlameFileError(f"{path.name}: the pickled payload is not the {shape} object array its header describes")
    obj = arr.item() if arr.shape == () else arr
    return resolve(obj, path.name)


def load_pickle_or_npy(path: str | Path) -> Any:
    """Load a FLAME side file that is either a pickle (``flame_static_embedding.pkl``) or a ``.npy``."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    with path.open("rb") as fh:
        magic = fh.read(len(_NPY_MAGIC))
    return load_pickled_npy(path) if magic == _NPY_MAGIC else load_flame_pickle(path)


# ------------------------------------------------------------------------------------- post-pass
_MAX_DEPTH = 64


def _sparse_from_state(node: _SparseState, source: str) -> "scipy.sparse.sparray":
    import scipy.sparse as sp  # only FLAME files hold sparse arrays: the CLI must not import scipy to start

    st = node.state
    shape = st.get("_shape", st.get("shape"))
    data, indices, indptr = st.get("data"), st.get("indices"), st.get("indptr")
    if not all(isinstance(a, np.ndarray) for a in (data, indices, indptr)):
        raise FlameFileError(f"{source}: {node.qualified_name} lacks data/indices/indptr arrays")
    if not (isinstance(shape, tuple) and len(shape) == 2 and all(isinstance(n, int) and n >= 0 for n in shape)):
        raise FlameFileError(f"{source}: {node.qualified_name} has a bad shape {shape!r}")
    if data.dtype.kind not in "biuf" or indices.dtype.kind not in "iu" or indptr.dtype.kind not in "iu":
        raise FlameFileError(f"{source}: {node.qualified_name} holds non-numeric arrays")
    cls = sp.csc_array if node.fmt == "csc" else sp.csr_array
    try:
        mat = cls((data.copy(), indices.astype(np.int64), indptr.astype(np.int64)), shape=shape)
        mat.check_format(full_check=True)
    except (ValueError, TypeError, IndexError) as exc:
        raise FlameFileError(f"{source}: {node.qualified_name} is inconsistent ({exc})") from None
    return mat


def _chumpy_value(node: ChumpyObject, source: str, seen: dict[int, Any], depth: int) -> Any:
    if node.qualified_name not in _CHUMPY_VALUE_OF_X:
        return node  # a computed expression: left as is, the caller says where it matters
    if "x" not in node.state:
        raise FlameFileError(f"{source}: a {node.qualified_name} node has no 'x' value")
    x = _resolve(node.state["x"], source, seen, depth + 1)
    if x is node:
        raise FlameFileError(f"{source}: a chumpy node refers to itself")
    if isinstance(x, ChumpyObject):
        return node
    if isinstance(x, (bool, int, float)):
        x = np.asarray(x)
    if not isinstance(x, np.ndarray) or x.dtype.kind not in "biuf":
        raise FlameFileError(f"{source}: a {node.qualified_name} value is {type(x).__name__}, not a numeric array")
    return np.atleast_1d(x.astype(np.float64))  # what Ch.r returns


def _resolve(obj: Any, source: str, seen: dict[int, Any], depth: int) -> Any:
    if depth > _MAX_DEPTH:
        raise FlameFileError(f"{source}: the data nests deeper than any FLAME file")
    key = id(obj)
    if key in seen:
        return seen[key]
    if isinstance(obj, ChumpyObject):
        seen[key] = obj  # a cycle back to this node resolves to the node itself
        out: Any = _chumpy_value(obj, source, seen, depth)
    elif isinstance(obj, _SparseState):
        out = _sparse_from_state(obj, source)
    elif isinstance(obj, dict):
        out = {}
        seen[key] = out
        for k, v in obj.items():
            out[k] = _resolve(v, source, seen, depth + 1)
    elif isinstance(obj, list):
        out = []
        seen[key] = out
        out.extend(_resolve(v, source, seen, depth + 1) for v in obj)
    elif isinstance(obj, tuple):
        out = tuple(_resolve(v, source, seen, depth + 1) for v in obj)
    elif isinstance(obj, np.ndarray) and obj.dtype.hasobject:
        out = np.empty(obj.shape, dtype=object)
        seen[key] = out
        for idx in np.ndindex(obj.shape):
            out[idx] = _resolve(obj[idx], source, seen, depth + 1)
    else:
        out = obj
    seen[key] = out
    return out


def resolve(obj: Any, source: str = "<pickle>") -> Any:
    """Replace plain chumpy ``Ch`` nodes by their float64 ndarray value and sparse placeholders by
    checked ``scipy.sparse`` csc/csr arrays, through dicts, lists, tuples and object arrays.
    Computed chumpy expressions stay :class:`ChumpyObject` placeholders."""
    return _resolve(obj, source, {}, 0)
