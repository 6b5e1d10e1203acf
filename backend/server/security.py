"""Keys and identities: the connection file, the server's CURVE keypair, and the ZAP handler that
admits only allow-listed artist keys and names each connection's artist.

Without CURVE, everyone holding the connection file's key is the single artist `local` (the
Jupyter model: the key file is the credential). With CURVE, every message carries the public key
ZAP attached to its connection, and the server names the artist from the current artists file on
every message: a key removed from the file loses an open connection's rights as soon as the file
is re-read (at most `RELOAD_INTERVAL_S` later), not only new connections.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from pathlib import Path

import zmq
from zmq.auth.thread import ThreadAuthenticator
from zmq.utils import z85

from protocols.connection import ConnectionFileError, ConnectionInfo, CurveKeypair

from .settings import ServerSettings

log = logging.getLogger("mvportrait.server")

LOCAL_ARTIST = "local"
ZAP_DOMAIN = "mvportrait"
_WILDCARDS = {"*", "0.0.0.0", "::", ""}
# How often the artists file is looked at (a stat) for changes.
RELOAD_INTERVAL_S = 0.25


def load_artists(path: Path) -> dict[str, str]:
    """Artists file `{"name": "Z85 public key"}` → {public key: name}."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"artists file {path} does not exist; create it as JSON "
                                f'{{"artist name": "Z85 public key", ...}}') from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"artists file {path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError(f"artists file {path}: expected an object of artist name → public key")
    keys: dict[str, str] = {}
    for name, key in data.items():
        if not isinstance(key, str) or len(key) != 40:
            raise ValueError(f"artists file {path}: key of {name!r} is not a 40-character Z85 public key")
        try:
            z85.decode(key.encode("ascii"))
        except (KeyError, ValueError, UnicodeEncodeError):
            raise ValueError(f"artists file {path}: key of {name!r} is not valid Z85") from None
        if key in keys:
            raise ValueError(f"artists file {path}: {name!r} and {keys[key]!r} share one public key")
        keys[key] = name
    return keys


class ArtistAuthenticator(ThreadAuthenticator):
    """ZAP: a CURVE client is admitted when its public key is in the artists file (re-read when the
    file changes, so artists can be added and removed without a restart); its User-Id is its Z85
    public key, which `artist` maps to the artist's name while the key is listed."""

    def __init__(self, context: zmq.Context, artists_file: Path):
        super().__init__(context)
        self._path = Path(artists_file)
        self._mtime = None
        self._checked = 0.0
        self._keys: dict[str, str] = {}
        self._keys_lock = threading.Lock()
        self._reload()

    def _reload(self) -> None:
        info = os.stat(self._path)
        mtime = (info.st_mtime_ns, info.st_size, info.st_ino)
        if mtime != self._mtime:
            keys = load_artists(self._path)
            with self._keys_lock:
                removed = set(self._keys) - set(keys)
                self._keys, self._mtime = keys, mtime
            if removed:
                log.warning("artists file changed: %d key(s) removed; their open connections lose their rights",
                            len(removed))

    def artist(self, z85_key: str | None) -> str | None:
        """The artist whose key this is, per the artists file as it is now; None when not listed."""
        now = time.monotonic()
        if now - self._checked >= RELOAD_INTERVAL_S:
            self._checked = now
            try:
                self._reload()
            except (OSError, ValueError) as exc:
                log.error("artists file unreadable, keeping the previous allow-list: %s", exc)
        with self._keys_lock:
            return self._keys.get(z85_key) if z85_key else None

    def _artist(self, z85_key: str) -> str | None:
        self._checked = 0.0  # a new connection always sees the file as it is
        return self.artist(z85_key)

    def callback(self, domain: str, key: bytes) -> bool:
        allowed = self._artist(key.decode("ascii")) is not None
        if not allowed:
            log.warning("refused a CURVE client with unknown public key %s", key.decode("ascii"))
        return allowed

    def curve_user_id(self, client_public_key: bytes) -> str:
        # The key, not the name: the name is looked up per message, so removing the key revokes it.
        return z85.encode(client_public_key).decode("ascii")

    def start(self) -> None:
        super().start()
        self.configure_curve_callback(domain=ZAP_DOMAIN, credentials_provider=self)


def advertised_host(settings: ServerSettings) -> str:
    if settings.advertise:
        return settings.advertise
    if settings.address in _WILDCARDS:
        return socket.getfqdn()
    return settings.address


def load_previous(settings: ServerSettings) -> ConnectionInfo | None:
    """The connection file of an earlier start, to keep its key and port (clients keep working)."""
    try:
        return ConnectionInfo.load(settings.connection_file)
    except FileNotFoundError:
        return None
    except ConnectionFileError as exc:
        log.warning("ignoring the unreadable connection file (a new key will be written): %s", exc)
        return None


def server_keypair(settings: ServerSettings) -> CurveKeypair | None:
    return CurveKeypair.load_or_create(settings.server_keypair_file) if settings.curve else None
