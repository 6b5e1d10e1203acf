"""The server depends on the engine/generator contract; engines and generators never depend on the server.

Checks: no module under backend/engines or backend/motion imports backend.server (read from the
source, so an import inside a function counts too), and importing the engines and generators the
packages offer, in a fresh interpreter, loads neither zmq nor sqlite3 (the server's transport and
job store) nor backend.server; and the command line's help and usage errors load no heavy module.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backend.engines import ENGINES
from backend.motion import GENERATORS

ROOT = Path(__file__).resolve().parents[1]
SERVER = "backend.server"
SERVER_ONLY = ("zmq", "sqlite3", SERVER)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path) -> set[str]:
    """Every module an `import` statement in the file names (and module.name for `from` imports),
    relative imports resolved against the file's package under `root`."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            names.add(prefix)
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
    return names


def imports_server(path: Path, root: Path = ROOT) -> list[str]:
    return sorted(n for n in imported_modules(path, root) if n == SERVER or n.startswith(SERVER + "."))


def test_the_scan_sees_server_imports(tmp_path):
    """The scan itself: absolute, relative and in-function imports of the server are all found."""
    probe = tmp_path / "backend" / "engines" / "warp" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("import numpy\n\ndef f():\n    from ...server import registry\n")
    assert imports_server(probe, tmp_path) == ["backend.server", "backend.server.registry"]
    probe.write_text("from backend.server.store import JobStore\nimport backend.server\n")
    assert imports_server(probe, tmp_path) == ["backend.server", "backend.server.store",
                                               "backend.server.store.JobStore"]
    probe.write_text("from backend.engines.base import Engine\nfrom .. import base\nimport protocols.wire\n")
    assert imports_server(probe, tmp_path) == []


def test_engines_and_generators_do_not_import_the_server():
    offenders = {}
    for folder in ("engines", "motion"):
        for path in sorted((ROOT / "backend" / folder).rglob("*.py")):
            found = imports_server(path)
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}, f"engines and generators must not import the server: {offenders}"


def test_importing_an_engine_or_generator_loads_no_server_parts():
    modules = sorted({target.partition(":")[0] for target in (*ENGINES.values(), *GENERATORS.values())})
    assert "backend.engines.debug" in modules and "backend.motion.text.generator" in modules
    # One fresh interpreter imports them in turn and looks after each one; it stops at the first module
    # that loads a server part, so whatever it names is that module's doing (and torch loads only once).
    probe = f"""
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
    loaded = [n for n in {list(SERVER_ONLY)!r} if n in sys.modules]
    if loaded:
        print(json.dumps({{name: loaded}}))
        break
else:
    print(json.dumps({{}}))
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, "-c", probe, *modules], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, f"importing the engines and generators failed:\n{run.stderr[-2000:]}"
    assert json.loads(run.stdout.strip().splitlines()[-1]) == {}


@pytest.mark.parametrize("argv", [["--help"], ["serve", "--help"], ["flame", "import", "--help"], ["render"]])
def test_the_command_line_answers_help_and_argument_errors_without_heavy_modules(argv):
    # `mvportrait --help` and a usage error answer at once: numpy, torch and zmq load only in the commands
    # that run (each costs a third of a second or more before anything is printed).
    probe = ("import runpy, sys\nsys.argv = ['mvportrait', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('backend.cli', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('numpy', 'torch', 'zmq', 'cv2', 'scipy') if m in sys.modules), file=sys.stderr)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, "-c", probe, *argv], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.stderr.strip().splitlines()[-1] == "[]", run.stderr[-2000:]
