"""Fitting the head model to MediaPipe landmarks: identity once from key frames, then pose, translation,
jaw, expression, eyelids and gaze for every frame with a temporal smoothness prior.

Camera: fixed for the clip, a pinhole looking along the head's -z from `eye` = (0, 0, distance) (so the
head stays near the origin of its FLAME frame); the head moves in front of it. The smoothness term is
the MAP form of a random-walk Kalman smoother: each parameter's frame-to-frame change is penalised, so
noisy landmarks are averaged over neighbouring frames and frames without a face are interpolated."""

from __future__ import annotations

import dataclasses
import logging
from typing import Callable

import numpy as np
import torch

from flame_assets.head_model import HeadModel
from protocols.flame_conventions import matrix_to_axis_angle
from protocols.views import CameraView

from .landmark_flame import LandmarkFlame
from .landmarks import LandmarkSequence

log = logging.getLogger("mvportrait.motion.video")

# MediaPipe face-mesh indices used for scale and weighting.
EYE_OUTER = (33, 263)
FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148,
             176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109)
IRISES = tuple(range(468, 478))
EYELIDS = (159, 158, 160, 145, 153, 144, 386, 385, 387, 374, 380, 373)  # upper and lower lid midlines


@dataclasses.dataclass(frozen=True)
class FitConfig:
    fov_deg: float = 35.0  # vertical field of view of the camera that filmed the clip (unknown: a guess)
    n_shape: int = 50  # identity components fitted
    n_expr: int = 50  # expression components fitted (the open head's named ones are the first 23)
    identity_frames: int = 8
    identity_steps: int = 200
    steps: int = 150
    chunk: int = 200  # frames fitted together (memory and speed)
    smooth: float = 1.0  # weight of the frame-to-frame prior (0 = independent frames)
    oval_weight: float = 0.3  # MediaPipe's jaw-line points sit on the silhouette, less reliable
    iris_weight: float = 2.0
    eyelid_weight: float = 3.0  # blinks last a few frames: the lid points must win over the prior
    shape_reg: float = 1e-3
    expr_reg: float = 2e-3
    threads: int = 1


@dataclasses.dataclass
class FrameParams:
    rotation: np.ndarray  # (T, 3) axis-angle of the global joint
    translation: np.ndarray  # (T, 3)
    jaw: np.ndarray  # (T, 3)
    expression: np.ndarray  # (T, n_expr)
    eyelids: np.ndarray  # (T, 2)
    eyes: np.ndarray  # (T, 2, 3) axis-angle of eye_left, eye_right


def tracking_camera(width: int, height: int, fov_deg: float, distance: float) -> CameraView:
    return CameraView.look_at("tracking", eye=(0.0, 0.0, distance), target=(0.0, 0.0, distance - 1.0),
                              up=(0, 1, 0), fov_deg=fov_deg, width=width, height=height)


def _weights(n: int, config: FitConfig) -> torch.Tensor:
    w = torch.ones(n)
    w[list(FACE_OVAL)] = config.oval_weight
    w[list(IRISES)] = config.iris_weight
    w[list(EYELIDS)] = config.eyelid_weight
    return w


def _pnp(template: np.ndarray, points: np.ndarray, K: np.ndarray):
    import cv2

    ok, rvec, tvec = cv2.solvePnP(template.astype(np.float64), points.astype(np.float64), K, None,
                                  flags=cv2.SOLVEPNP_SQPNP)
    if not ok:
        raise RuntimeError("solvePnP failed")
    return cv2.Rodrigues(rvec)[0], tvec[:, 0]


class HeadFitter:
    def __init__(self, head: HeadModel, config: FitConfig = FitConfig()):
        self.head = head
        self.config = config
        self.model = LandmarkFlame(head, "mediapipe", config.n_shape, config.n_expr)
        self.J0 = (head.J_regressor @ head.v_template)[0]
        self.template = head.landmark_points(head.v_template, "mediapipe")

    # ------------------------------------------------------------------ initialisation
    def initial_pose(self, lms: LandmarkSequence, camera: CameraView) -> tuple[np.ndarray, np.ndarray]:
        """Per-frame global rotation and translation from PnP on the neutral template (NaN-free: frames
        without a face are interpolated)."""
        T = len(lms.found)
        rot = np.full((T, 3), np.nan)
        trans = np.full((T, 3), np.nan)
        Rc = np.asarray(camera.R)
        eye = np.asarray(camera.center)
        for i in np.flatnonzero(lms.found):
            R_pnp, t_pnp = _pnp(self.template, lms.points[i], np.asarray(camera.K))
            R_head = Rc.T @ R_pnp
            rot[i] = matrix_to_axis_angle(R_head)
            trans[i] = Rc.T @ (t_pnp + R_pnp @ self.J0) - self.J0 + eye
        return _interpolate(rot), _interpolate(trans)

    def camera_for(self, lms: LandmarkSequence) -> CameraView:
        """The tracking camera, placed at the clip's median head distance."""
        probe = tracking_camera(lms.width, lms.height, self.config.fov_deg, 0.0)
        found = np.flatnonzero(lms.found)
        sample = found[np.linspace(0, len(found) - 1, min(len(found), 15)).astype(int)]
        depths = [_pnp(self.template, lms.points[i], np.asarray(probe.K))[1][2] for i in sample]
        return tracking_camera(lms.width, lms.height, self.config.fov_deg, float(np.median(depths)))

    # ------------------------------------------------------------------ optimisation
    def _project(self, X: torch.Tensor, camera: CameraView) -> torch.Tensor:
        R = torch.tensor(np.asarray(camera.R), dtype=X.dtype)
        t = torch.tensor(np.asarray(camera.t), dtype=X.dtype)
        K = torch.tensor(np.asarray(camera.K), dtype=X.dtype)
        Xc = X @ R.T + t
        z = Xc[..., 2:3].clamp(min=1e-3)
        uv = Xc[..., :2] / z
        return uv * torch.stack([K[0, 0], K[1, 1]]) + torch.stack([K[0, 2], K[1, 2]])

    def _optimise(self, obs: np.ndarray, found: np.ndarray, camera: CameraView, init: FrameParams,
                  shape: np.ndarray | None, steps: int, smooth: float, scale: float,
                  anchor: FrameParams | None = None) -> tuple[FrameParams, np.ndarray, np.ndarray]:
        cfg = self.config
        T = obs.shape[0]
        f = lambda a: torch.tensor(np.asarray(a), dtype=torch.float32).clone().requires_grad_(True)  # noqa: E731
        rot, trans, jaw = f(init.rotation), f(init.translation), f(init.jaw)
        expr, eyes = f(init.expression), f(init.eyes[..., :2])
        lid_logit = f(np.log(np.clip(init.eyelids, 1e-3, 1 - 1e-3) / (1 - np.clip(init.eyelids, 1e-3, 1 - 1e-3))))
        fit_shape = shape is None
        beta = f(np.zeros(cfg.n_shape)) if fit_shape else torch.tensor(shape, dtype=torch.float32)
        groups = [{"params": [rot, jaw, eyes], "lr": 0.01}, {"params": [trans], "lr": 0.002},
                  {"params": [expr, lid_logit], "lr": 0.05}]
        if fit_shape:
            groups.append({"params": [beta], "lr": 0.05})
        opt = torch.optim.Adam(groups)
        target = torch.tensor(np.nan_to_num(obs), dtype=torch.float32)
        mask = torch.tensor(found, dtype=torch.float32)[:, None]
        w = _weights(obs.shape[1], cfg)[None] * mask
        zeros3 = torch.zeros(T, 3)
        for step in range(steps):
            opt.zero_grad()
            eye_pose = torch.cat([eyes, torch.zeros(T, 2, 1)], -1).reshape(T, 6)  # pitch, yaw; no torsion
            pose = torch.cat([rot, zeros3, jaw, eye_pose], 1)
            lids = torch.sigmoid(lid_logit)
            X = self.model(pose, expr, beta, lids, trans)
            r = (self._project(X, camera) - target) / scale  # in inter-ocular units
            data = (w * torch.sqrt((r ** 2).sum(-1) + 1e-6)).sum() / w.sum().clamp(min=1)
            # Priors: small expressions, a jaw that mostly hinges (little yaw/roll, no closing past rest),
            # eyes that look the same way.
            reg = (cfg.expr_reg * (expr ** 2).sum(1).mean() + 1e-2 * (jaw[:, 1:] ** 2).sum(1).mean()
                   + 0.1 * torch.relu(-jaw[:, 0]).pow(2).mean() + 1e-3 * ((eyes[:, 0] - eyes[:, 1]) ** 2).sum(1).mean())
            if fit_shape:
                reg = reg + cfg.shape_reg * (beta ** 2).sum()
            loss = data + reg
            if smooth > 0 and T > 1:
                def d(x):
                    return ((x[1:] - x[:-1]) ** 2).reshape(T - 1, -1).sum(1).mean()
                loss = loss + smooth * (0.5 * d(rot) + 20.0 * d(trans) + 0.5 * d(jaw) + 0.002 * d(expr)
                                        + 0.05 * d(eyes) + 1e-4 * d(torch.sigmoid(lid_logit)))
                if anchor is not None:
                    a = lambda x: torch.tensor(np.asarray(x)[-1:], dtype=torch.float32)  # noqa: E731
                    loss = loss + smooth * (0.5 * ((rot[:1] - a(anchor.rotation)) ** 2).sum()
                                            + 20.0 * ((trans[:1] - a(anchor.translation)) ** 2).sum()
                                            + 0.5 * ((jaw[:1] - a(anchor.jaw)) ** 2).sum())
            loss.backward()
            opt.step()
        with torch.no_grad():
            eye_pose = torch.cat([eyes, torch.zeros(T, 2, 1)], -1)
            params = FrameParams(rot.detach().numpy().copy(), trans.detach().numpy().copy(),
                                 jaw.detach().numpy().copy(), expr.detach().numpy().copy(),
                                 torch.sigmoid(lid_logit).numpy().copy(), eye_pose.numpy().copy())
            pose = torch.cat([rot, zeros3, jaw, eye_pose.reshape(T, 6)], 1)
            X = self.model(pose, expr, beta, torch.sigmoid(lid_logit), trans)
            err = (self._project(X, camera) - target).norm(dim=-1)[:, :468].mean(1).numpy()
        err[~found] = np.nan
        return params, (beta.detach().numpy().copy() if fit_shape else np.asarray(shape)), err

    def _init_params(self, rot: np.ndarray, trans: np.ndarray) -> FrameParams:
        T = rot.shape[0]
        return FrameParams(rot, trans, np.zeros((T, 3)), np.zeros((T, self.config.n_expr)), np.full((T, 2), 0.02),
                           np.zeros((T, 2, 3)))

    def fit(self, lms: LandmarkSequence, progress: Callable[[int], None] | None = None
            ) -> tuple[FrameParams, np.ndarray, CameraView, np.ndarray]:
        """Per-frame parameters, the identity (n_shape,), the tracking camera and the per-frame mean
        landmark error in pixels (NaN where no face was found)."""
        cfg = self.config
        if not lms.found.any():
            raise ValueError("MediaPipe found no face in any frame of the video; give a clip where a face is "
                             "visible (frontal or three-quarter, not too small)")
        torch.set_num_threads(cfg.threads)
        if progress is not None:
            progress(0)  # the fit stage starts (identity first)
        camera = self.camera_for(lms)
        rot, trans = self.initial_pose(lms, camera)
        found = np.flatnonzero(lms.found)
        pts = lms.points[found]
        scale = float(np.median(np.linalg.norm(pts[:, EYE_OUTER[0]] - pts[:, EYE_OUTER[1]], axis=-1)))
        keys = found[np.linspace(0, len(found) - 1, min(len(found), cfg.identity_frames)).astype(int)]
        key_init = self._init_params(rot[keys], trans[keys])
        _, shape, _ = self._optimise(lms.points[keys], np.ones(len(keys), bool), camera, key_init, None,
                                     cfg.identity_steps, 0.0, scale)
        T = len(lms.found)
        parts: list[FrameParams] = []
        errors = []
        for start in range(0, T, cfg.chunk):
            stop = min(T, start + cfg.chunk)
            init = self._init_params(rot[start:stop], trans[start:stop])
            if not lms.found[start:stop].any() and parts:
                last = parts[-1]
                init = FrameParams(*(np.repeat(np.asarray(getattr(last, fld.name))[-1:], stop - start, 0)
                                     for fld in dataclasses.fields(FrameParams)))
            params, _, err = self._optimise(lms.points[start:stop], lms.found[start:stop], camera, init, shape,
                                            cfg.steps, cfg.smooth, scale, parts[-1] if parts else None)
            parts.append(params)
            errors.append(err)
            if progress is not None:
                progress(stop - start)
        joined = FrameParams(*(np.concatenate([getattr(p, fld.name) for p in parts])
                               for fld in dataclasses.fields(FrameParams)))
        return joined, shape, camera, np.concatenate(errors)


def _interpolate(values: np.ndarray) -> np.ndarray:
    """Fill NaN rows by linear interpolation (held at the ends)."""
    out = values.copy()
    ok = np.isfinite(values).all(1)
    idx = np.arange(len(values))
    for j in range(values.shape[1]):
        out[:, j] = np.interp(idx, idx[ok], values[ok, j])
    return out
