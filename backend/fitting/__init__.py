"""Fitting a head model to a reference portrait: MediaPipe face mesh detection, crop/align, landmark fit."""

from .detect import (FaceDetection, FaceDetectionError, FaceTooSmallError, MultipleFacesError, NoFaceError,
                     DetectionConfig, detect_face)
from .fit import FitConfig, FittingError, PortraitFit, fit_portrait

__all__ = [
    "DetectionConfig", "FaceDetection", "FaceDetectionError", "NoFaceError", "MultipleFacesError",
    "FaceTooSmallError", "detect_face", "FitConfig", "FittingError", "PortraitFit", "fit_portrait",
]
