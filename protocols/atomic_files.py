"""Whole-file-or-nothing writes: a temporary file beside the target, fsync, rename, fsync of the folder.

A crash leaves either the old file or a hidden `.<name>.<random>.tmp` (never a truncated target); the
random part keeps two processes writing the same file apart. A write that runs out of space raises
`DiskFull`, whose message names the disk, the file and the space needed, and leaves the old file."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from pathlib import Path
from typing import BinaryIO, Iterator

_NO_SPACE = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG})


def mount_point(path: str | os.PathLike) -> Path:
    """The mount point (the disk) that holds `path`, or would hold it once created."""
    path = Path(os.path.abspath(path))
    while not path.exists() and path != path.parent:
        path = path.parent
    while not os.path.ismount(path) and path != path.parent:
        path = path.parent
    return path


def free_bytes(path: str | os.PathLike) -> int | None:
    try:
        return shutil.disk_usage(mount_point(path)).free
    except OSError:
        return None


def human_bytes(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


class WriteFailed(OSError):
    """An output file could not be written whole; the message says which and what to do."""


class DiskFull(WriteFailed):
    """A write ran out of space (or quota): names the disk, the file and how much space is needed."""

    def __init__(self, path: str | os.PathLike, needed: int | None = None, what: str = ""):
        self.path = Path(path)
        self.disk = mount_point(path)
        self.free = free_bytes(path)
        self.needed = needed
        text = f"the disk at {self.disk} is full: could not write {self.path}"
        if what:
            text += f" ({what})"
        if self.free is not None:
            text += f"; {human_bytes(self.free)} free"
        if needed:
            text += f", about {human_bytes(needed)} needed"
        text += "; free some space there or write somewhere else"
        super().__init__(errno.ENOSPC, text, str(path))
        self.message = text

    def __str__(self) -> str:
        return self.message

    @classmethod
    def check(cls, exc: OSError, path: str | os.PathLike, needed: int | None = None, what: str = "") -> OSError:
        """`exc` as a DiskFull when it is one (no space, over quota), else `exc` itself."""
        if isinstance(exc, DiskFull) or exc.errno not in _NO_SPACE:
            return exc
        return cls(path, needed, what)


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def fsync_dir(directory: Path) -> None:
    """Make a rename durable; not every platform lets a directory be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, *, mode: int | None = None,
                  needed: int | None = None) -> Iterator[BinaryIO]:
    """Yield a binary file; on a clean exit it replaces `path`. `mode` sets permissions from the start.
    Running out of space raises DiskFull (`needed`: the size being written, for its message)."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = temp_path(path)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666 if mode is None else mode)
    except OSError as exc:
        raise DiskFull.check(exc, path, needed) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)  # the umask may have narrowed it
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DiskFull.check(exc, path, needed) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(directory)


def atomic_write(path: str | os.PathLike, data: bytes | memoryview | str, *, mode: int | None = None) -> Path:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path, mode=mode, needed=memoryview(payload).nbytes) as fh:
        fh.write(payload)
    return Path(path)
