"""`mvportrait serve --rebuild-store`: the job index (jobs.sqlite) made again from the spool.

Every job folder keeps job.json: its row as it was created, and its final state once it reached
one. A job the database does not know gets its row back. A render job's images are found again in
the spool's image cache by their content key (the engine's `frame_key` over the job's stored
request), each checked to be a whole PNG; a motion job's result by its result file. A job whose
recorded state was final keeps it (a completed one whose images are not all there is queued to
render the rest); any other job is queued, and the workers finish it, reusing the images found.
Folders without a readable job.json are left where they are and listed in the report."""

from __future__ import annotations

import dataclasses
import hashlib
import logging

import cv2
import numpy as np

from protocols.messages import CANCELED, COMPLETED, FAILED, QUEUED

from . import jobfiles
from .registry import Registry
from .store import JobStore

log = logging.getLogger("mvportrait.server")

_ROW_FIELDS = ("job_id", "artist", "idempotency_key", "request_digest", "kind", "engine", "total", "meta", "created")


@dataclasses.dataclass
class RebuildReport:
    indexed: dict[str, str] = dataclasses.field(default_factory=dict)   # job id → state it was given
    images: int = 0
    skipped: dict[str, str] = dataclasses.field(default_factory=dict)   # job id → why it was left alone

    def summary(self) -> str:
        text = f"rebuilt the job index: {len(self.indexed)} job(s), {self.images} image(s) found in the spool"
        if self.skipped:
            text += "; left alone (no readable job.json): " + ", ".join(f"{k} ({v})" for k, v in self.skipped.items())
        return text


def rebuild_index(store: JobStore, registry: Registry, server_session: str) -> RebuildReport:
    """Index every job folder of the spool that the database does not know."""
    report = RebuildReport()
    known = set(store.job_ids())
    for job_id in store.spooled_jobs():
        if job_id in known:
            continue
        try:
            row = store.read_job_record(job_id)
            missing = [name for name in _ROW_FIELDS if name not in row]
            if missing or row["job_id"] != job_id:
                raise ValueError(f"job.json lacks {', '.join(missing) or 'this job id'}")
        except (OSError, ValueError) as exc:
            report.skipped[job_id] = str(exc)
            continue
        images = _images_in_spool(store, registry, job_id, row)
        recorded = row.get("state")
        if recorded in (CANCELED, FAILED):
            state = recorded
        elif len(images) == row["total"]:
            state = COMPLETED
        else:
            state = QUEUED
        store.index_job(row, state, row.get("error") if state == recorded else None, images, server_session)
        report.indexed[job_id] = state
        report.images += len(images)
    log.info("%s", report.summary())
    return report


def _images_in_spool(store: JobStore, registry: Registry, job_id: str, row: dict) -> dict[int, tuple]:
    """Stream index → (content key, sha256) of every image of the job that is whole in the spool."""
    folder = store.job_folder(job_id)
    if row["kind"] in ("motion", "portrait"):
        result = jobfiles.RESULT if row["kind"] == "motion" else jobfiles.BUST
        return {0: (None, None)} if (folder / result).is_file() else {}
    try:
        request = jobfiles.read_render(folder)
        engine = registry.engine(request.engine)
    except Exception as exc:  # the job is queued and fails, with the reason, when a worker takes it
        log.warning("job %s: its images cannot be looked up (%s); it will be rendered again", job_id, exc)
        return {}
    found = {}
    for index in range(request.total):
        offset, view = request.locate(index)
        key = engine.frame_key(request, view, offset)
        try:
            data = store.frame_path(key).read_bytes()
        except FileNotFoundError:
            continue
        if cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED) is not None:
            found[index] = (key, hashlib.sha256(data).hexdigest())
    return found
