"""Wake a thread blocked in `zmq.Poller.poll` from any other thread.

ZeroMQ sockets must stay on one thread, so other threads signal through a socket pair that the
poller watches as a plain file descriptor. A socket pair (not a pipe) works on Windows too.
"""

from __future__ import annotations

import socket


class Waker:
    def __init__(self):
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)

    def fileno(self) -> int:
        return self._reader.fileno()

    def wake(self) -> None:
        try:
            self._writer.send(b"\0")
        except (BlockingIOError, OSError):
            pass  # the buffer is full of earlier wake-ups, or we are closing: the reader wakes anyway

    def drain(self) -> None:
        try:
            while self._reader.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass

    def close(self) -> None:
        self._reader.close()
        self._writer.close()
