"""One image-sequence strip per camera, on its own named channel, replacing earlier renders."""

from __future__ import annotations

from pathlib import Path

from .. import compat

CAMERA_TAG = "mvp_camera"
FIRST_CHANNEL = 2  # channel 1 stays free for sound


def _strips_of_camera(se, camera: str) -> list:
    return [s for s in compat.all_strips(se) if s.get(CAMERA_TAG) == camera]


def _free_channel(se, taken: set[int]) -> int:
    used = {s.channel for s in compat.all_strips(se)} | taken
    channel = FIRST_CHANNEL
    while channel in used:
        channel += 1
    return channel


def place_camera_strip(scene, camera: str, directory: Path, file_names: list[str], first_frame: int):
    se = scene.sequence_editor or scene.sequence_editor_create()
    old = _strips_of_camera(se, camera)
    channel = old[0].channel if old else _free_channel(se, set())
    strips = compat.strips(se)
    for s in old:
        strips.remove(s)
    strip = strips.new_image(name=camera, filepath=str(Path(directory) / file_names[0]), channel=channel,
                             frame_start=first_frame)
    for name in file_names[1:]:
        strip.elements.append(name)
    # The frames are sRGB PNGs with straight alpha (the person over a transparent background): they sit
    # over a strip of the scene rendered by the same camera.
    strip.colorspace_settings.name = "sRGB"
    strip.alpha_mode = "STRAIGHT"
    strip.blend_type = "ALPHA_OVER"
    strip[CAMERA_TAG] = camera
    if 0 <= channel < len(se.channels):
        se.channels[channel].name = camera
    compat.show_in_sequencer(scene)
    return strip


def place_sound_strip(scene, filepath: str, first_frame: int, name: str = "Motion Audio"):
    se = scene.sequence_editor or scene.sequence_editor_create()
    channel = 1 if not any(s.channel == 1 for s in compat.all_strips(se)) else _free_channel(se, set())
    return compat.strips(se).new_sound(name=name, filepath=filepath, channel=channel, frame_start=first_frame)


def camera_strips(scene) -> dict[str, object]:
    se = scene.sequence_editor
    if se is None:
        return {}
    return {s[CAMERA_TAG]: s for s in compat.all_strips(se) if s.get(CAMERA_TAG)}
