"""`protocols` is vendored into the Blender add-on and shared with the backend: each of its modules
imports only the standard library, numpy and pyzmq — never bpy, torch, backend, flame_assets or
scipy. Every module is found on disk, so a new one is covered without editing this test."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ALLOWED = {"numpy", "zmq", "protocols"}
FORBIDDEN = ("bpy", "torch", "backend", "flame_assets", "scipy")


def protocols_modules() -> list[str]:
    modules = []
    for path in sorted((REPO / "protocols").rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules


def test_every_module_is_found():
    modules = protocols_modules()
    assert {"protocols", "protocols.messages", "protocols.schema", "protocols.tracks", "protocols.wire",
            "protocols.client"} <= set(modules)
    assert len(modules) == len(list((REPO / "protocols").rglob("*.py")))


def test_no_module_names_an_import_beyond_stdlib_numpy_and_pyzmq():
    """Every import statement, also those inside functions that run only sometimes."""
    bad = []
    for path in sorted((REPO / "protocols").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            bad += [f"{path.relative_to(REPO)}:{node.lineno} imports {name}" for name in names
                    if name.split(".")[0] not in ALLOWED | sys.stdlib_module_names]
    assert not bad, bad


def test_importing_every_module_loads_nothing_beyond_stdlib_numpy_and_pyzmq():
    """What the imports pull in, transitively, in a fresh interpreter."""
    code = (
        "import importlib, json, sys\n"
        "import numpy, zmq\n"
        "before = set(sys.modules)\n"  # what numpy and pyzmq import is theirs
        f"for name in {protocols_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "new = sorted(set(sys.modules) - before)\n"
        "print(json.dumps({'new': new, 'loaded': sorted(sys.modules)}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert not [m for m in report["new"] if m.split(".")[0] not in ALLOWED | sys.stdlib_module_names]
    assert not [m for m in report["loaded"] if m.split(".")[0] in FORBIDDEN]
