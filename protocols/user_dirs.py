"""Where MVPortrait keeps per-user files: settings and keys (config), and what it can make again (cache)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

CONFIG_ENV = "MVPORTRAIT_CONFIG"
CACHE_ENV = "MVPORTRAIT_CACHE"


def config_dir() -> Path:
    """$MVPORTRAIT_CONFIG, else the platform's per-user config directory + /mvportrait."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "mvportrait"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "mvportrait"


def cache_dir(kind: str) -> Path:
    """$MVPORTRAIT_CACHE/<kind>, else ~/.cache/mvportrait/<kind> ($XDG_CACHE_HOME where set): converted
    head models, prepared portraits, text vectors; anything here can be deleted and is made again."""
    root = os.environ.get(CACHE_ENV) or str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                                            / "mvportrait")
    return Path(root).expanduser() / kind
