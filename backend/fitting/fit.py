"""Fit a head model's identity, expression, jaw, gaze, eyelids and a camera to MediaPipe landmarks.

The open head's `mediapipe` embedding is one-to-one with the face mesh (478 points, irises on the
eyeballs). A user's FLAME head has no such embedding; it is fitted through its own `flame51`/`flame68`
embedding, whose targets are read off the detected face mesh at the points where the open head's
`flame51`/`ibug68` embeddings sit (those lie on the face-mesh triangles, so the transfer is exact on the
open head's topology). Such heads fit pose, camera, jaw, identity and expression from 51/68 points;
gaze and eyelids stay at rest because those landmark sets have no iris points. A head with none of these
embeddings cannot be fitted (FittingError says how to supply one).

The camera: a pinhole at a fixed field of view (`FitConfig.fov_deg`, portraits carry no usable focal
cue in their landmarks) looking at the head; head rotation and translation are fitted and then folded
into the returned reference `CameraView`, expressed in the head's FLAME frame for a head at rest pose
(zero global rotation and translation), like every other view of the project.
"""

from __future__ import annotations

import dataclasses
import math
import threading

import numpy as np
import torch

from backend.cancellation import check_canceled
from backend.flame.layer import FlameLayer
from backend.flame.lbs import axis_angle_to_matrix, rigid_transforms
from flame_assets.head_model import HeadModel
from protocols.views import CameraView

from .detect import FaceDetection

# Embeddings a head may carry, and the open head's embedding that gives their targets on the face mesh.
_EMBEDDING_SOURCES = (("mediapipe", "mediapipe"), ("flame68", "ibug68"), ("ibug68", "ibug68"),
                      ("flame51", "flame51"))
_FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152,
              148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109)
_IRIS = tuple(range(468, 478))
# OpenCV camera axes seen from a camera in front of the face (FLAME +z) with FLAME +y up.
_FLIP = np.diag([1.0, -1.0, -1.0])


class FittingError(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class FitConfig:
    fov_deg: float = 25.0  # vertical field of view of the reference camera
    n_shape: int = 100
    n_expr: int = 100
    rigid_steps: int = 150
    full_steps: int = 350
    lr: float = 0.02
    shape_prior: float = 2e-3
    expression_prior: float = 2e-3
    jaw_prior: float = 1e-2
    eye_prior: float = 1e-3
    oval_weight: float = 0.5  # the face outline is the least certain part of MediaPipe's mesh
    iris_weight: float = 2.0
    seed: int = 0


@dataclasses.dataclass(frozen=True)
class PortraitFit:
    """Everything the warp engine needs from the reference photo's fit."""

    camera: CameraView  # the reference photo's camera, FLAME frame, head at rest pose
    shape: np.ndarray  # (n_shape,) identity of the head model (zero-padded to the model's n_shape)
    expression: np.ndarray  # (n_expr,)
    pose: np.ndarray  # (15,) global and neck zero (folded into the camera); jaw and eyes fitted
    eyelids: np.ndarray  # (2,)
    landmarks: np.ndarray  # (478, 2) detected MediaPipe landmarks, photo pixels
    embedding: str  # which landmark embedding of the head was fitted
    error_px: float  # mean landmark reprojection error, photo pixels
    interocular_px: float

    def vertices(self, layer: FlameLayer) -> torch.Tensor:
        """(1, V, 3) fitted head at rest global pose, FLAME frame."""
        dev = layer.v_template.device
        as_t = lambda a: torch.tensor(np.asarray(a), dtype=torch.float32, device=dev)[None]  # noqa: E731
        with torch.no_grad():
            return layer(as_t(self.pose), as_t(self.expression[: layer.n_expr]), as_t(self.shape[: layer.n_shape]),
                         as_t(self.eyelids), torch.zeros(1, 3, device=dev)).vertices


def landmark_targets(head: HeadModel, detection: FaceDetection,
                     reference: HeadModel | None = None) -> tuple[str, np.ndarray]:
    """(embedding name, (L, 2) pixel targets) for the first embedding of `head` that the face mesh can feed."""
    for key, source in _EMBEDDING_SOURCES:
        if key not in head.landmarks:
            continue
        if source == "mediapipe":
            return key, detection.landmarks
        if reference is None:
            from flame_assets.library import load_head
            reference = load_head("open")
        emb = reference.landmarks[source]
        corners = reference.f[emb.face_idx]
        if corners.max() >= 468:
            raise FittingError(f"the open head's {source} embedding leaves the face mesh; cannot transfer targets")
        targets = np.einsum("lk,lkc->lc", emb.bary, detection.landmarks[corners])
        if len(head.landmarks[key]) != len(targets):
            continue
        return key, targets
    raise FittingError(
        f"head model {head.name!r} has no landmark embedding the fitter can use (it has "
        f"{sorted(head.landmarks) or 'none'}; needed: mediapipe, flame68 or flame51). Import the FLAME file with "
        "its landmark embedding (`mvportrait flame import ... --landmarks landmark_embedding.npy`) or render "
        "with the open head")


class _LandmarkHead:
    """The FLAME layer evaluated only at the vertices that carry landmarks (same maths as backend.flame.lbs),
    so each of the fit's hundreds of steps costs a few hundred vertices instead of the whole head."""

    def __init__(self, layer: FlameLayer, key: str, n_shape: int, n_expr: int):
        corners = getattr(layer, layer._landmarks[key][0])  # (L, 3) vertex ids
        self.bary = getattr(layer, layer._landmarks[key][1])
        ids, local = torch.unique(corners.reshape(-1), return_inverse=True)
        self.local = local.reshape(corners.shape)
        k = torch.cat([torch.arange(n_shape), layer.n_shape + torch.arange(n_expr)])
        self.n_shape = n_shape
        dirs = layer.dirs[..., k]
        self.v_template = layer.v_template[ids]
        self.dirs = dirs[ids]
        V = layer.num_vertices
        self.posedirs = layer.posedirs.reshape(-1, V, 3)[:, ids].reshape(layer.posedirs.shape[0], -1)
        self.weights = layer.lbs_weights[ids]
        self.eyelid_dirs = layer.eyelid_dirs[ids]
        self.J_template = layer.J_regressor @ layer.v_template
        self.J_dirs = torch.einsum("jv,vck->jck", layer.J_regressor, dirs)
        self.parents = layer.parents

    def __call__(self, pose: torch.Tensor, shape: torch.Tensor, expr: torch.Tensor, lids: torch.Tensor):
        """Single pose (15,), shape, expression, eyelids -> landmarks (L, 3) and joints (5, 3)."""
        coeffs = torch.cat([shape, expr])
        v = self.v_template + self.dirs @ coeffs
        joints = self.J_template + self.J_dirs @ coeffs
        rot = axis_angle_to_matrix(pose.reshape(1, -1, 3))
        feature = (rot[:, 1:] - torch.eye(3)).reshape(1, -1)
        v = v + (feature @ self.posedirs).reshape(-1, 3) + self.eyelid_dirs @ lids
        posed_joints, A = rigid_transforms(rot, joints[None], self.parents)
        T = torch.einsum("vj,jmn->vmn", self.weights, A[0])
        verts = (T[:, :3, :3] @ v[..., None])[..., 0] + T[:, :3, 3]
        lmk = torch.einsum("lkc,lk->lc", verts[self.local], self.bary)
        return lmk, posed_joints[0]


def reference_camera(width: int, height: int, fov_deg: float) -> tuple[np.ndarray, float]:
    """K (OpenCV, centres on integers) and the focal length of the fitting camera."""
    f = 0.5 * height / math.tan(math.radians(fov_deg) / 2.0)
    K = np.array([[f, 0.0, (width - 1) / 2.0], [0.0, f, (height - 1) / 2.0], [0.0, 0.0, 1.0]])
    return K, f


def _axis_angle_to_matrix(aa: torch.Tensor) -> torch.Tensor:
    theta = aa.norm().clamp(min=1e-12)
    k = aa / theta
    Kx = torch.zeros(3, 3, dtype=aa.dtype)
    Kx[0, 1], Kx[0, 2], Kx[1, 0] = -k[2], k[1], k[2]
    Kx[1, 2], Kx[2, 0], Kx[2, 1] = -k[0], -k[1], k[0]
    return torch.eye(3, dtype=aa.dtype) + theta.sin() * Kx + (1 - theta.cos()) * (Kx @ Kx)


def fit_portrait(head: HeadModel, detection: FaceDetection, config: FitConfig = FitConfig(),
                 layer: FlameLayer | None = None, cancel: threading.Event | None = None) -> PortraitFit:
    """Fit `head` to one detected face. Deterministic for identical inputs (CPU, float32). Raises
    JobCanceled soon after `cancel` is set."""
    # Hundreds of small steps: one thread is faster than several and gives the same result on any machine.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _fit(head, detection, config, layer, cancel)
    finally:
        torch.set_num_threads(threads)


def _fit(head: HeadModel, detection: FaceDetection, config: FitConfig, layer: FlameLayer | None,
         cancel: threading.Event | None = None) -> PortraitFit:
    key, targets_np = landmark_targets(head, detection)
    width, height = detection.image_size
    K_np, focal = reference_camera(width, height, config.fov_deg)
    layer = layer if layer is not None else FlameLayer(head)
    layer = layer.to("cpu")
    n_shape = min(config.n_shape, layer.n_shape)
    n_expr = min(config.n_expr, layer.n_expr)
    torch.manual_seed(config.seed)

    targets = torch.tensor(targets_np, dtype=torch.float32)
    weights = torch.ones(len(targets))
    if key == "mediapipe":
        weights[list(_FACE_OVAL)] = config.oval_weight
        weights[list(_IRIS)] = config.iris_weight
    scale_px = max(detection.interocular, 1.0)
    K = torch.tensor(K_np, dtype=torch.float32)

    # Initial distance from the face's size: the open head's eye corners are ~9 cm apart at rest.
    with torch.no_grad():
        rest = layer(torch.zeros(1, 15)).vertices
        rest_lmk = layer.landmarks(rest, key)[0]
    extent_m = float((rest_lmk[:, :2].max(0).values - rest_lmk[:, :2].min(0).values).max())
    extent_px = float((targets.max(0).values - targets.min(0).values).max())
    depth = focal * extent_m / max(extent_px, 1.0)
    centre_px = targets.mean(0)
    centre_m = rest_lmk.mean(0)
    ray = torch.linalg.solve(K, torch.tensor([float(centre_px[0]), float(centre_px[1]), 1.0]))
    # Camera-space position of the landmark centre -> head translation (camera = flip * world + (0, 0, 0)).
    cam_centre = ray * depth
    flip = torch.tensor(_FLIP, dtype=torch.float32)
    translation0 = flip.T @ cam_centre - centre_m

    rot = torch.zeros(3, requires_grad=True)
    trans = translation0.clone().requires_grad_(True)
    shape = torch.zeros(n_shape, requires_grad=True)
    expr = torch.zeros(n_expr, requires_grad=True)
    jaw = torch.zeros(3, requires_grad=True)
    eyes = torch.zeros(6, requires_grad=True)
    lids = torch.zeros(2, requires_grad=True)
    root = layer.J_regressor[0] @ layer.v_template  # rotation pivot, refined below with the fitted shape

    landmark_head = _LandmarkHead(layer, key, n_shape, n_expr)

    def project_landmarks():
        pose = torch.cat([torch.zeros(6), jaw, eyes])
        lmk, joints = landmark_head(pose, shape, expr, lids.clamp(0, 1))
        pivot = joints[0]
        R = _axis_angle_to_matrix(rot)
        world = (lmk - pivot) @ R.T + pivot + trans
        cam = world @ flip.T
        uv = cam @ K.T
        return uv[:, :2] / uv[:, 2:3], cam

    def landmark_loss():
        uv, cam = project_landmarks()
        err = ((uv - targets) / scale_px).pow(2).sum(-1)
        return (weights * err).sum() / weights.sum(), uv

    stages = ((config.rigid_steps, [rot, trans]), (config.full_steps, [rot, trans, shape, expr, jaw, eyes, lids]))
    for steps, params in stages:
        opt = torch.optim.Adam(params, lr=config.lr)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, max(steps, 1), eta_min=config.lr * 0.05)
        for step in range(steps):
            if step % 20 == 0:
                check_canceled(cancel)
            opt.zero_grad()
            loss, _ = landmark_loss()
            if len(params) > 2:
                loss = (loss + config.shape_prior * shape.pow(2).sum() + config.expression_prior * expr.pow(2).sum()
                        + config.jaw_prior * (jaw[1:].pow(2).sum() + 0.1 * jaw[0].pow(2))
                        + config.eye_prior * eyes.pow(2).sum())
            loss.backward()
            opt.step()
            sched.step()
            with torch.no_grad():
                trans[2].clamp_(max=-0.05)  # keep the head in front of the camera (camera z = -world z)

    with torch.no_grad():
        uv, _ = project_landmarks()
        error_px = float((uv - targets).norm(dim=-1).mean())
        pose = torch.cat([torch.zeros(6), jaw, eyes]).numpy().astype(np.float64)
        out = layer(torch.tensor(pose, dtype=torch.float32)[None], expr[None], shape[None], lids.clamp(0, 1)[None])
        pivot = out.joints[0, 0].double().numpy()
        R_head = _axis_angle_to_matrix(rot.detach().double()).numpy()
        t_head = trans.detach().double().numpy()
    # X_cam = flip (R (X - p) + p + t)  =>  R_view = flip R, t_view = flip (p - R p + t).
    R_view = _FLIP @ R_head
    t_view = _FLIP @ (pivot - R_head @ pivot + t_head)
    camera = CameraView("reference", width, height, K_np, R_view, t_view)
    full_shape = np.zeros(head.n_shape)
    full_shape[:n_shape] = shape.detach().numpy()
    full_expr = np.zeros(head.n_expr)
    full_expr[:n_expr] = expr.detach().numpy()
    return PortraitFit(camera=camera, shape=full_shape, expression=full_expr, pose=pose,
                       eyelids=lids.detach().clamp(0, 1).numpy().astype(np.float64), landmarks=detection.landmarks,
                       embedding=key, error_px=error_px, interocular_px=detection.interocular)
