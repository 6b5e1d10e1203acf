"""Shared by the Blender helper scripts (each runs in its own process: bpy keeps global state)."""

from __future__ import annotations

import importlib
import json
import sys
import time

import bpy

MODULE = "bl_ext.user_default.mvportrait"


def install(zip_path: str):
    result = bpy.ops.extensions.package_install_files(filepath=zip_path, repo="user_default",
                                                      enable_on_install=True)
    if result != {"FINISHED"} or MODULE not in bpy.context.preferences.addons:
        raise SystemExit(f"installing {zip_path} failed: {result}")
    return importlib.import_module(MODULE)


def submodule(name: str):
    return importlib.import_module(f"{MODULE}.{name}")


def pump_until(predicate, timeout: float, what: str):
    """Run the add-on's main-thread loop (what its bpy.app timer does in a UI session) until done."""
    runtime = submodule("runtime")
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {timeout} s waiting for {what}")
        runtime.pump(0.02)
        time.sleep(0.01)


def write_result(path: str, result: dict) -> None:
    with open(path, "w") as fh:
        json.dump(result, fh)


def argv() -> list[str]:
    return sys.argv[1:]
