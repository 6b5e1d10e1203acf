"""The render server: one I/O thread owns the ROUTER socket and never waits on rendering; workers
render behind the scheduler and report back through a queue and a waker.

Each message is checked in order (size, framing, version, signature, header, replay, content,
schema); the first failure is answered with an `error` (or `rejected` for a submit) and changes
no state. Handlers never raise into the loop: an unexpected failure becomes an `internal` error
and the server stays up.
"""

from __future__ import annotations

import collections
import dataclasses
import importlib.metadata
import logging
import queue
import threading
import time
import uuid

import zmq

from backend.engines.base import EngineOptionError, EngineUnavailable
from protocols.atomic_files import free_bytes, human_bytes, mount_point
from protocols.connection import ConnectionInfo
from protocols.head_id import HeadModelMismatch
from protocols.idempotency import request_digest
from protocols.images import ImageTooLarge, UnknownImage, check_pixels
from protocols.messages import (CANCEL_REQUESTED, CANCELED, CLIENT_MESSAGES, COMPLETED, FAILED, FINAL_STATES,
                                FRAME_DONE, FRAME_FAILED, QUEUED, RUNNING, Accepted, Body, BustResult, Cancel,
                                Canceled, Credit, Error, Frame, Hello, JobList, ListJobs, Ping, Pong, Rejected,
                                SchemaError, StatusRequest, SubmitMotion, SubmitPortrait, SubmitRender, Subscribe,
                                TrackResult, Unsubscribe, Welcome, decode_body)
from protocols.stream_index import frame_and_view
from protocols.waker import Waker
from protocols.wire import MINOR, Blob, Message, Session, WireError, json_bytes, message_size, split_identity

from . import jobfiles, security
from .executor import Executor, ExecutorContext, LocalExecutor
from .jobrun import Counters
from .rebuild import rebuild_index
from .registry import Registry, UnknownEngine, unavailable_generator
from .retention import SpoolRetention
from .scheduler import Scheduler
from .settings import ServerSettings
from .store import IdempotencyConflict, JobRecord, JobStore, is_disk_full
from .streams import StreamTable, TooManySubscriptions

log = logging.getLogger("mvportrait.server")

def _server_name() -> str:
    try:
        return f"mvportrait-server {importlib.metadata.version('mvportrait')}"
    except importlib.metadata.PackageNotFoundError:
        return "mvportrait-server"


SERVER_NAME = _server_name()
_LIVE = (QUEUED, RUNNING, CANCEL_REQUESTED)
# How many messages one loop turn takes before it looks at worker events again.
_RECEIVE_BUDGET = 64
# Answers and status messages waiting for room in one peer's pipe before the peer is dropped.
_OUTBOX_LIMIT = 1000
# Space a job needs at the least: a PNG image takes more than this per pixel (a flat picture, at
# the best ratio), and the database needs room to record the job.
_MIN_PNG_BYTES_PER_PIXEL = 0.05
_STORE_RESERVE_BYTES = 1 << 20


@dataclasses.dataclass
class _Peer:
    artist: str
    last_seen: float
    key: str | None = None  # the connection's CURVE public key (Z85), under CURVE


_INTERNAL = Error("internal", "the server failed on this message; it is still running and the failure is in its "
                  "log", True)


class _Refused(Exception):
    """A request that is answered with an error or a rejection instead of being carried out."""

    def __init__(self, code: str, message: str, *, field: str | None = None, retryable: bool = False):
        super().__init__(message)
        self.code, self.message, self.field, self.retryable = code, message, field, retryable


class RenderServer:
    def __init__(self, settings: ServerSettings, registry: Registry | None = None):
        self.settings = settings
        self.registry = registry if registry is not None else Registry()
        if settings.engines is not None:
            self.registry.restrict(settings.engines)
        self.session_id = uuid.uuid4().hex
        self.store = JobStore(settings.store_dir, rebuild=settings.rebuild_store)
        self.scheduler = Scheduler(settings.max_active_jobs)
        self.retention = SpoolRetention(self.store, settings.spool_limit_bytes, settings.spool_trim_interval_s)
        self.streams = StreamTable(settings.limits.max_credit)
        self.counters = Counters()
        self.connection: ConnectionInfo | None = None
        self._events: queue.SimpleQueue = queue.SimpleQueue()
        self._waker = Waker()
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._peers: dict[tuple[bytes, ...], _Peer] = {}
        self._cancel_waiters: dict[str, list[tuple[tuple[bytes, ...], str]]] = collections.defaultdict(list)
        self._dirty: set[str] = set()
        self._blocked: set[str] = set()
        self._outbox: dict[tuple[bytes, ...], collections.deque] = {}
        # Submits for an engine still being built at start-up, answered once it is ready.
        self._waiting_for_engine: dict[str, list[tuple[Message, Body, str]]] = collections.defaultdict(list)
        self._warming = threading.Event()
        self._executor: Executor | None = None
        self._thread: threading.Thread | None = None
        self._auth = None
        self._current: Message | None = None  # the message being handled, for reply_to on a failure

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> ConnectionInfo:
        """Bind, write the connection file, resume unfinished jobs and start serving."""
        settings = self.settings
        # First: a cluster that cannot be reached stops the start here, before anything is bound.
        self._executor = self._make_executor()
        self._ctx = zmq.Context()
        if settings.rebuild_store:
            rebuild_index(self.store, self.registry, self.session_id)
        requeued = self.store.recover()
        previous = security.load_previous(settings)
        keypair = security.server_keypair(settings)
        limits = settings.limits
        self._wire = Session(previous.key_bytes if previous else ConnectionInfo.new_key().encode(),
                             self.session_id, max_skew_s=settings.max_clock_skew_s)
        sock = self._ctx.socket(zmq.ROUTER)
        sock.linger = 0
        sock.router_mandatory = 1
        # The polite `too_large` answer needs the message; far beyond it the peer is cut off unread.
        sock.maxmsgsize = 2 * limits.max_message_bytes + 1024
        # Room for one stream's full credit and the answers around it; beyond that, frames wait in
        # the store and answers in the peer's outbox, so a client that stops reading costs little.
        sock.sndhwm = 2 * limits.max_credit
        sock.rcvhwm = 1000
        if keypair is not None:
            self._auth = security.ArtistAuthenticator(self._ctx, settings.artists_file)
            self._auth.start()
            sock.zap_domain = security.ZAP_DOMAIN.encode()
            sock.curve_server = True
            sock.curve_secretkey = keypair.secret.encode("ascii")
        port = settings.port or (previous.port if previous else None)
        host = f"[{settings.address}]" if ":" in settings.address else settings.address
        try:
            if port:
                sock.bind(f"tcp://{host}:{port}")
            else:
                port = sock.bind_to_random_port(f"tcp://{host}")
        except zmq.ZMQError as exc:
            sock.close()
            if self._auth is not None:
                self._auth.stop()
            self._shutdown_context()
            raise OSError(f"cannot listen on {settings.address}:{port}: {exc}") from None
        self._sock = sock
        self.connection = ConnectionInfo(address=security.advertised_host(settings), port=port,
                                         key=self._wire.key.decode(),
                                         server_public_key=keypair.public if keypair else None)
        self.connection.save(settings.connection_file)
        for job_id in requeued:
            record = self.store.get_job(job_id)
            self.scheduler.submit(job_id, record.artist)
        if requeued:
            log.info("resuming %d unfinished job(s)", len(requeued))
        self._executor.start(ExecutorContext(self.scheduler, self.store, self.registry, self.session_id,
                                             self._notify, self.counters, settings.max_active_jobs))
        self._thread = threading.Thread(target=self._run, name="mvportrait-io", daemon=True)
        self._thread.start()
        # Engines import their dependencies (torch, weights) when first built; do it now, off the
        # I/O thread, so that a submit never stalls the clients.
        self._warming.set()
        threading.Thread(target=self._warm_up_engines, name="mvportrait-warm-up", daemon=True).start()
        log.info("serving MVP/1 on %s (session %s, %s), rendering with %s", self.connection.endpoint,
                 self.session_id, "CURVE" if keypair else "no encryption", self._executor.describe())
        return self.connection

    def _make_executor(self) -> Executor:
        if self.settings.cluster is None:
            return LocalExecutor(self.settings.workers)
        # Only here: a server without a cluster never imports Ray.
        from backend.cluster.start import cluster_executor
        return cluster_executor(self.settings.cluster, self.settings.workers)

    @property
    def executor(self) -> Executor | None:
        return self._executor

    def _warm_up_engines(self) -> None:
        try:
            for name in self.registry.engine_names():
                try:
                    self.registry.engine(name)
                except Exception as exc:
                    log.warning("engine %s is unavailable on this server: %s", name, exc)
                self._notify(("engine", name))
        finally:
            self._warming.clear()
            self._notify(("engine", None))

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._waker.wake()
        self.scheduler.close()
        if self._executor is not None:
            self._executor.stop(timeout)
        if self._thread is not None:
            self._thread.join(timeout)
        if self._auth is not None:
            self._auth.stop()
        self._shutdown_context()
        self.retention.join(timeout)
        self.store.close()
        self._stopped.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._stopped.wait(timeout)

    def _shutdown_context(self) -> None:
        self._ctx.destroy(linger=0)

    def _notify(self, event: tuple) -> None:
        self._events.put(event)
        self._waker.wake()

    # ------------------------------------------------------------------ loop

    def _run(self) -> None:
        poller = zmq.Poller()
        poller.register(self._sock, zmq.POLLIN)
        poller.register(self._waker.fileno(), zmq.POLLIN)
        self._next_housekeeping = 0.0
        try:
            while not self._stopping.is_set():
                # ZeroMQ cannot say when one peer's pipe has room again; while something waits for
                # room, look often.
                ready = dict(poller.poll(5 if self._outbox or self._blocked else 100))
                try:
                    self._turn(ready)
                except Exception:
                    # A bug or a damaged store must not take the socket down for everyone.
                    log.exception("the I/O loop failed on one turn; serving on")
        finally:
            self._sock.close(linger=0)
            self._waker.close()

    def _turn(self, ready: dict) -> None:
        if self._waker.fileno() in ready:
            self._waker.drain()
        self._worker_events()
        if self._sock in ready:
            self._receive()
        self._flush_outboxes()
        for job_id in list(self._blocked):
            self._blocked.discard(job_id)
            self._pump(job_id)
        now = time.monotonic()
        if now >= self._next_housekeeping:
            self._next_housekeeping = now + self.settings.progress_interval_s
            self._housekeeping(now)

    def _receive(self) -> None:
        for _ in range(_RECEIVE_BUDGET):
            try:
                frames = self._sock.recv_multipart(zmq.NOBLOCK, copy=False)
            except zmq.Again:
                return
            identity, parts = split_identity(frames)
            identity_bytes = tuple(f.bytes for f in identity)
            self._current = None
            try:
                self._handle(identity_bytes, parts)
            except Exception:
                log.exception("handler failed")
                # Answered like any request, so the client hears it at once instead of timing out.
                message = self._current
                self._send(identity_bytes, _INTERNAL, reply_to=message.msg_id if message else None,
                           job_id=message.job_id if message else None)

    def _handle(self, identity: tuple[bytes, ...], parts: list) -> None:
        limit = self.settings.limits.max_message_bytes
        size = message_size([p.buffer for p in parts])
        if size > limit:
            self._send(identity, Error("too_large", f"the message is {size} bytes, more than this server's "
                                       f"max_message_bytes of {limit}"))
            return
        user_id = parts[-1].get("User-Id") if self._auth is not None and parts else None
        try:
            message = self._wire.deserialize([p.buffer for p in parts], identity=identity, user_id=user_id)
        except WireError as exc:
            reply_to = exc.header.msg_id if exc.header else None
            job_id = exc.header.job_id if exc.header else None
            self._send(identity, Error(exc.code, exc.message, exc.retryable, exc.field), reply_to=reply_to,
                       job_id=job_id)
            return
        self._current = message
        artist = self._auth.artist(user_id) if self._auth is not None else security.LOCAL_ARTIST
        if artist is None:
            # The key was removed from the artists file after this connection was let in.
            self._revoke(identity)
            self._refuse(message, _Refused("revoked", "this connection's key is no longer in the server's artists "
                                           "file; ask the server's admin to add it again"))
            return
        self._peers[identity] = _Peer(artist, time.monotonic(), user_id)
        try:
            body = decode_body(message.type, message.content, message.buffers, CLIENT_MESSAGES)
        except SchemaError as exc:
            self._refuse(message, exc)
            return
        self._dispatch(message, body, artist)

    def _dispatch(self, message: Message, body: Body, artist: str) -> None:
        try:
            self._HANDLERS[type(body)](self, message, body, artist)
        except _Refused as exc:
            self._refuse(message, exc)
        except Exception:
            log.exception("handler of %s failed", message.type)
            self._reply(message, _INTERNAL)

    def _refuse(self, message: Message, exc: "SchemaError | _Refused") -> None:
        answer_type = Rejected if message.type in (SubmitRender.TYPE, SubmitMotion.TYPE, SubmitPortrait.TYPE) else Error
        if message.type == SubmitMotion.TYPE and exc.code == "unavailable":
            answer_type = Error
        self._reply(message, answer_type(exc.code, exc.message, getattr(exc, "retryable", False), exc.field))

    # ------------------------------------------------------------------ sending

    def _send(self, identity: tuple[bytes, ...], body: Body, *, reply_to: str | None = None,
              job_id: str | None = None) -> str:
        """'sent'; 'queued' (the peer's pipe is full: an answer or status waits in its outbox);
        'again' (a frame or track that did not fit: the stream sends it later); 'gone' (no such peer)."""
        content, buffers = body.encode()
        frames = self._wire.serialize(body.TYPE, content, buffers, job_id=job_id or body.header_job_id,
                                      reply_to=reply_to, identity=identity)
        # Streamed data is re-read from the store when there is room; anything else must not be lost.
        keep = not isinstance(body, (Frame, TrackResult, BustResult))
        backlog = self._outbox.get(identity)
        if backlog:
            return self._queue(identity, frames) if keep else "again"
        try:
            self._sock.send_multipart(frames, flags=zmq.NOBLOCK, copy=False)
            return "sent"
        except zmq.Again:
            return self._queue(identity, frames) if keep else "again"
        except zmq.ZMQError as exc:
            if exc.errno == zmq.EHOSTUNREACH:
                self._forget_peer(identity)
                return "gone"
            raise

    def _queue(self, identity: tuple[bytes, ...], frames: list) -> str:
        backlog = self._outbox.setdefault(identity, collections.deque())
        if len(backlog) >= _OUTBOX_LIMIT:
            # A peer that has not read for this long is stuck or gone; a live client reconnects.
            log.warning("dropping a client that stopped reading (%d messages waiting)", len(backlog))
            self._forget_peer(identity)
            return "gone"
        backlog.append(frames)
        return "queued"

    def _flush_outboxes(self) -> None:
        for identity, backlog in list(self._outbox.items()):
            while backlog:
                try:
                    self._sock.send_multipart(backlog[0], flags=zmq.NOBLOCK, copy=False)
                except zmq.Again:
                    break
                except zmq.ZMQError as exc:
                    if exc.errno != zmq.EHOSTUNREACH:
                        raise
                    self._forget_peer(identity)
                    break
                backlog.popleft()
            if not backlog and self._outbox.get(identity) is backlog:
                del self._outbox[identity]
                self._blocked.update(self.streams.jobs_of(identity))

    def _reply(self, message: Message, body: Body) -> str:
        return self._send(message.identity, body, reply_to=message.msg_id)

    def _forget_peer(self, identity: tuple[bytes, ...]) -> None:
        self._peers.pop(identity, None)
        self._outbox.pop(identity, None)
        self.streams.drop_client(identity)

    # ------------------------------------------------------------------ handlers

    def _own_job(self, artist: str, job_id: str) -> JobRecord:
        record = self.store.get_job(job_id)
        # Another artist's job is reported exactly like a missing one: its existence is private too.
        if record is None or record.artist != artist:
            raise _Refused("not_found", f"no job {job_id} for artist {artist!r}", field="job_id")
        return record

    def _on_hello(self, message: Message, body: Hello, artist: str) -> None:
        self._reply(message, Welcome(
            server=SERVER_NAME, server_session=self.session_id, artist=artist,
            curve=self._auth is not None, engines=tuple(self.registry.engine_names()),
            generators=tuple(self.registry.generator_kinds()), limits=self.settings.limits,
            heartbeat_s=self.settings.heartbeat_s, client_timeout_s=self.settings.client_timeout_s,
            minor=MINOR, capabilities=("credit", "resume", "cache")))

    def _on_ping(self, message: Message, body: Ping, artist: str) -> None:
        self._reply(message, Pong(server_time=time.time(), echo=body.echo))

    def _engine_for(self, message: Message, body, artist: str):
        """The engine `body` names; None while it is still being built at start-up (the submit is answered
        once it is ready)."""
        try:
            engine = self.registry.ready_engine(body.engine)
            if engine is None and not self._warming.is_set():
                engine = self.registry.engine(body.engine)  # registered after start-up: build it now
        except UnknownEngine as exc:
            raise _Refused("unknown_engine", str(exc), field="engine") from None
        except EngineUnavailable as exc:
            raise _Refused("unavailable", str(exc), field="engine") from None
        if engine is None:
            self._waiting_for_engine[body.engine].append((message, body, artist))
        return engine

    def _check_reference(self, png: bytes) -> None:
        try:  # from the PNG header: a small file can decode to gigabytes, and engines decode it
            check_pixels(png, "the reference portrait")
        except ImageTooLarge as exc:
            raise _Refused("limit_exceeded", str(exc), field="reference") from None
        except UnknownImage as exc:
            raise _Refused("bad_buffer", str(exc), field="reference") from None

    def _on_submit_render(self, message: Message, body: SubmitRender, artist: str) -> None:
        limits = self.settings.limits
        engine = self._engine_for(message, body, artist)
        if engine is None:
            return
        n_frames, n_views = body.track.num_frames, len(body.views)
        width, height = body.resolution
        checks = (
            (n_frames <= limits.max_frames_per_job, "track", f"{n_frames} frames is more than this server's "
             f"limit of {limits.max_frames_per_job} per job; split the shot"),
            (n_views <= limits.max_views_per_job, "views", f"{n_views} views is more than this server's "
             f"limit of {limits.max_views_per_job} per job"),
            (n_frames * n_views <= limits.max_images_per_job, "track", f"{n_frames} frames × {n_views} views "
             f"is more than this server's limit of {limits.max_images_per_job} images per job"),
            (width <= limits.max_width and height <= limits.max_height, "resolution",
             f"resolution {width}×{height} is above this server's limit of "
             f"{limits.max_width}×{limits.max_height}"),
            (len(json_bytes(body.options)) <= limits.max_options_bytes, "options",
             f"options are larger than {limits.max_options_bytes} bytes of JSON"),
        )
        for ok, field, text in checks:
            if not ok:
                raise _Refused("limit_exceeded", text, field=field)
        self._check_reference(body.reference.data)
        try:
            engine.check_options(body.options)
        except EngineOptionError as exc:
            raise _Refused("invalid_content", str(exc), field="options") from None
        try:
            engine.check_track(body.track)
        except HeadModelMismatch as exc:
            raise _Refused("invalid_track", str(exc), field="head_model") from None
        request = jobfiles.render_request(body)
        # At least this much of the store's disk: the inputs, and every image at a very good PNG ratio.
        needed = (len(request.reference_png) + sum(a.nbytes for a in request.track.to_arrays().values())
                  + int(request.total * width * height * _MIN_PNG_BYTES_PER_PIXEL))
        self._create_job(message, artist, body.idempotency_key, kind="render", engine=body.engine,
                         total=request.total, meta=jobfiles.render_meta(request), request=request,
                         write_files=jobfiles.write_render, needed=needed)

    def _on_submit_motion(self, message: Message, body: SubmitMotion, artist: str) -> None:
        if not self.registry.has_generator(body.kind):
            raise _Refused("unavailable", unavailable_generator(body.kind), field="kind")
        request = jobfiles.motion_request(body)
        self._create_job(message, artist, body.idempotency_key, kind="motion", engine=None, total=1,
                         meta={"motion_kind": body.kind, "generator": body.generator},
                         request=request, write_files=jobfiles.write_motion,
                         needed=len(request.media or b"") + 64 * 1024)

    def _on_submit_portrait(self, message: Message, body: SubmitPortrait, artist: str) -> None:
        engine = self._engine_for(message, body, artist)
        if engine is None:
            return
        if len(json_bytes(body.options)) > self.settings.limits.max_options_bytes:
            raise _Refused("limit_exceeded", f"options are larger than {self.settings.limits.max_options_bytes} "
                           f"bytes of JSON", field="options")
        self._check_reference(body.reference.data)
        request = jobfiles.portrait_request(body)
        try:
            engine.check_portrait(request)
        except EngineOptionError as exc:
            raise _Refused("invalid_content", str(exc), field="options") from None
        except HeadModelMismatch as exc:
            raise _Refused("invalid_content", str(exc), field="head_model") from None
        except EngineUnavailable as exc:
            raise _Refused("unavailable", str(exc), field="engine") from None
        # The reference, and the bust: a few textures of a few MB.
        self._create_job(message, artist, body.idempotency_key, kind="portrait", engine=body.engine, total=1,
                         meta={}, request=request, write_files=jobfiles.write_portrait,
                         needed=len(request.reference_png) + 64 * 1024 * 1024)

    def _create_job(self, message: Message, artist: str, key: str, *, kind: str, engine: str | None,
                    total: int, meta: dict, request, write_files, needed: int) -> None:
        """Store the job and hand `request` (what its engine or generator takes) to the scheduler.
        `needed`: the least space on the store's disk the job can do with."""
        digest = request_digest(message.content, message.buffers)
        try:
            existing = self.store.find_by_key(artist, key, digest)
            if existing is None:
                queued = self.store.count_active(artist)
                if queued >= self.settings.limits.max_queued_jobs_per_artist:
                    raise _Refused("limit_exceeded", f"artist {artist!r} already has {queued} unfinished jobs, "
                                   f"this server's limit; wait for one to finish or cancel one", retryable=True)
                self._check_space(needed)
                record, duplicate = self.store.create_job(
                    artist=artist, idempotency_key=key, request_digest=digest, kind=kind, engine=engine,
                    total=total, meta=meta, write_files=lambda folder: write_files(folder, request))
            else:
                record, duplicate = existing, True
        except IdempotencyConflict as exc:
            raise _Refused("idempotency_conflict", f"idempotency key {key!r} was used for job {exc.job_id} "
                           f"with a different request; use a new key for a new request",
                           field="idempotency_key") from None
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            log.error("could not store a new job: %s", exc)
            raise _Refused("limit_exceeded", f"the server's job store is out of space ({exc}); try again once "
                           f"space is freed there", retryable=True) from None
        if not duplicate:
            self.scheduler.submit(record.job_id, artist, request)
        self._reply(message, Accepted(record.job_id, kind, record.state, record.total, duplicate))

    def _check_space(self, needed: int) -> None:
        """Refuse a job that obviously will not fit on the store's disk (free space can run out later
        all the same: then the job fails with a message that says so)."""
        free = free_bytes(self.store.root)
        wanted = needed + _STORE_RESERVE_BYTES
        if free is not None and free < wanted:
            raise _Refused("limit_exceeded", f"the server's job store at {mount_point(self.store.root)} has "
                           f"{human_bytes(free)} free and this job needs at least {human_bytes(wanted)}; try "
                           f"again once space is freed there (tell the server's admin)", retryable=True)

    def _on_status(self, message: Message, body: StatusRequest, artist: str) -> None:
        self._reply(message, self._own_job(artist, body.job_id).status())

    def _on_list_jobs(self, message: Message, body: ListJobs, artist: str) -> None:
        records = self.store.list_jobs(artist, body.states, body.limit)
        self._reply(message, JobList(tuple(r.status() for r in records)))

    def _on_cancel(self, message: Message, body: Cancel, artist: str) -> None:
        record = self._own_job(artist, body.job_id)
        if record.state == CANCELED:
            self._reply(message, Canceled(record.job_id, CANCELED))
            return
        if record.final:
            raise _Refused("job_finished", f"job {record.job_id} already {record.state}", field="job_id")
        where = self.scheduler.cancel(record.job_id)
        if where in ("busy", "idle"):
            self._executor.cancel(record.job_id)  # work in flight elsewhere (a cluster) stops now
        if where == "busy":
            self.store.set_state(record.job_id, CANCEL_REQUESTED, only_from=(QUEUED, RUNNING))
            self._cancel_waiters[record.job_id].append((message.identity, message.msg_id))
            self._push_status(record.job_id)
            return
        if not self.store.set_state(record.job_id, CANCELED, only_from=_LIVE):
            state = self.store.get_job(record.job_id).state
            raise _Refused("job_finished", f"job {record.job_id} already {state}", field="job_id")
        self._reply(message, Canceled(record.job_id, CANCELED))
        self._push_status(record.job_id)

    def _on_subscribe(self, message: Message, body: Subscribe, artist: str) -> None:
        record = self._own_job(artist, body.job_id)
        if body.from_frame > record.total:
            raise _Refused("invalid_content", f"from_frame {body.from_frame} is beyond the job's "
                           f"{record.total} images", field="from_frame")
        try:
            sub = self.streams.subscribe(message.identity, artist, record.job_id, body.from_frame, body.credit)
        except TooManySubscriptions as exc:
            raise _Refused("limit_exceeded", str(exc), retryable=True) from None
        self._reply(message, record.status())
        sub.final_sent = record.final
        self._pump(record.job_id)

    def _on_unsubscribe(self, message: Message, body: Unsubscribe, artist: str) -> None:
        self.streams.unsubscribe(message.identity, body.job_id)

    def _on_credit(self, message: Message, body: Credit, artist: str) -> None:
        if self.streams.grant(message.identity, body.job_id, body.frames) is None:
            raise _Refused("not_found", f"this connection does not follow job {body.job_id}; subscribe first",
                           field="job_id")
        self._pump(body.job_id)

    _HANDLERS = {Hello: _on_hello, Ping: _on_ping, SubmitRender: _on_submit_render,
                 SubmitMotion: _on_submit_motion, SubmitPortrait: _on_submit_portrait, StatusRequest: _on_status,
                 ListJobs: _on_list_jobs,
                 Cancel: _on_cancel, Subscribe: _on_subscribe, Unsubscribe: _on_unsubscribe, Credit: _on_credit}

    # ------------------------------------------------------------------ streaming

    def _pump(self, job_id: str) -> None:
        """Send every image a follower of `job_id` has credit for and the job has finished."""
        followers = self.streams.followers(job_id)
        if not followers:
            return
        record = self.store.get_job(job_id)
        if record is None:
            return
        for sub in followers:
            identity = sub.identity
            if record.kind != "render":
                if record.state == COMPLETED and not sub.result_sent:
                    try:
                        result = self._result_message(record)
                    except (OSError, ValueError, KeyError) as exc:
                        log.warning("job %s: its stored result is lost (%s); making it again", job_id, exc)
                        self.store.forget_frame(job_id, 0)
                        self._redo(record)
                        return
                    outcome = self._send(identity, result)
                    if outcome == "sent":
                        sub.result_sent = True
                    elif outcome == "again":
                        self._blocked.add(job_id)
                continue
            while sub.credit > 0 and sub.next_index < record.total:
                frame = self.store.frame(job_id, sub.next_index)
                if frame is None:
                    break
                body = self._frame_body(record, frame)
                if body is None:  # its stored copy was lost: rendered again, or reported lost
                    self._lost_image(record, frame)
                    record = self.store.get_job(job_id)
                    continue
                outcome = self._send(identity, body)
                if outcome == "again":
                    self._blocked.add(job_id)
                    break
                if outcome == "gone":
                    break
                sub.next_index += 1
                sub.credit -= 1
                sub.sent += 1

    def _result_message(self, record: JobRecord) -> Body:
        """The stored result of a finished motion or portrait job, as the message that delivers it."""
        folder = self.store.job_folder(record.job_id)
        if record.kind == "portrait":
            return BustResult(record.job_id, jobfiles.load_bust(folder))
        return TrackResult(record.job_id, jobfiles.load_result(folder), plan=jobfiles.load_result_plan(folder))

    def _frame_body(self, record: JobRecord, frame) -> Frame | None:
        """The `frame` message of a finished image; None when its stored copy is missing or damaged
        (it never goes out with bytes that do not match its sha256)."""
        meta = record.meta
        offset, view = frame_and_view(frame.index, meta["n_views"])
        image = None
        if frame.state == FRAME_DONE:
            data = self.store.read_frame(frame.content_hash, frame.sha256)
            if data is None:
                return None
            image = Blob("png", data)
        return Frame(job_id=record.job_id, index=frame.index, view=view, view_name=meta["view_names"][view],
                     frame=meta["first_frame"] + offset, state=frame.state, sha256=frame.sha256,
                     error=frame.error, cached=frame.cached, image=image)

    def _lost_image(self, record: JobRecord, frame) -> None:
        """An image's stored copy is gone or damaged. A canceled job will not render it again: the
        image is recorded as failed, with why, and its followers get that. Any other job renders it
        again (a finished one goes back to the queue; a running one's worker picks it up)."""
        self.store.forget_frame(record.job_id, frame.index)
        if record.state == CANCELED:
            self.store.record_frame(record.job_id, frame.index, state=FRAME_FAILED, server_session=self.session_id,
                                    error="its stored image was damaged or deleted on the server and the job was "
                                          "canceled, so it is not rendered again; submit the job again to get it")
            return
        log.warning("job %s: image %d is lost from the store; rendering it again", record.job_id, frame.index)
        self._redo(record)

    def _redo(self, record: JobRecord) -> None:
        """Put a finished job back to work on its images (or result) that are no longer in the store."""
        if self.store.set_state(record.job_id, QUEUED, only_from=(COMPLETED, FAILED)):
            self._push_status(record.job_id)
        self.scheduler.submit(record.job_id, record.artist)  # a job still running picks it up by itself

    def _push_status(self, job_id: str) -> None:
        followers = self.streams.followers(job_id)
        if not followers:
            return
        status = self.store.get_job(job_id).status()
        for sub in followers:
            self._send(sub.identity, status)
            sub.final_sent = status.final

    def _worker_events(self) -> None:
        touched: dict[str, bool] = {}
        while True:
            try:
                kind, job_id, *_ = self._events.get_nowait()
            except queue.Empty:
                break
            if kind == "engine":
                self._engine_ready(job_id)
                continue
            touched[job_id] = touched.get(job_id, False) or kind == "state"
            if kind == "frame":
                self._dirty.add(job_id)
        # Images first, then the state change: a follower with credit sees the last image before
        # the final status.
        for job_id, state_changed in touched.items():
            self._pump(job_id)
            if state_changed:
                self._on_state_change(job_id)

    def _engine_ready(self, name: str | None) -> None:
        """Answer the submits that waited for engine `name` (None: warm-up is over, answer all)."""
        names = list(self._waiting_for_engine) if name is None else [name]
        for engine_name in names:
            for message, body, artist in self._waiting_for_engine.pop(engine_name, []):
                self._dispatch(message, body, artist)

    def _on_state_change(self, job_id: str) -> None:
        record = self.store.get_job(job_id)
        if record is None:
            return
        self._dirty.discard(job_id)
        self._push_status(job_id)
        if record.state in FINAL_STATES:
            for identity, msg_id in self._cancel_waiters.pop(job_id, []):
                if record.state == CANCELED:
                    self._send(identity, Canceled(job_id, CANCELED), reply_to=msg_id)
                else:
                    self._send(identity, Error("job_finished", f"job {job_id} {record.state} before the cancel "
                                               f"took effect", field="job_id"), reply_to=msg_id)

    def _revoke(self, identity: tuple[bytes, ...]) -> None:
        peer = self._peers.get(identity)
        dropped = self.streams.drop_client(identity)
        self._peers.pop(identity, None)
        if peer is not None or dropped:
            log.warning("a connection of artist %s lost its rights (key removed from the artists file); "
                        "dropped %d stream(s)", peer.artist if peer else "?", dropped)

    def _housekeeping(self, now: float) -> None:
        self.retention.maybe_trim()
        for job_id in list(self._dirty):
            self._push_status(job_id)
        self._dirty.clear()
        if self._auth is not None:  # streams of keys taken out of the artists file stop here
            for identity, peer in list(self._peers.items()):
                if self._auth.artist(peer.key) is None:
                    self._revoke(identity)
        timeout = self.settings.client_timeout_s
        for identity, peer in list(self._peers.items()):
            if now - peer.last_seen > timeout:
                dropped = self.streams.drop_client(identity)
                del self._peers[identity]
                self._outbox.pop(identity, None)
                if dropped:
                    log.info("client of artist %s silent for %.0f s: dropped %d stream(s); its jobs go on",
                             peer.artist, timeout, dropped)
        for job_id in self.streams.jobs():
            record = self.store.get_job(job_id)
            if record is not None and record.final:
                # A final job's finished images are indices 0 … done+failed-1 (rendered in order).
                for sub in self.streams.followers(job_id):
                    sent_all = sub.next_index >= record.done + record.failed if record.kind == "render" \
                        else sub.result_sent or record.state != COMPLETED
                    if sent_all:
                        # The store can be final before the I/O thread hears of it (an executor tells a turn's
                        # events once the job has left its scheduler): a follower dropped then never heard the
                        # final status.
                        if not sub.final_sent:
                            self._send(sub.identity, record.status())
                        self.streams.unsubscribe(sub.identity, job_id)

    # ------------------------------------------------------------------ diagnostics

    def stats(self) -> dict:
        return {"subscriptions": len(self.streams), "peers": len(self._peers),
                "peak_credit": self.streams.peak_credit, **self.counters.snapshot()}

