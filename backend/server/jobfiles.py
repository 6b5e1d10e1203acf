"""How a submitted job is kept in the spool and read back: request.json (content fields),
track.npz (the five arrays, no pickles), reference.png or the motion media file, and for motion
jobs the result track in result.npz. Also the request digest behind idempotency keys."""

from __future__ import annotations

import hashlib
import io
import json
from typing import Mapping

import numpy as np

from backend.engines.base import RenderRequest
from backend.motion.base import MotionRequest
from protocols.messages import SubmitMotion, SubmitRender
from protocols.tracks import ARRAY_FIELDS, NPZ_FORMAT, Track
from protocols.views import CameraView
from protocols.wire import Blob, json_bytes
from .store import JobRecord, JobStore

REQUEST = "request.json"
TRACK = "track.npz"
REFERENCE = "reference.png"
RESULT = "result.npz"
MEDIA = {"wav": "media.wav", "mp4": "media.mp4"}


def request_digest(content: Mapping, buffers: list) -> str:
    """sha256 of what a request asks for: its content without the idempotency key, and its buffers."""
    digest = hashlib.sha256(json_bytes({k: v for k, v in sorted(content.items()) if k != "idempotency_key"}))
    for buffer in buffers:
        if isinstance(buffer, Blob):
            digest.update(buffer.format.encode())
            digest.update(hashlib.sha256(buffer.data).digest())
        else:
            digest.update(json_bytes([buffer.dtype.str, list(buffer.shape)]))
            digest.update(hashlib.sha256(np.ascontiguousarray(buffer).tobytes()).digest())
    return digest.hexdigest()


def track_npz(track: Track) -> bytes:
    out = io.BytesIO()
    np.savez(out, **track.to_arrays())
    return out.getvalue()


def read_track(data: bytes, meta: Mapping) -> Track:
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in ARRAY_FIELDS}
    return Track.from_arrays(arrays, {"format": NPZ_FORMAT, **meta})


def render_files(request: SubmitRender) -> dict[str, bytes]:
    content, _ = request.encode()
    return {REQUEST: json_bytes(content), TRACK: track_npz(request.track), REFERENCE: request.reference.data}


def render_meta(request: SubmitRender) -> dict:
    return {"view_names": [v.name for v in request.views], "first_frame": request.track.first_frame,
            "n_frames": request.track.num_frames, "n_views": len(request.views),
            "resolution": list(request.resolution)}


def load_render_request(store: JobStore, record: JobRecord) -> RenderRequest:
    content = json.loads(store.read_file(record.job_id, REQUEST))
    track = read_track(store.read_file(record.job_id, TRACK), {
        "fps": content["fps"], "first_frame": content["first_frame"], "head_model": content["head_model"]})
    width, height = content["resolution"]
    views = tuple(CameraView.from_dict(v).scaled(width, height) for v in content["views"])
    return RenderRequest(engine=content["engine"], track=track, views=views,
                         reference_png=store.read_file(record.job_id, REFERENCE), resolution=(width, height),
                         options=content.get("options", {}))


def motion_files(request: SubmitMotion) -> dict[str, bytes]:
    content, _ = request.encode()
    files = {REQUEST: json_bytes(content)}
    if request.media is not None:
        files[MEDIA[request.media.format]] = request.media.data
    return files


def load_motion_request(store: JobStore, record: JobRecord) -> SubmitMotion:
    content = json.loads(store.read_file(record.job_id, REQUEST))
    buffers = []
    for fmt, name in MEDIA.items():
        if (store.jobs_dir / record.job_id / name).exists():
            buffers.append(Blob(fmt, store.read_file(record.job_id, name)))
    return SubmitMotion.decode(content, buffers)


def motion_request(body: SubmitMotion) -> MotionRequest:
    """What a generator needs of a `submit_motion` message."""
    return MotionRequest(kind=body.kind, head_model=body.head_model, fps=body.fps, first_frame=body.first_frame,
                         num_frames=body.num_frames, prompt=body.prompt,
                         media=body.media.data if body.media is not None else None, options=body.options)


def save_result(store: JobStore, job_id: str, track: Track) -> None:
    meta = {"fps": track.fps, "first_frame": track.first_frame, "head_model": track.head_model.to_dict()}
    store.write_file(job_id, RESULT + ".json", json_bytes(meta))
    store.write_file(job_id, RESULT, track_npz(track))


def load_result(store: JobStore, job_id: str) -> Track:
    meta = json.loads(store.read_file(job_id, RESULT + ".json"))
    return read_track(store.read_file(job_id, RESULT), meta)
