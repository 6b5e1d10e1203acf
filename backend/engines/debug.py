"""The `debug` engine: a diagnostic drawing of exactly what a job asks for, made with OpenCV.

Per image it projects, through that view's camera, the head's axes and three rings around the
head origin (global pose and translation), the eyes with their gaze (eye poses) and lid closure
(eyelids), and a jaw line (jaw pose); it draws the first expression coefficients as bars, the
reference portrait as a thumbnail, and the view name and scene frame number as text. It needs no
weights and renders in about a millisecond, so it checks cameras, tracks and the whole streaming
path end to end. It is not a photoreal engine.

Option `delay_ms` (0-10000) slows each image down on purpose, to make long jobs for testing
cancel and crash recovery; it does not change the pixels.
"""

from __future__ import annotations

import numbers
import threading
from typing import Any, Mapping

import cv2
import numpy as np

from backend.cancellation import JobCanceled
from protocols.flame_conventions import POSE_SLICES, axis_angle_to_matrix

from .base import Engine, EngineOptionError, JobPlan, RenderRequest

_HEAD_RADIUS = 0.1  # metres: about a human head
_EYES = np.array([[0.032, 0.035, 0.085], [-0.032, 0.035, 0.085]])  # subject's left (+x), right
_JAW_PIVOT = np.array([0.0, -0.02, 0.0])
_UPPER_LIP = np.array([0.0, -0.045, 0.095])
_CHIN = np.array([0.0, -0.085, 0.08])
_AXIS_COLOURS = ((230, 60, 60), (60, 200, 60), (70, 110, 240))  # x red, y green, z blue (RGB)


def _ring(plane: tuple[int, int], n: int = 48) -> np.ndarray:
    angles = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    points = np.zeros((n, 3))
    points[:, plane[0]] = _HEAD_RADIUS * np.cos(angles)
    points[:, plane[1]] = _HEAD_RADIUS * np.sin(angles)
    return points


_RINGS = (_ring((0, 1)), _ring((1, 2)), _ring((0, 2)))


class DebugEngine(Engine):
    name = "debug"
    version = "2"  # 2: RGBA (opaque)
    runtime_options = frozenset({"delay_ms"})

    def check_options(self, options: Mapping[str, Any]) -> None:
        unknown = sorted(set(options) - {"delay_ms"})
        if unknown:
            raise EngineOptionError(f"the debug engine has no option(s) {', '.join(unknown)}; "
                                    f"it knows only delay_ms", option=unknown[0])
        delay = options.get("delay_ms", 0)
        if isinstance(delay, bool) or not isinstance(delay, numbers.Real) or not 0 <= delay <= 10_000:
            raise EngineOptionError(f"options.delay_ms must be a number of milliseconds in [0, 10000], "
                                    f"got {delay!r}", option="delay_ms")

    def frame_extra(self, request: RenderRequest, view_index: int, frame_offset: int) -> dict:
        return {"scene_frame": request.track.first_frame + frame_offset}

    def prepare(self, request: RenderRequest, cancel: threading.Event) -> JobPlan:
        width, height = request.resolution
        reference = cv2.imdecode(np.frombuffer(request.reference_png, np.uint8), cv2.IMREAD_COLOR)
        if reference is None:
            raise ValueError("the reference portrait is not a decodable PNG")
        thumb_w = max(8, width // 5)
        thumb_h = max(8, round(thumb_w * reference.shape[0] / reference.shape[1]))
        thumb = cv2.cvtColor(cv2.resize(reference, (thumb_w, thumb_h), interpolation=cv2.INTER_AREA),
                             cv2.COLOR_BGR2RGB)
        return JobPlan(request=request, cancel=cancel, state={"thumb": thumb[: height // 3]})

    def render_frame(self, plan: JobPlan, view_index: int, frame_offset: int) -> np.ndarray:
        delay_s = float(plan.request.options.get("delay_ms", 0)) / 1000.0
        if delay_s and plan.cancel.wait(delay_s):
            raise JobCanceled()
        request = plan.request
        width, height = request.resolution
        view = request.views[view_index]
        track = request.track
        t = frame_offset
        image = np.full((height, width, 3), 24, np.uint8)
        scale = max(1, round(min(width, height) / 256))

        pose = track.pose[t].astype(np.float64)
        head_r = axis_angle_to_matrix(pose[POSE_SLICES["global"]])
        origin = track.translation[t].astype(np.float64)

        def to_world(local: np.ndarray) -> np.ndarray:
            return local @ head_r.T + origin

        def polyline(points_world: np.ndarray, colour, closed: bool) -> None:
            uv, _ = view.project(points_world)
            if np.isnan(uv).any():
                return
            cv2.polylines(image, [np.round(uv * 16).astype(np.int32)], closed, colour, scale, cv2.LINE_AA,
                          shift=4)

        for ring in _RINGS:
            polyline(to_world(ring), (120, 120, 130), True)
        for axis, colour in enumerate(_AXIS_COLOURS):
            tip = np.zeros(3)
            tip[axis] = 1.5 * _HEAD_RADIUS
            polyline(to_world(np.stack([np.zeros(3), tip])), colour, False)

        jaw_r = axis_angle_to_matrix(pose[POSE_SLICES["jaw"]])
        chin = _JAW_PIVOT + jaw_r @ (_CHIN - _JAW_PIVOT)
        polyline(to_world(np.stack([_UPPER_LIP, chin])), (240, 170, 60), False)

        eyelids = track.eyelids[t]
        for eye, (centre, joint) in enumerate(zip(_EYES, ("eye_left", "eye_right"))):
            gaze = centre + axis_angle_to_matrix(pose[POSE_SLICES[joint]]) @ np.array([0.0, 0.0, 0.04])
            polyline(to_world(np.stack([centre, gaze])), (240, 240, 240), False)
            uv, _ = view.project(to_world(centre))
            if not np.isnan(uv).any():
                radius = 4 * scale
                centre_px = tuple(int(round(c)) for c in uv)
                cv2.circle(image, centre_px, radius, (240, 240, 240), scale, cv2.LINE_AA)
                closed = float(eyelids[eye])
                if closed > 0:
                    cv2.ellipse(image, centre_px, (radius, max(1, round(radius * closed))), 0, 180, 360,
                                (200, 120, 90), -1, cv2.LINE_AA)

        bars = track.expression[t, :10]
        bar_w = max(2, width // 40)
        base_y = height - 6 * scale
        for i, value in enumerate(bars):
            x = 4 * scale + i * (bar_w + 2)
            h = int(np.clip(abs(float(value)), 0, 3) / 3 * height / 8)
            colour = (90, 200, 230) if value >= 0 else (230, 120, 200)
            cv2.rectangle(image, (x, base_y - h), (x + bar_w, base_y), colour, -1)

        thumb = plan.state["thumb"]
        image[: thumb.shape[0], width - thumb.shape[1]:] = thumb[:, : width]
        font_scale = 0.4 * scale
        cv2.putText(image, f"{view.name}  frame {track.first_frame + t}", (4 * scale, 14 * scale),
                    cv2.FONT_HERSHEY_SIMPLEX, font_scale, (230, 230, 230), 1, cv2.LINE_AA)
        cv2.putText(image, "debug engine", (4 * scale, 28 * scale), cv2.FONT_HERSHEY_SIMPLEX, font_scale,
                    (150, 150, 150), 1, cv2.LINE_AA)
        # RGBA: the debug drawing has no matte, so it is opaque.
        return np.concatenate([image, np.full((height, width, 1), 255, np.uint8)], 2)
