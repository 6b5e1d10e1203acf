"""Blender's *Allow Online Access* rule applied to the backend's address (bpy-free).

Blender asks add-ons to reach other computers only when ``bpy.app.online_access`` is on. A backend on
this computer (a loopback address or ``localhost``) is always allowed: it needs no network.
"""

from __future__ import annotations

import ipaddress


class OnlineAccessError(ValueError):
    """The backend is on another computer and Blender may not go online; the message says what to do."""


def is_this_computer(address: str) -> bool:
    host = address.strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False   # a host name other than localhost: resolving it would already be network use
    return ip.is_loopback or ip.is_unspecified


def check(address: str, online_access: bool, overridden: bool) -> None:
    """Raise `OnlineAccessError` when connecting to ``address`` would break Blender's online-access setting."""
    if online_access or is_this_computer(address):
        return
    if overridden:
        raise OnlineAccessError(
            f"the backend at {address} is on another computer and Blender was started with --offline-mode; "
            f"restart Blender without it (or with --online-mode), or run the backend on this computer "
            f"(Start Local Backend)")
    raise OnlineAccessError(
        f"the backend at {address} is on another computer and Blender's online access is off; allow it in "
        f"Edit > Preferences > System > Network > Allow Online Access, or run the backend on this computer "
        f"(Start Local Backend)")
