"""Which actor takes a chunk of images, as Ray Serve's model multiplexing routes requests: to a free actor
that already holds the job's prepared portrait when there is one, otherwise to the least loaded free actor
(fewest chunks in flight, then fewest portraits held, so a new portrait evicts nothing from a busy cache).
No Ray here: the executor keeps one `ActorSlot` per actor and asks the router."""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import threading

from backend.engines.base import Engine, PortraitRequest, RenderRequest
from protocols.wire import json_bytes

# Prepared portraits an actor keeps in memory (the warp engine keeps this many).
PORTRAITS_PER_ACTOR = 4


def affinity_key(engine: Engine, request: RenderRequest | PortraitRequest) -> str:
    """What an actor's preparation of a job depends on beyond the track and views: the engine, the reference
    photo, the head and the pixel-changing options. Jobs with the same key reuse one actor's preparation; a
    portrait job (the bust) has the key of the renders it shares that preparation with."""
    head = request.head_model if isinstance(request, PortraitRequest) else request.track.head_model
    options = {k: v for k, v in sorted(request.options.items()) if k not in engine.runtime_options}
    described = {"engine": engine.name, "version": engine.version, "photo": request.reference_sha256,
                 "head": head.sha256, "options": options}
    return hashlib.sha256(json_bytes(described)).hexdigest()


@dataclasses.dataclass(eq=False)
class ActorSlot:
    name: str
    capacity: int = 1
    healthy: bool = True
    in_flight: int = 0
    chunks: int = 0
    portraits: "collections.OrderedDict[str, None]" = dataclasses.field(default_factory=collections.OrderedDict)

    @property
    def free(self) -> bool:
        return self.healthy and self.in_flight < self.capacity

    def holds(self, key: str) -> bool:
        return key in self.portraits


class Router:
    """Thread-safe: the dispatcher assigns, lanes report back."""

    def __init__(self, slots: list[ActorSlot]):
        self.slots = slots
        self._lock = threading.Lock()

    def any_free(self) -> bool:
        with self._lock:
            return any(s.free for s in self.slots)

    def any_healthy(self) -> bool:
        with self._lock:
            return any(s.healthy for s in self.slots)

    def choose(self, key: str) -> ActorSlot | None:
        """The free actor for a chunk of a job with affinity `key`, marked busy with it; None if none is free."""
        with self._lock:
            free = [s for s in self.slots if s.free]
            if not free:
                return None
            holders = [s for s in free if s.holds(key)]
            slot = min(holders or free, key=lambda s: (s.in_flight, len(s.portraits), s.chunks))
            slot.in_flight += 1
            slot.chunks += 1
            slot.portraits[key] = None
            slot.portraits.move_to_end(key)
            while len(slot.portraits) > PORTRAITS_PER_ACTOR:
                slot.portraits.popitem(last=False)
            return slot

    def done(self, slot: ActorSlot) -> None:
        with self._lock:
            slot.in_flight = max(0, slot.in_flight - 1)

    def lost(self, slot: ActorSlot) -> None:
        """The actor died (Ray restarts it empty): out of rotation until it answers again."""
        with self._lock:
            slot.healthy = False
            slot.portraits.clear()

    def back(self, slot: ActorSlot) -> None:
        with self._lock:
            slot.healthy = True
