"""Connection files (address, port, signing key, server public key) and CURVE key files.

Like Jupyter's kernel connection files: the server writes one on first start in the user's
config directory, owner-only, and clients read it. Secrets are written atomically with mode 0600.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
from pathlib import Path
from typing import Any

import zmq
from zmq.utils import z85

from .user_dirs import config_dir  # noqa: F401  (connection and key files live there)

from .atomic_files import atomic_write

CONNECTION_FILE_NAME = "connection.json"
CONNECTION_FORMAT = "mvportrait.connection/1"
KEYPAIR_FORMAT = "mvportrait.curve-keypair/1"


class ConnectionFileError(ValueError):
    """A connection or key file is missing a field or holds a malformed one."""


def default_connection_file() -> Path:
    return config_dir() / CONNECTION_FILE_NAME


def write_private(path: str | os.PathLike, data: bytes) -> Path:
    """Write `data` atomically (temp file, fsync, rename) with owner-only permissions."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return atomic_write(path, data, mode=0o600)


def _read_json(path: Path, what: str) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConnectionFileError(f"{what} {path}: not readable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ConnectionFileError(f"{what} {path}: expected a JSON object")
    return data


def _z85_key(value: Any, what: str) -> str:
    if not isinstance(value, str) or len(value) != 40:
        raise ConnectionFileError(f"{what} must be a 40-character Z85 CURVE key, got {value!r}")
    try:
        z85.decode(value.encode("ascii"))
    except (ValueError, UnicodeEncodeError, KeyError):
        raise ConnectionFileError(f"{what} is not valid Z85: {value!r}") from None
    return value


@dataclasses.dataclass(frozen=True)
class CurveKeypair:
    """A CURVE keypair in Z85 text (40 characters each)."""

    public: str
    secret: str

    @classmethod
    def generate(cls) -> "CurveKeypair":
        public, secret = zmq.curve_keypair()
        return cls(public.decode("ascii"), secret.decode("ascii"))

    def save(self, path: str | os.PathLike) -> Path:
        data = {"format": KEYPAIR_FORMAT, "public": self.public, "secret": self.secret}
        return write_private(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"))

    @classmethod
    def load(cls, path: str | os.PathLike) -> "CurveKeypair":
        path = Path(path)
        data = _read_json(path, "key file")
        return cls(public=_z85_key(data.get("public"), f"key file {path}: 'public'"),
                   secret=_z85_key(data.get("secret"), f"key file {path}: 'secret'"))

    @classmethod
    def load_or_create(cls, path: str | os.PathLike) -> "CurveKeypair":
        path = Path(path)
        if path.exists():
            return cls.load(path)
        pair = cls.generate()
        pair.save(path)
        return pair


@dataclasses.dataclass(frozen=True)
class ConnectionInfo:
    """Where a server listens and the secrets a client needs to talk to it.

    `key` is the HMAC key as text; the signing key is its UTF-8 bytes. `server_public_key` is
    the server's Z85 CURVE public key, or None when the server runs without CURVE.
    """

    address: str
    port: int
    key: str
    server_public_key: str | None = None
    transport: str = "tcp"
    signature_scheme: str = "hmac-sha256"

    def __post_init__(self):
        if not isinstance(self.address, str) or not self.address:
            raise ConnectionFileError(f"address must be a host name or IP address, got {self.address!r}")
        if isinstance(self.port, bool) or not isinstance(self.port, int) or not 1 <= self.port <= 65535:
            raise ConnectionFileError(f"port must be an integer in [1, 65535], got {self.port!r}")
        if not isinstance(self.key, str) or len(self.key.encode("utf-8")) < 16:
            raise ConnectionFileError("key must be a string of at least 16 bytes")
        if self.server_public_key is not None:
            _z85_key(self.server_public_key, "server_public_key")
        if self.transport != "tcp":
            raise ConnectionFileError(f"transport {self.transport!r} is not supported; use 'tcp'")
        if self.signature_scheme != "hmac-sha256":
            raise ConnectionFileError(f"signature_scheme {self.signature_scheme!r} is not supported; "
                                      f"use 'hmac-sha256'")

    @property
    def endpoint(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{self.transport}://{host}:{self.port}"

    @property
    def key_bytes(self) -> bytes:
        return self.key.encode("utf-8")

    @staticmethod
    def new_key() -> str:
        return secrets.token_hex(32)

    def to_dict(self) -> dict:
        return {"format": CONNECTION_FORMAT, "protocol": "MVP/1", **dataclasses.asdict(self)}

    @classmethod
    def from_dict(cls, d: dict, where: str = "connection") -> "ConnectionInfo":
        missing = [k for k in ("address", "port", "key") if k not in d]
        if missing:
            raise ConnectionFileError(f"{where}: missing {', '.join(missing)}")
        try:
            return cls(address=d["address"], port=d["port"], key=d["key"],
                       server_public_key=d.get("server_public_key"), transport=d.get("transport", "tcp"),
                       signature_scheme=d.get("signature_scheme", "hmac-sha256"))
        except ConnectionFileError as exc:
            raise ConnectionFileError(f"{where}: {exc}") from None

    def save(self, path: str | os.PathLike | None = None) -> Path:
        path = Path(path) if path is not None else default_connection_file()
        return write_private(path, (json.dumps(self.to_dict(), indent=2) + "\n").encode("utf-8"))

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "ConnectionInfo":
        path = Path(path) if path is not None else default_connection_file()
        if not path.exists():
            raise FileNotFoundError(f"no connection file at {path}; start the server once with "
                                    f"`mvportrait serve` (it writes one) or copy it from the server")
        return cls.from_dict(_read_json(path, "connection file"), f"connection file {path}")
