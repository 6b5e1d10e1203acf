"""Which part of the person each photo pixel shows: hair or headwear, face skin, neck (body skin), clothing.

No face-parsing model ships offline, so the regions are built from what does: the face mesh (the face's
outline, eyes, lips), a skin colour model learnt from the cheeks of this very photo, a hair colour model
learnt from the person's pixels above the brows outside the face, the person matte and the shoulders.
  * face: inside the face outline, except non-skin above the eyes (fringe, a cap's brim), plus skin beside
    the face above the chin (ears, temples, a bald scalp);
  * hair / headwear: the person's non-skin pixels above the chin outside the face, and below the chin those
    that look like the hair and hang from it within reach of the face (long hair);
  * neck: skin below the chin (and any other body skin);
  * clothing: the rest of the person.
"""

from __future__ import annotations

import cv2
import numpy as np
from scipy import ndimage

BACKGROUND, HAIR, FACE, NECK, CLOTHING = 0, 1, 2, 3, 4
REGION_NAMES = {BACKGROUND: "background", HAIR: "hair", FACE: "face", NECK: "neck", CLOTHING: "clothing"}

FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152,
             148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109)
CHEEKS = (50, 280, 205, 425, 101, 330)  # skin sample points well inside the face
BROWS = (70, 63, 105, 66, 107, 336, 296, 334, 293, 300)
EYES = (33, 133, 263, 362)
CHIN = 152
MOUTH = (61, 291)


def lab(colours: np.ndarray) -> np.ndarray:
    """(N, 3) RGB in [0, 1] -> (N, 3) CIE Lab."""
    return cv2.cvtColor(colours.reshape(-1, 1, 3).astype(np.float32), cv2.COLOR_RGB2LAB).reshape(-1, 3)


class ColourModel:
    """A Gaussian in Lab fitted to sample colours, with a floor on its spread (lighting varies more than a
    patch shows). `likelihood` is 1 within `spread` - 1 standard deviations and 0 beyond `spread`."""

    def __init__(self, samples: np.ndarray, floor=(25.0, 4.0, 4.0)):
        ref = lab(samples)
        self.mean = np.median(ref, 0)
        self.inv_cov = np.linalg.inv(np.cov(ref.T) + np.diag(floor))

    def distance(self, colours: np.ndarray) -> np.ndarray:
        d = lab(colours) - self.mean
        return np.sqrt(np.einsum("ni,ij,nj->n", d, self.inv_cov, d))

    def likelihood(self, colours: np.ndarray, spread: float = 3.5) -> np.ndarray:
        return np.clip(spread - self.distance(colours), 0, 1).astype(np.float32)


def skin_likelihood(skin: np.ndarray, colours: np.ndarray, spread: float = 3.5) -> np.ndarray:
    """How much `colours` (N, 3) RGB in [0, 1] look like the `skin` samples (see ColourModel)."""
    return ColourModel(skin).likelihood(colours, spread)


def _polygon(shape, points: np.ndarray) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    cv2.fillPoly(mask, [np.round(points).astype(np.int32)], 1)
    return mask.astype(bool)


def _discs(shape, centres: np.ndarray, radius: float) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    for c in centres:
        cv2.circle(mask, (int(round(c[0])), int(round(c[1]))), max(1, int(round(radius))), 1, -1)
    return mask.astype(bool)


def segment_regions(photo: np.ndarray, matte: np.ndarray, landmarks: np.ndarray) -> np.ndarray:
    """(H, W) uint8 region labels (BACKGROUND, HAIR, FACE, NECK, CLOTHING) of an RGB uint8 photo, from its
    person matte (H, W) in [0, 1] and the face mesh's (478, 2) landmarks in its pixels."""
    h, w = matte.shape
    image = photo.astype(np.float32) / 255.0
    person = matte > 0.5
    iod = float(np.linalg.norm(landmarks[list(EYES[:2])].mean(0) - landmarks[list(EYES[2:])].mean(0)))
    face_poly = _polygon((h, w), landmarks[list(FACE_OVAL)])
    skin_model = ColourModel(image[_discs((h, w), landmarks[list(CHEEKS)], 0.18 * iod) & person])
    skin = np.zeros((h, w), bool)
    skin[person] = skin_model.likelihood(image[person], spread=3.0) > 0.5
    skin = ndimage.binary_opening(skin, iterations=1)
    rows = np.arange(h)[:, None]
    chin_y = float(landmarks[CHIN, 1])
    brow_y = float(landmarks[list(BROWS), 1].min())

    mouth_y = float(landmarks[MOUTH, 1].mean())
    above_chin = rows < chin_y

    labels = np.full((h, w), BACKGROUND, np.uint8)
    labels[person] = CLOTHING
    # Skin above the chin is face (ears, temples, a bald scalp); so is the face outline, except non-skin
    # above the brows (a fringe, a brim).
    labels[person & above_chin & skin] = FACE
    labels[face_poly & person & ~((rows < brow_y) & ~skin)] = FACE

    # Hair or headwear: the person's non-skin pixels above the brows outside the face, and what looks like
    # them and is connected to them: down the sides of the face and, for long hair, below the chin within
    # reach of the face. A collar next to the chin has another colour and stays clothing.
    hair_seed = person & ~skin & ((rows < brow_y) & ~(face_poly & (rows >= brow_y)))
    if hair_seed.sum() > 50:
        hair_model = ColourModel(image[hair_seed], floor=(36.0, 6.0, 6.0))
        hairlike = np.zeros((h, w), bool)
        cand = person & ~skin & (labels != FACE)
        hairlike[cand] = hair_model.likelihood(image[cand], spread=3.0) > 0.5
        x0, x1 = landmarks[list(FACE_OVAL), 0].min(), landmarks[list(FACE_OVAL), 0].max()
        cols = np.arange(w)[None, :]
        reach = (cols > x0 - 1.2 * iod) & (cols < x1 + 1.2 * iod) & (rows < chin_y + 3.0 * iod)
        grown, _ = ndimage.label((hairlike & reach) | hair_seed)
        keep = np.unique(grown[hair_seed])
        labels[np.isin(grown, keep[keep > 0])] = HAIR
    # Whatever else of the person lies above the mouth beside the face is hair in shadow or headwear.
    labels[person & (labels == CLOTHING) & (rows < mouth_y)] = HAIR
    # Skin below the chin joined to the face is the neck; other skin-coloured things stay clothing.
    below_skin = person & ~above_chin & skin
    face_bottom = ndimage.binary_dilation(labels == FACE, iterations=2)
    grown, _ = ndimage.label(below_skin | (face_bottom & skin))
    keep = np.unique(grown[face_bottom & skin])
    labels[below_skin & np.isin(grown, keep[keep > 0])] = NECK
    return labels
