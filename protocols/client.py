"""The MVP/1 client used by the Blender add-on and the CLI (pure Python: no bpy, no torch).

One background thread owns the DEALER socket. Callers talk to it through thread-safe methods
that return `concurrent.futures.Future`s, and read pushed events (frames, job status, connection
changes) with `get()`. The thread says hello, sends heartbeats, reconnects with backoff when the
server goes quiet (the ZeroMQ guide's Lazy Pirate), re-sends unanswered requests, and
re-subscribes every open stream from the next image it has not yet received, so a restarted
server or a dropped connection loses nothing.

Streaming is credit based: at most `window` images per job are granted and not yet taken by
`get()`, so a caller that stops reading costs bounded memory on both sides.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import hashlib
import logging
import queue
import random
import threading
import time
from typing import Any

import zmq

from .connection import ConnectionInfo, CurveKeypair
from .messages import (SERVER_MESSAGES, Body, BustResult, Cancel, Credit, Error, Frame, Hello,
                       JobStatus, ListJobs, Ping, Pong, SchemaError, StatusRequest, SubmitMotion,
                       SubmitPortrait, SubmitRender, Subscribe, TrackResult, Unsubscribe, Welcome, decode_body)
from .waker import Waker
from .wire import Message, Session, WireError

log = logging.getLogger("mvportrait.client")

# An image that arrives damaged this many times is handed to the caller as failed, not asked for again.
MAX_BAD_COPIES = 3
_RESUBSCRIBE_DELAY_S = 0.2

CONNECTED = "connected"
DISCONNECTED = "disconnected"
SERVER_RESTARTED = "server_restarted"
PROTOCOL_ERROR = "protocol_error"


class ServerError(Exception):
    """The server answered a request with an `error` message."""

    def __init__(self, error: Error):
        super().__init__(f"{error.code}: {error.message}")
        self.error = error
        self.code = error.code
        self.retryable = error.retryable


class ClientClosed(Exception):
    """The client was closed before the server answered."""


@dataclasses.dataclass(frozen=True)
class ConnectionEvent:
    """A change in the connection: `state` is connected, disconnected, server_restarted or
    protocol_error (a message from the server failed checks, e.g. a wrong key; `code` is then
    SPEC.md's error code for what failed)."""

    state: str
    detail: str = ""
    welcome: Welcome | None = None
    code: str | None = None


@dataclasses.dataclass
class _Request:
    body: Body
    future: concurrent.futures.Future
    msg_id: str | None = None


@dataclasses.dataclass
class _Stream:
    job_id: str
    next_index: int
    outstanding: int = 0   # granted to the server, not yet received
    undelivered: int = 0   # received, not yet taken by get()
    final: bool = False
    finished: int = 0      # images done or failed; in a final job these are indices 0 … finished-1
    bad_copies: int = 0    # copies of image `next_index` that arrived damaged
    resubscribe_at: float | None = None  # a re-subscribe waiting out its back-off


class Client:
    """Talk to one render server. Thread-safe; `close()` returns within about a second even
    when the server is gone (LINGER 0, no blocking calls on the caller's thread)."""

    def __init__(self, connection: ConnectionInfo, *, keypair: CurveKeypair | None = None,
                 client_name: str = "mvportrait", window: int = 8, heartbeat_s: float = 1.0,
                 timeout_s: float | None = None, backoff_s: tuple[float, float] = (0.1, 5.0),
                 context: zmq.Context | None = None):
        if connection.server_public_key and keypair is None:
            raise ValueError("the server uses CURVE encryption; pass this artist's keypair "
                             "(CurveKeypair.load_or_create(...)) and have its public key allowed on the server")
        if window < 1:
            raise ValueError("window must be at least 1")
        self.connection = connection
        self._keypair = keypair
        self._name = client_name
        self._window = window
        self._heartbeat_s = heartbeat_s
        self._ping_interval = heartbeat_s
        self._timeout_s = timeout_s if timeout_s is not None else max(3.0 * heartbeat_s, 2.0)
        self._backoff = backoff_s
        self._session = Session(connection.key_bytes)
        self._own_context = context is None
        self._ctx = context or zmq.Context()
        self._commands: queue.SimpleQueue = queue.SimpleQueue()
        self._events: queue.Queue = queue.Queue()
        self._waker = Waker()
        self._closing = threading.Event()
        self._connected = threading.Event()
        self.welcome: Welcome | None = None
        self._thread = threading.Thread(target=self._run, name="mvportrait-client", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ caller API

    def wait_connected(self, timeout: float | None = None) -> Welcome:
        if not self._connected.wait(timeout):
            raise TimeoutError(f"no answer from the server at {self.connection.endpoint} within {timeout} s")
        assert self.welcome is not None
        return self.welcome

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def submit_render(self, request: SubmitRender) -> concurrent.futures.Future:
        """Future of `Accepted` or `Rejected`."""
        return self.request(request)

    def submit_motion(self, request: SubmitMotion) -> concurrent.futures.Future:
        """Future of `Accepted` or `Rejected`; a server without the generator answers `unavailable`."""
        return self.request(request)

    def submit_portrait(self, request: SubmitPortrait) -> concurrent.futures.Future:
        """Future of `Accepted` or `Rejected`; the bust arrives as a `BustResult` to subscribers."""
        return self.request(request)

    def status(self, job_id: str) -> concurrent.futures.Future:
        return self.request(StatusRequest(job_id))

    def list_jobs(self, states: tuple[str, ...] = (), limit: int = 100) -> concurrent.futures.Future:
        return self.request(ListJobs(tuple(states), limit))

    def cancel(self, job_id: str) -> concurrent.futures.Future:
        """Future of `Canceled` once the job has stopped (or ServerError: not_found, job_finished)."""
        return self.request(Cancel(job_id))

    def ping(self) -> concurrent.futures.Future:
        return self.request(Ping(echo=str(time.monotonic())))

    def subscribe(self, job_id: str, from_frame: int = 0) -> None:
        """Stream a job's images from stream index `from_frame`; they arrive through `get()`, and
        the stream survives reconnects and server restarts."""
        self._command(("subscribe", job_id, from_frame))

    def unsubscribe(self, job_id: str) -> None:
        self._command(("unsubscribe", job_id))

    def request(self, body: Body) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        if self._closing.is_set():
            future.set_exception(ClientClosed("the client is closed"))
            return future
        self._command(("request", _Request(body, future)))
        if not self._thread.is_alive():
            self._drain_unsent_commands()  # closed while we were queueing: fail it, never hang
        return future

    def get(self, timeout: float | None = None) -> Any:
        """Next pushed event (Frame, JobStatus, TrackResult, BustResult, Error, ConnectionEvent) or None.

        Taking a Frame returns its credit to the stream, so reading is what paces streaming.
        """
        try:
            item = self._events.get(timeout=timeout) if timeout != 0 else self._events.get_nowait()
        except queue.Empty:
            return None
        if isinstance(item, Frame):
            self._command(("consumed", item.job_id))
        return item

    def close(self, timeout: float = 1.0) -> None:
        self._closing.set()
        self._waker.wake()
        self._thread.join(timeout)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _command(self, command: tuple) -> None:
        self._commands.put(command)
        self._waker.wake()

    # ------------------------------------------------------------------ I/O thread

    def _run(self) -> None:
        self._socket: zmq.Socket | None = None
        self._server_session: str | None = None
        self._requests: dict[int, _Request] = {}
        self._by_msg_id: dict[str, int] = {}
        self._next_request = 0
        self._streams: dict[str, _Stream] = {}
        self._delay = self._backoff[0]
        self._next_attempt = 0.0
        poller = zmq.Poller()
        poller.register(self._waker.fileno(), zmq.POLLIN)
        try:
            while not self._closing.is_set():
                now = time.monotonic()
                if self._socket is None and now >= self._next_attempt:
                    self._open(poller)
                poll_ms = self._poll_timeout_ms(now)
                ready = dict(poller.poll(poll_ms))
                if self._closing.is_set():
                    break
                if self._waker.fileno() in ready:
                    self._waker.drain()
                self._do_commands()
                if self._socket is not None and self._socket in ready:
                    self._receive_all()
                self._keep_alive()
        except Exception:
            log.exception("client I/O thread failed")
            self._events.put(ConnectionEvent(PROTOCOL_ERROR, "the client I/O thread failed; see the log"))
        finally:
            if self._socket is not None:
                self._socket.close(linger=0)
            for pending in self._requests.values():
                if not pending.future.done():
                    pending.future.set_exception(ClientClosed("the client was closed before an answer came"))
            self._drain_unsent_commands()
            self._waker.close()
            if self._own_context:
                self._ctx.term()

    def _drain_unsent_commands(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            if command[0] == "request" and not command[1].future.done():
                command[1].future.set_exception(ClientClosed("the client was closed"))

    def _poll_timeout_ms(self, now: float) -> int:
        if self._socket is None:
            return max(1, int(1000 * (self._next_attempt - now)))
        return int(1000 * min(self._ping_interval, 0.25))

    def _open(self, poller: zmq.Poller) -> None:
        sock = self._ctx.socket(zmq.DEALER)
        sock.linger = 0
        if self._keypair is not None and self.connection.server_public_key:
            sock.curve_secretkey = self._keypair.secret.encode("ascii")
            sock.curve_publickey = self._keypair.public.encode("ascii")
            sock.curve_serverkey = self.connection.server_public_key.encode("ascii")
        try:
            sock.connect(self.connection.endpoint)
        except zmq.ZMQError as exc:
            sock.close(linger=0)
            self._events.put(ConnectionEvent(PROTOCOL_ERROR, f"cannot connect to {self.connection.endpoint}: {exc}"))
            self._next_attempt = time.monotonic() + self._delay
            self._delay = min(self._delay * 2.0, self._backoff[1])
            return
        poller.register(sock, zmq.POLLIN)
        self._socket = sock
        self._poller = poller
        self._last_heard = time.monotonic()
        self._last_ping = time.monotonic()
        self._send(Hello(client=self._name))

    def _drop_connection(self, reason: str) -> None:
        if self._socket is not None:
            self._poller.unregister(self._socket)
            self._socket.close(linger=0)
            self._socket = None
        was_connected = self._connected.is_set()
        self._forget_in_flight()
        self._next_attempt = time.monotonic() + self._delay * random.uniform(0.8, 1.2)
        self._delay = min(self._delay * 2.0, self._backoff[1])
        if was_connected:
            self._events.put(ConnectionEvent(DISCONNECTED, reason))
        log.info("connection to %s dropped: %s", self.connection.endpoint, reason)

    def _forget_in_flight(self) -> None:
        """The server will never answer what it has not seen: send it all again after welcome."""
        self._connected.clear()
        self._by_msg_id.clear()
        for pending in self._requests.values():
            pending.msg_id = None
        for stream in self._streams.values():
            stream.outstanding = 0

    def _keep_alive(self) -> None:
        if self._socket is None:
            return
        now = time.monotonic()
        if now - self._last_heard > self._timeout_s:
            self._drop_connection(f"no message from the server for {self._timeout_s:g} s")
            return
        if self._connected.is_set() and now - self._last_ping >= self._ping_interval:
            self._last_ping = now
            self._send(Ping())
        if self._connected.is_set():
            for stream in list(self._streams.values()):
                if stream.resubscribe_at is not None and now >= stream.resubscribe_at:
                    self._send_subscribe(stream)

    def _send(self, body: Body) -> str | None:
        if self._socket is None:
            return None
        content, buffers = body.encode()
        header, frames = self._session.build(body.TYPE, content, buffers, job_id=body.header_job_id)
        try:
            self._socket.send_multipart(frames, flags=zmq.NOBLOCK, copy=False)
        except zmq.Again:
            return None  # high-water mark: an unsent request goes again after the next welcome
        return header.msg_id

    # ------------------------------------------------------------------ commands

    def _do_commands(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            kind = command[0]
            if kind == "request":
                number = self._next_request
                self._next_request += 1
                self._requests[number] = command[1]
                if self._connected.is_set():
                    self._send_request(number)
            elif kind == "subscribe":
                _, job_id, from_frame = command
                stream = self._streams.get(job_id)
                undelivered = stream.undelivered if stream else 0
                stream = _Stream(job_id, next_index=from_frame, undelivered=undelivered)
                self._streams[job_id] = stream
                if self._connected.is_set():
                    self._send_subscribe(stream)
            elif kind == "unsubscribe":
                if self._streams.pop(command[1], None) is not None and self._connected.is_set():
                    self._send(Unsubscribe(command[1]))
            elif kind == "consumed":
                stream = self._streams.get(command[1])
                if stream is not None:
                    stream.undelivered = max(0, stream.undelivered - 1)
                    self._top_up(stream)

    def _send_request(self, number: int) -> None:
        pending = self._requests[number]
        msg_id = self._send(pending.body)
        if msg_id is not None:
            pending.msg_id = msg_id
            self._by_msg_id[msg_id] = number

    def _send_subscribe(self, stream: _Stream) -> None:
        stream.resubscribe_at = None
        grant = max(0, self._window - stream.undelivered)
        stream.outstanding = grant
        self._send(Subscribe(stream.job_id, from_frame=stream.next_index, credit=grant))

    def _top_up(self, stream: _Stream) -> None:
        if not self._connected.is_set():
            return
        in_hand = stream.outstanding + stream.undelivered
        if in_hand * 2 <= self._window:
            grant = self._window - in_hand
            stream.outstanding += grant
            self._send(Credit(stream.job_id, grant))

    # ------------------------------------------------------------------ receiving

    def _receive_all(self) -> None:
        while self._socket is not None:
            try:
                frames = self._socket.recv_multipart(zmq.NOBLOCK, copy=False)
            except zmq.Again:
                return
            try:
                message = self._session.deserialize([f.buffer for f in frames])
                body = decode_body(message.type, message.content, message.buffers, SERVER_MESSAGES)
            except (WireError, SchemaError) as exc:
                log.warning("refused a message from the server: %s", exc)
                self._events.put(ConnectionEvent(PROTOCOL_ERROR, f"{exc.code}: {exc.message}", code=exc.code))
                continue
            self._last_heard = time.monotonic()
            if (self._connected.is_set() and not isinstance(body, Welcome)
                    and message.header.session != self._server_session):
                # A restarted server on the same port: our socket reconnected by itself, but the
                # new server knows nothing of our streams. Its welcome re-subscribes them.
                self._forget_in_flight()
                self._send(Hello(client=self._name))
            self._handle(message, body)

    def _handle(self, message: Message, body: Body) -> None:
        if isinstance(body, Welcome):
            self._on_welcome(body)
            return
        number = self._by_msg_id.pop(message.header.reply_to, None) if message.header.reply_to else None
        if number is not None:
            pending = self._requests.pop(number)
            if isinstance(body, Error):
                pending.future.set_exception(ServerError(body))
            else:
                pending.future.set_result(body)
            if isinstance(body, JobStatus):
                self._note_status(body)
            return
        if isinstance(body, Frame):
            self._on_frame(body)
        elif isinstance(body, (TrackResult, BustResult)):
            self._streams.pop(body.job_id, None)
            self._events.put(body)
        elif isinstance(body, JobStatus):
            self._note_status(body)
            self._events.put(body)
        elif not isinstance(body, Pong):  # a heartbeat's pong only proves the server is alive
            self._events.put(body)

    def _on_welcome(self, welcome: Welcome) -> None:
        restarted = self._server_session is not None and welcome.server_session != self._server_session
        self._server_session = welcome.server_session
        self.welcome = welcome
        self._ping_interval = min(self._heartbeat_s, welcome.heartbeat_s)
        self._delay = self._backoff[0]
        self._connected.set()
        self._events.put(ConnectionEvent(SERVER_RESTARTED if restarted else CONNECTED,
                                         f"server session {welcome.server_session}", welcome))
        for number in sorted(self._requests):
            if self._requests[number].msg_id is None:
                self._send_request(number)
        for stream in self._streams.values():
            self._send_subscribe(stream)

    def _on_frame(self, frame: Frame) -> None:
        stream = self._streams.get(frame.job_id)
        if stream is None:
            return
        stream.outstanding = max(0, stream.outstanding - 1)
        if frame.index < stream.next_index:
            self._top_up(stream)
            return
        if stream.resubscribe_at is not None:
            return  # images granted before the re-subscribe was decided: it asks for them again
        if frame.index > stream.next_index:
            log.warning("job %s: got image %d while expecting %d; re-subscribing", frame.job_id, frame.index,
                        stream.next_index)
            self._resubscribe_later(stream, 0)
            return
        if frame.image is not None and hashlib.sha256(frame.image.data).hexdigest() != frame.sha256:
            stream.bad_copies += 1
            if stream.bad_copies < MAX_BAD_COPIES:
                log.warning("job %s: image %d arrived damaged (its bytes do not match its sha256); asking again",
                            frame.job_id, frame.index)
                self._resubscribe_later(stream, stream.bad_copies)
                return
            frame = dataclasses.replace(frame, state="failed", sha256=None, image=None, error=(
                f"the image arrived damaged {MAX_BAD_COPIES} times (its bytes do not match the sha256 the server "
                f"sent); the server's stored copy is probably damaged"))
        stream.bad_copies = 0
        stream.next_index += 1
        stream.undelivered += 1
        self._events.put(frame)
        self._end_if_complete(stream)

    def _resubscribe_later(self, stream: _Stream, attempt: int) -> None:
        """Ask again from `next_index` after a back-off, never in a tight loop."""
        stream.resubscribe_at = time.monotonic() + _RESUBSCRIBE_DELAY_S * 2 ** max(0, attempt - 1)

    def _note_status(self, status: JobStatus) -> None:
        stream = self._streams.get(status.job_id)
        if stream is not None:
            stream.final = status.final
            stream.finished = status.done + status.failed
            self._end_if_complete(stream)

    def _end_if_complete(self, stream: _Stream) -> None:
        """A final job's stream ends once its last finished image has arrived (a render job
        finishes images in index order, so those are exactly the indices below `finished`)."""
        if stream.final and stream.next_index >= stream.finished:
            self._streams.pop(stream.job_id, None)

