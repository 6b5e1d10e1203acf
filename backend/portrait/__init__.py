"""Portrait analysis: the person matte, the regions of the person (hair, face, neck, clothing) and the
shoulders, from what ships offline (MediaPipe's selfie segmentation, face mesh and pose; pymatting)."""

from .analysis import PortraitAnalysis, analyse_portrait, AnalysisConfig
from .matte import MatteConfig, MatteError, person_matte
from .regions import BACKGROUND, CLOTHING, FACE, HAIR, NECK, REGION_NAMES, segment_regions
from .shoulders import Shoulders, detect_shoulders

__all__ = ["PortraitAnalysis", "analyse_portrait", "AnalysisConfig", "MatteConfig", "MatteError", "person_matte",
           "segment_regions", "BACKGROUND", "HAIR", "FACE", "NECK", "CLOTHING", "REGION_NAMES", "Shoulders",
           "detect_shoulders"]
