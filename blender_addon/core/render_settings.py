"""The Portrait panel's render settings, checked before anything is sent: the reference portrait and the
engine options."""

from __future__ import annotations

import json
from pathlib import Path

from .png import placeholder_portrait


class RenderSettingsError(ValueError):
    """A render setting that cannot be sent; the message says what to change."""


def reference_portrait(path: str) -> bytes:
    """The PNG bytes of the reference portrait at ``path`` (absolute); a placeholder when none is chosen."""
    if not path:
        return placeholder_portrait()
    try:
        reference = Path(path).read_bytes()
    except OSError as exc:
        raise RenderSettingsError(f"cannot read the reference portrait {path}: {exc.strerror}; pick another "
                                  f"file in the Portrait panel") from None
    if not reference.startswith(b"\x89PNG"):
        raise RenderSettingsError(f"the reference portrait {path} is not a PNG; save it as PNG")
    return reference


def engine_options(text: str) -> dict:
    """The Engine Options field: a JSON object, or nothing."""
    text = text.strip()
    try:
        options = json.loads(text) if text else {}
    except json.JSONDecodeError as exc:
        raise RenderSettingsError(f"Engine Options is not JSON ({exc.msg}); write e.g. {{\"delay_ms\": 100}} or "
                                  f"clear it") from None
    if not isinstance(options, dict):
        raise RenderSettingsError("Engine Options must be a JSON object, e.g. {\"delay_ms\": 100}")
    return options
