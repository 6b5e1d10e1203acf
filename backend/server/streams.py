"""Subscriptions and their credit, owned by the I/O thread (no locking).

A subscription is one client connection (ROUTER identity) following one job from a stream index
on. The server sends an image only while the subscription has credit, and at most `max_credit`
may be outstanding, so a slow or vanished client holds at most that many images in flight.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(eq=False)
class Subscription:
    identity: tuple[bytes, ...]
    job_id: str
    artist: str
    next_index: int
    credit: int
    sent: int = 0
    result_sent: bool = False
    # The job's final status has gone to this follower: only then may the stream be dropped as complete.
    final_sent: bool = False


class TooManySubscriptions(Exception):
    """A connection tried to follow more jobs at once than the server allows."""


class StreamTable:
    def __init__(self, max_credit: int, max_per_client: int = 64):
        self.max_credit = max_credit
        self.max_per_client = max_per_client
        self._subs: dict[tuple[tuple[bytes, ...], str], Subscription] = {}
        self._by_job: dict[str, dict[tuple[bytes, ...], Subscription]] = {}
        self._by_client: dict[tuple[bytes, ...], set[str]] = {}
        self.peak_credit = 0

    def subscribe(self, identity: tuple[bytes, ...], artist: str, job_id: str, from_frame: int, credit: int) -> Subscription:
        """Add or replace this connection's subscription to the job."""
        jobs = self._by_client.setdefault(identity, set())
        if job_id not in jobs and len(jobs) >= self.max_per_client:
            raise TooManySubscriptions(f"a connection may follow at most {self.max_per_client} jobs at once")
        sub = Subscription(identity, job_id, artist, next_index=from_frame, credit=min(credit, self.max_credit))
        self._subs[(identity, job_id)] = sub
        self._by_job.setdefault(job_id, {})[identity] = sub
        jobs.add(job_id)
        self.peak_credit = max(self.peak_credit, sub.credit)
        return sub

    def get(self, identity: tuple[bytes, ...], job_id: str) -> Subscription | None:
        return self._subs.get((identity, job_id))

    def grant(self, identity: tuple[bytes, ...], job_id: str, frames: int) -> Subscription | None:
        sub = self._subs.get((identity, job_id))
        if sub is not None:
            sub.credit = min(sub.credit + frames, self.max_credit)
            self.peak_credit = max(self.peak_credit, sub.credit)
        return sub

    def unsubscribe(self, identity: tuple[bytes, ...], job_id: str) -> bool:
        sub = self._subs.pop((identity, job_id), None)
        if sub is None:
            return False
        followers = self._by_job.get(job_id, {})
        followers.pop(identity, None)
        if not followers:
            self._by_job.pop(job_id, None)
        jobs = self._by_client.get(identity)
        if jobs is not None:
            jobs.discard(job_id)
            if not jobs:
                del self._by_client[identity]
        return True

    def drop_client(self, identity: tuple[bytes, ...]) -> int:
        jobs = list(self._by_client.get(identity, ()))
        for job_id in jobs:
            self.unsubscribe(identity, job_id)
        return len(jobs)

    def jobs_of(self, identity: tuple[bytes, ...]) -> list[str]:
        return list(self._by_client.get(identity, ()))

    def followers(self, job_id: str) -> list[Subscription]:
        return list(self._by_job.get(job_id, {}).values())

    def jobs(self) -> list[str]:
        return list(self._by_job)

    def __len__(self) -> int:
        return len(self._subs)
