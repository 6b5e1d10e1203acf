"""A job's inputs as the server keeps them. A submitted message is checked once (decoding it) and
turned into the request an engine or generator takes (`render_request`, `motion_request`); that
request goes to a worker in memory, and into the spool so that a restarted server can run the job
again (`write_render` / `read_render`, `write_motion` / `read_motion`).

A job's spool folder: request.json (what the request asks for besides its track and files),
track.npz (the track, in `Track.save_npz` format), reference.png or the motion media file
(media.wav, media.mp4), and for a motion job its result, result.npz (`Track.save_npz` format), with
plan.json beside it where the generator followed a motion plan; for a portrait job its bust, bust.npz
(`Bust.save_npz` format).
"""

from __future__ import annotations

import json
from pathlib import Path

from backend.engines.base import PortraitRequest, RenderRequest
from backend.motion.base import MotionRequest
from protocols.atomic_files import atomic_write
from protocols.bust import Bust
from protocols.head_id import HeadModelId
from protocols.messages import SubmitMotion, SubmitPortrait, SubmitRender
from protocols.tracks import Track
from protocols.views import CameraView
from protocols.wire import json_bytes

REQUEST = "request.json"
TRACK = "track.npz"
REFERENCE = "reference.png"
RESULT = "result.npz"
RESULT_PLAN = "plan.json"
BUST = "bust.npz"
MEDIA = {"audio": "media.wav", "video": "media.mp4"}


# ---------------------------------------------------------------------------- render jobs


def render_request(body: SubmitRender) -> RenderRequest:
    """What an engine needs of a `submit_render` message (its views scaled to the job's resolution)."""
    width, height = body.resolution
    views = tuple(v if (v.width, v.height) == (width, height) else v.scaled(width, height) for v in body.views)
    return RenderRequest(engine=body.engine, track=body.track, views=views, reference_png=body.reference.data,
                         resolution=(width, height), options=body.options)


def render_meta(request: RenderRequest) -> dict:
    """What the I/O thread needs to describe the job's images, kept in the job's row."""
    return {"view_names": [v.name for v in request.views], "first_frame": request.track.first_frame,
            "n_frames": request.n_frames, "n_views": request.n_views, "resolution": list(request.resolution)}


def write_render(folder: Path, request: RenderRequest) -> None:
    content = {"engine": request.engine, "resolution": list(request.resolution),
               "views": [v.to_dict() for v in request.views], "options": dict(request.options)}
    atomic_write(folder / REQUEST, json_bytes(content))
    request.track.save_npz(folder / TRACK)
    atomic_write(folder / REFERENCE, request.reference_png)


def read_render(folder: Path) -> RenderRequest:
    """The request `write_render` kept, checked again: it enters a new server process."""
    content = json.loads((folder / REQUEST).read_bytes())
    width, height = content["resolution"]
    return RenderRequest(engine=content["engine"], track=Track.load_npz(folder / TRACK),
                         views=tuple(CameraView.from_dict(v) for v in content["views"]),
                         reference_png=(folder / REFERENCE).read_bytes(), resolution=(width, height),
                         options=content["options"])


# ---------------------------------------------------------------------------- motion jobs


def motion_request(body: SubmitMotion) -> MotionRequest:
    """What a generator needs of a `submit_motion` message."""
    return MotionRequest(kind=body.kind, head_model=body.head_model, fps=body.fps, first_frame=body.first_frame,
                         num_frames=body.num_frames, prompt=body.prompt,
                         media=body.media.data if body.media is not None else None, options=body.options)


def write_motion(folder: Path, request: MotionRequest) -> None:
    content = {"kind": request.kind, "head_model": request.head_model.to_dict(), "fps": request.fps,
               "first_frame": request.first_frame, "num_frames": request.num_frames, "prompt": request.prompt,
               "options": dict(request.options)}
    atomic_write(folder / REQUEST, json_bytes(content))
    if request.media is not None:
        atomic_write(folder / MEDIA[request.kind], request.media)


def read_motion(folder: Path) -> MotionRequest:
    """The request `write_motion` kept, checked again: it enters a new server process."""
    content = json.loads((folder / REQUEST).read_bytes())
    media = folder / MEDIA[content["kind"]] if content["kind"] in MEDIA else None
    return MotionRequest(kind=content["kind"], head_model=HeadModelId.from_dict(content["head_model"]),
                         fps=float(content["fps"]), first_frame=int(content["first_frame"]),
                         num_frames=content["num_frames"], prompt=content["prompt"],
                         media=media.read_bytes() if media is not None else None, options=content["options"])


def save_result(folder: Path, track: Track, plan: dict | None = None) -> None:
    if plan is not None:   # first: a result.npz on disk means the result is complete
        atomic_write(folder / RESULT_PLAN, json_bytes(plan))
    track.save_npz(folder / RESULT)


def load_result_plan(folder: Path) -> dict | None:
    """The plan saved with a motion result; None when the generator followed none."""
    path = folder / RESULT_PLAN
    if not path.exists():
        return None
    plan = json.loads(path.read_bytes())
    if not isinstance(plan, dict):
        raise ValueError(f"{path} is not a JSON object")
    return plan


def load_result(folder: Path) -> Track:
    return Track.load_npz(folder / RESULT)


# ---------------------------------------------------------------------------- portrait jobs


def portrait_request(body: SubmitPortrait) -> PortraitRequest:
    """What an engine needs of a `submit_portrait` message."""
    return PortraitRequest(engine=body.engine, head_model=body.head_model, reference_png=body.reference.data,
                           options=body.options)


def write_portrait(folder: Path, request: PortraitRequest) -> None:
    content = {"engine": request.engine, "head_model": request.head_model.to_dict(),
               "options": dict(request.options)}
    atomic_write(folder / REQUEST, json_bytes(content))
    atomic_write(folder / REFERENCE, request.reference_png)


def read_portrait(folder: Path) -> PortraitRequest:
    """The request `write_portrait` kept, checked again: it enters a new server process."""
    content = json.loads((folder / REQUEST).read_bytes())
    return PortraitRequest(engine=content["engine"], head_model=HeadModelId.from_dict(content["head_model"]),
                           reference_png=(folder / REFERENCE).read_bytes(), options=content["options"])


def save_bust(folder: Path, bust: Bust) -> None:
    bust.save_npz(folder / BUST)


def load_bust(folder: Path) -> Bust:
    return Bust.load_npz(folder / BUST)
