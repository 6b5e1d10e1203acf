"""`mvportrait animate <source>`: make a FLAME track from text, audio or video.

Each source lives in its own module under `backend/motion/` exposing `register(subparsers)`; a source whose
module is not part of this installation is simply not offered."""

from __future__ import annotations

import argparse
import importlib

SOURCE_MODULES = ("backend.motion.text_cli", "backend.motion.audio_cli", "backend.motion.video_cli")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("animate", help="generate a FLAME track (.npz) from text, audio or video",
                       description="Generate a FLAME track from a text prompt, a speech recording or a video.")
    sources = p.add_subparsers(dest="source", required=True, metavar="SOURCE")
    for name in SOURCE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sources)
