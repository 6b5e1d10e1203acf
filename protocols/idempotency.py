"""Idempotency: one request, one job.

`request_digest` names what a submit asks for: its content without the idempotency key, and its
buffers. The server keeps it with each job, so a key reused for another request is refused; a
client that has no key of its own (the add-on, the CLI) makes one from it, so submitting the same
request again finds the job already there instead of making a second one (SPEC.md §13).
"""

from __future__ import annotations

import hashlib
import time
from typing import Mapping, Sequence

import numpy as np

from .wire import Blob, Buffer, json_bytes

KEY_FIELD = "idempotency_key"
# Hex digits of the digest in a derived key: collision-free in practice, and short enough for MAX_KEY.
KEY_DIGITS = 40


def request_digest(content: Mapping, buffers: Sequence[Buffer]) -> str:
    """sha256 (hex) of a request's content, less its idempotency key, and of its buffers, as they
    travel (a message's `content` and `buffers`, or what `Body.encode()` returns)."""
    digest = hashlib.sha256(json_bytes({k: v for k, v in sorted(content.items()) if k != KEY_FIELD}))
    for buffer in buffers:
        if isinstance(buffer, Blob):
            digest.update(buffer.format.encode())
            digest.update(hashlib.sha256(buffer.data).digest())
        else:
            digest.update(json_bytes([buffer.dtype.str, list(buffer.shape)]))
            digest.update(hashlib.sha256(np.ascontiguousarray(buffer).tobytes()).digest())
    return digest.hexdigest()


def derived_key(prefix: str, content: Mapping, buffers: Sequence[Buffer]) -> str:
    """An idempotency key that is the same exactly when the request is: `prefix`-digest."""
    return f"{prefix}-{request_digest(content, buffers)[:KEY_DIGITS]}"


def retry_key(key: str) -> str:
    """A new key for asking again for a request whose job ended canceled or failed."""
    return f"{key[:150]}-{time.time_ns():x}"
