"""What the Blender rig of a head model consists of: bones, vertex weights, shape keys, controls.

Bones stand upright in the rig frame (head at the FLAME joint, tail along rig +Z) with roll 0, so
each bone's local axes are exactly FLAME's axes (``protocols.flame_conventions``); a pose bone's
rotation is therefore the FLAME joint rotation itself, and the root bone's location
is the FLAME translation. Expression and eyelid values live as custom properties on the rig object
(so one action on one object holds a whole performance) and drive the mesh's shape keys.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from ..vendored import flame_conventions as conventions
from .head_file import HeadArrays
from .rotations import ROTATION_MODE

# One bone per FLAME joint, in FLAME's order; the global joint's bone is the rig's root.
BONE_NAMES = tuple("root" if joint == "global" else joint for joint in conventions.JOINT_NAMES)
BONE_LENGTH = {"root": 0.04, "neck": 0.05, "jaw": 0.03, "eye_left": 0.015, "eye_right": 0.015}
BLINK_PROPS = tuple(f"blink_{side}" for side in conventions.EYELID_COLUMNS)   # FLAME eyelids columns, 1 = closed
EYELID_KEYS = tuple(f"eyelid_{side}" for side in conventions.EYELID_COLUMNS)   # shape keys the blinks drive
EXPRESSION_RANGE = (-3.0, 3.0)
SHAPE_RANGE = (-10.0, 10.0)  # Blender's shape-key slider limit
RIG_TAG = "mvp_rig"          # custom property marking a rig object (its value: head model id JSON)


def is_named(label: str) -> bool:
    """A real name ("smile"), not a placeholder like "expression_23"."""
    return bool(label) and re.fullmatch(r"(expression|exp|e|psi)[ _]?\d+", label.strip().lower()) is None


def _safe(name: str) -> str:
    return re.sub(r"[^0-9a-zA-Z_]+", "_", name.strip()).strip("_").lower() or "unnamed"


@dataclasses.dataclass(frozen=True)
class BoneSpec:
    name: str
    parent: str | None
    head: tuple[float, float, float]   # rig frame (Blender z-up), metres
    tail: tuple[float, float, float]


@dataclasses.dataclass(frozen=True)
class RigSpec:
    """A rig built for one head model and one identity (shape) vector."""

    head: HeadArrays
    shape: np.ndarray                       # (n_shape,) identity coefficients the joints are placed for
    bones: tuple[BoneSpec, ...]
    expression_props: tuple[str, ...]       # custom property (= shape key) per expression component
    shape_keys: tuple[str, ...]             # identity shape key per identity component

    def rest_vertices_rig(self) -> np.ndarray:
        """Basis shape (template) in the rig frame (V, 3)."""
        return flame_to_rig(self.head.v_template.astype(np.float64))


def flame_to_rig(points: np.ndarray) -> np.ndarray:
    """FLAME (+y up) → rig frame (+z up): rotate +90° about X."""
    p = np.asarray(points, dtype=np.float64)
    return np.stack([p[..., 0], -p[..., 2], p[..., 1]], axis=-1)


def rig_to_flame(points: np.ndarray) -> np.ndarray:
    p = np.asarray(points, dtype=np.float64)
    return np.stack([p[..., 0], p[..., 2], -p[..., 1]], axis=-1)


def joint_positions(head: HeadArrays, shape: np.ndarray | None = None) -> np.ndarray:
    """FLAME joints (5, 3) of the neutral face with identity ``shape`` (FLAME frame)."""
    v = head.v_template.astype(np.float64)
    if shape is not None and len(shape):
        k = min(len(shape), head.n_shape)
        v = v + np.einsum("vck,k->vc", head.shapedirs[:, :, :k].astype(np.float64), np.asarray(shape[:k], float))
    return head.J_regressor.astype(np.float64) @ v


def expression_prop_names(head: HeadArrays) -> tuple[str, ...]:
    """``exp_<name>`` where the model names the component, else ``exp_<index>``; always unique."""
    names, seen = [], set()
    for k in range(head.n_expr):
        label = head.expression_names[k] if k < len(head.expression_names) else ""
        label = label if is_named(label) else None
        name = f"exp_{_safe(label)}" if label else f"exp_{k:03d}"
        if name in seen:
            name = f"{name}_{k:03d}"
        seen.add(name)
        names.append(name)
    return tuple(names)


def shape_key_names(head: HeadArrays) -> tuple[str, ...]:
    return tuple(f"shape_{k:03d}" for k in range(head.n_shape))


def build_rig_spec(head: HeadArrays, shape: np.ndarray | None = None) -> RigSpec:
    shape = np.zeros(head.n_shape) if shape is None else np.asarray(shape, dtype=np.float64)
    if shape.ndim != 1 or shape.shape[0] > head.n_shape:
        raise ValueError(f"identity shape must be a vector of at most {head.n_shape} values, got {shape.shape}")
    shape = np.pad(shape, (0, head.n_shape - shape.shape[0]))
    joints = flame_to_rig(joint_positions(head, shape))
    bones = []
    for i, name in enumerate(BONE_NAMES):
        parent = conventions.JOINT_PARENTS[i]
        head_pt = tuple(float(x) for x in joints[i])
        tail_pt = (head_pt[0], head_pt[1], head_pt[2] + BONE_LENGTH[name])
        bones.append(BoneSpec(name, None if parent < 0 else BONE_NAMES[parent], head_pt, tail_pt))
    return RigSpec(head=head, shape=shape, bones=tuple(bones), expression_props=expression_prop_names(head),
                   shape_keys=shape_key_names(head))


@dataclasses.dataclass(frozen=True)
class Control:
    """One slider of the Portrait panel: a pose-bone Euler channel or a rig custom property."""

    label: str
    bone: str | None = None
    axis: int = 0
    prop: str | None = None


# A bone's Euler channel k turns about FLAME axis k (its local axes are FLAME's), so every slider has the
# sign `protocols.flame_conventions` gives its angle (Jaw Open is the jaw's pitch).
_AXIS = conventions.ANGLE_AXIS
HEAD_CONTROLS = (Control("Yaw", "root", _AXIS["yaw"]), Control("Pitch", "root", _AXIS["pitch"]),
                 Control("Roll", "root", _AXIS["roll"]))
NECK_CONTROLS = (Control("Neck Yaw", "neck", _AXIS["yaw"]), Control("Neck Pitch", "neck", _AXIS["pitch"]),
                 Control("Neck Roll", "neck", _AXIS["roll"]))
JAW_CONTROLS = (Control("Jaw Open", "jaw", _AXIS["pitch"]), Control("Jaw Side", "jaw", _AXIS["yaw"]),
                Control("Jaw Twist", "jaw", _AXIS["roll"]))
GAZE_CONTROLS = (Control("Left Eye Yaw", "eye_left", _AXIS["yaw"]),
                 Control("Left Eye Pitch", "eye_left", _AXIS["pitch"]),
                 Control("Right Eye Yaw", "eye_right", _AXIS["yaw"]),
                 Control("Right Eye Pitch", "eye_right", _AXIS["pitch"]))
BLINK_CONTROLS = (Control("Blink Left", prop=BLINK_PROPS[0]), Control("Blink Right", prop=BLINK_PROPS[1]))


def named_expression_controls(spec: RigSpec) -> tuple[Control, ...]:
    n = len(spec.head.expression_names)
    return tuple(Control(spec.head.expression_names[k].replace("_", " ").title(), prop=spec.expression_props[k])
                 for k in range(min(n, spec.head.n_expr)) if is_named(spec.head.expression_names[k]))


def other_expression_controls(spec: RigSpec) -> tuple[Control, ...]:
    named = {c.prop for c in named_expression_controls(spec)}
    return tuple(Control(p, prop=p) for p in spec.expression_props if p not in named)


# (R - I)[r][c] of a unit quaternion (w, x, y, z): FLAME's pose-corrective features, written as
# expressions Blender evaluates without Python ("simple expressions"), so drivers run with scripts off.
_R_MINUS_I = (
    ("-2*(y*y+z*z)", "2*(x*y-w*z)", "2*(x*z+w*y)"),
    ("2*(x*y+w*z)", "-2*(x*x+z*z)", "2*(y*z-w*x)"),
    ("2*(x*z-w*y)", "2*(y*z+w*x)", "-2*(x*x+y*y)"),
)


@dataclasses.dataclass(frozen=True)
class Corrective:
    key: str          # shape key name
    bone: str         # the bone whose rotation drives it
    expression: str   # driver expression over the bone's local quaternion w, x, y, z
    index: int        # column of FLAME's posedirs


def pose_correctives() -> tuple[Corrective, ...]:
    out = []
    for j, bone in enumerate(BONE_NAMES[1:]):
        for r in range(3):
            for c in range(3):
                out.append(Corrective(f"pose_{bone}_{r}{c}", bone, _R_MINUS_I[r][c], j * 9 + r * 3 + c))
    return tuple(out)
