"""The `warp` engine for the render server: one bust per reference photo, then one RGBA image per frame and view.

Identity (shape) comes from the portrait's fit; the track drives pose, jaw, gaze, eyelids, expression and
translation (the torso follows the translation but not the head's rotation). Options:
  * `texture_size` (256..2048, default 1024): the head atlas's side;
  * `background`: "none" (default: the person over transparency), "photo" (the portrait with the person
    inpainted, placed behind each view; sensible only near the photo's own view), a colour as [r, g, b]
    (0..255) or "#rrggbb", each making the frames opaque.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Mapping

import cv2
import numpy as np
import torch

from backend.cancellation import check_canceled
from backend.flame.layer import FlameLayer
from backend.engines.base import Engine, EngineOptionError, JobPlan, PortraitRequest, RenderRequest
from flame_assets.head_model import HeadModel
from protocols.bust import Bust
from protocols.head_id import HeadModelId, HeadModelMismatch
from protocols.images import UnknownImage, check_pixels
from protocols.tracks import Track
from protocols.user_dirs import cache_dir

from ..prepared_cache import PreparedCache
from .portrait import PortraitAssets, WarpConfig, prepare_portrait
from .renderer import WarpRenderer

_BLOCK = 16  # frames of vertices computed together


@functools.lru_cache(maxsize=1)
def preparation_fingerprint() -> str:
    """sha256 of the code that prepares a portrait (fitting, portrait analysis, this engine): a prepared
    portrait kept on disk is reused only by the code that made it."""
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for package in ("fitting", "portrait", "engines/warp", "flame"):
        for path in sorted((root / package).glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def decode_reference(png: bytes) -> np.ndarray:
    try:  # before decoding: a small file can hold a huge picture
        check_pixels(png, "the reference portrait")
    except UnknownImage:
        raise ValueError("the reference portrait is not a decodable image (PNG or JPEG)") from None
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("the reference portrait is not a decodable image (PNG or JPEG)")
    return np.ascontiguousarray(image[..., ::-1])


def track_vertices(layer: FlameLayer, track: Track, assets: PortraitAssets, start: int, stop: int) -> torch.Tensor:
    """(stop - start, V + N, 3) bust vertices of a track's frames with the portrait's identity: the head model's
    V vertices with the hair shell, skinned by the track (the neck's bottom blending into the torso, which
    stays put), then the torso's N vertices moved by the track's translation only."""
    dev = layer.v_template.device

    def t(a):
        return torch.tensor(np.asarray(a[start:stop]), dtype=torch.float32, device=dev)

    expr = t(track.expression)
    translation = t(track.translation)
    shape = torch.tensor(assets.fit.shape[: layer.n_shape], dtype=torch.float32, device=dev)[None]
    with torch.inference_mode():
        head = layer(pose=t(track.pose), expression=expr[:, : layer.n_expr], shape=shape, eyelids=t(track.eyelids),
                     translation=translation, offsets=torch.tensor(assets.hair_offsets, device=dev)).vertices
        stay = torch.tensor(assets.neck_stay, device=dev)[None, :, None]
        rest = torch.tensor(assets.rest_head, device=dev)[None] + translation[:, None, :]
        head = (1 - stay) * head + stay * rest
        if assets.torso is None:
            return head
        torso = torch.tensor(assets.torso.vertices, device=dev)[None] + translation[:, None, :]
        return torch.cat([head, torso], 1)


def parse_background(value: Any):
    """The `background` option as WarpRenderer.over_background takes it (None, "photo", (r, g, b))."""
    if value is None or value == "none":
        return None
    if value == "photo":
        return "photo"
    if isinstance(value, str) and len(value) == 7 and value.startswith("#"):
        try:
            return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))
        except ValueError:
            pass
    if isinstance(value, (list, tuple)) and len(value) == 3 and all(
            isinstance(c, int) and not isinstance(c, bool) and 0 <= c <= 255 for c in value):
        return tuple(value)
    raise EngineOptionError(f"options.background must be 'none', 'photo', '#rrggbb' or [r, g, b] in 0..255, "
                            f"got {value!r}", option="background")


@dataclasses.dataclass
class _State:
    renderer: WarpRenderer
    layer: FlameLayer
    blocks: "OrderedDict[int, torch.Tensor]"
    lock: threading.Lock
    background: Any = None


class WarpEngine(Engine):
    name = "warp"
    version = "2"  # 2: the bust (hair shell, torso), RGBA

    def __init__(self, head: HeadModel | None = None, config: WarpConfig = WarpConfig(), device: str = "cpu",
                 cache: PreparedCache | None | bool = True):
        """`head`: render only this head model; None (the server's default) renders the head each track
        names, when it is on this machine (the open head or one imported with `mvportrait flame import`).
        `cache`: where prepared portraits are kept between jobs and restarts (True: the per-user cache,
        $MVPORTRAIT_CACHE/prepared/warp; False: memory only)."""
        self.fixed_head = head
        self.config = config
        self.device = device
        self.cache = PreparedCache(cache_dir("prepared") / self.name) if cache is True else (cache or None)
        self._layers: dict[str, FlameLayer] = {}
        self._heads: dict[str, HeadModel] = {}
        self._portraits: "OrderedDict[str, PortraitAssets]" = OrderedDict()
        self._lock = threading.Lock()

    def head_for(self, track: Track) -> HeadModel:
        """The head the track was made for; HeadModelMismatch when this machine does not have it."""
        return self.head_by_id(track.head_model)

    def head_by_id(self, model_id: HeadModelId) -> HeadModel:
        """The head `model_id` names; HeadModelMismatch when this machine does not have it."""
        if self.fixed_head is not None:
            model_id.check_matches(self.fixed_head.model_id)
            return self.fixed_head
        with self._lock:
            head = self._heads.get(model_id.sha256)
        if head is None:
            from flame_assets.library import find_head
            try:
                head = find_head(model_id)
            except LookupError as exc:
                raise HeadModelMismatch(str(exc)) from None
            with self._lock:
                self._heads[model_id.sha256] = head
        model_id.check_matches(head.model_id)
        return head

    def check_track(self, track: Track) -> None:
        self.head_for(track)  # at submit: a head that is not on this machine is refused at once

    def _layer(self, head: HeadModel) -> FlameLayer:
        with self._lock:
            if head.model_id.sha256 not in self._layers:
                self._layers[head.model_id.sha256] = FlameLayer(head)
            return self._layers[head.model_id.sha256]

    def check_options(self, options: Mapping[str, Any]) -> None:
        unknown = sorted(set(options) - {"texture_size", "background"})
        if unknown:
            raise EngineOptionError(f"the warp engine has no option(s) {', '.join(unknown)}; it knows texture_size "
                                    "and background", option=unknown[0])
        parse_background(options.get("background"))
        size = options.get("texture_size", self.config.texture.size)
        if isinstance(size, bool) or not isinstance(size, int) or not 256 <= size <= 2048:
            raise EngineOptionError(f"options.texture_size must be an integer in [256, 2048], got {size!r}",
                                    option="texture_size")

    def settings(self) -> dict:
        # The head itself is in every frame key through the track's head-model id.
        head = self.fixed_head.model_id.to_dict() if self.fixed_head is not None else "named by the track"
        return {"head": head, "config": repr(self.config)}

    def portrait(self, photo_rgb: np.ndarray, texture_size: int | None = None,
                 head: HeadModel | None = None, cancel: threading.Event | None = None) -> PortraitAssets:
        """Fit and texture a photo once per head; later jobs with the same photo reuse it. Raises
        JobCanceled soon after `cancel` is set."""
        if head is None:
            from flame_assets.library import load_head
            head = self.fixed_head if self.fixed_head is not None else load_head("open")
        config = self.config
        if texture_size is not None and texture_size != config.texture.size:
            config = dataclasses.replace(config, texture=dataclasses.replace(config.texture, size=texture_size))
        photo_sha256 = hashlib.sha256(np.ascontiguousarray(photo_rgb).tobytes()).hexdigest()
        key = hashlib.sha256(json.dumps({
            "engine": self.name, "code": preparation_fingerprint(), "head": head.model_id.sha256,
            "photo": [photo_sha256, list(np.shape(photo_rgb))], "config": repr(config)}).encode()).hexdigest()
        with self._lock:
            if key in self._portraits:
                self._portraits.move_to_end(key)
                return self._portraits[key]
        assets = self.cache.get(key, PortraitAssets, lambda _: head) if self.cache is not None else None
        if assets is None:
            assets = prepare_portrait(photo_rgb, head, config, self._layer(head), cancel)
            if self.cache is not None:
                self.cache.put(key, assets)
        with self._lock:
            self._portraits[key] = assets
            while len(self._portraits) > 4:
                self._portraits.popitem(last=False)
        return assets

    def prepare(self, request: RenderRequest, cancel: threading.Event) -> JobPlan:
        head = self.head_for(request.track)
        assets = self.portrait(decode_reference(request.reference_png), request.options.get("texture_size"), head,
                               cancel)
        check_canceled(cancel)
        renderer = WarpRenderer(assets, self.config, self.device)
        state = _State(renderer=renderer, layer=FlameLayer(head).to(self.device), blocks=OrderedDict(),
                       lock=threading.Lock(), background=parse_background(request.options.get("background")))
        return JobPlan(request=request, cancel=cancel, state=state)

    def vertices(self, plan: JobPlan, frame_offset: int) -> torch.Tensor:
        state: _State = plan.state
        block = frame_offset // _BLOCK
        with state.lock:
            if block not in state.blocks:
                stop = min((block + 1) * _BLOCK, plan.request.track.num_frames)
                state.blocks[block] = track_vertices(state.layer, plan.request.track, state.renderer.assets,
                                                     block * _BLOCK, stop)
                while len(state.blocks) > 4:
                    state.blocks.popitem(last=False)
            verts = state.blocks[block]
        i = frame_offset - block * _BLOCK
        return verts[i:i + 1]

    def render_frame(self, plan: JobPlan, view_index: int, frame_offset: int) -> np.ndarray:
        view = plan.request.views[view_index]
        state: _State = plan.state
        rgba = state.renderer.render(self.vertices(plan, frame_offset), view)[0]
        return state.renderer.over_background(rgba, view, state.background)

    def release(self, plan: JobPlan) -> None:
        plan.state = None

    def check_portrait(self, request: PortraitRequest) -> None:
        self.head_by_id(request.head_model)
        unknown = sorted(set(request.options) - {"texture_size"})
        if unknown:
            raise EngineOptionError(f"a warp bust has no option(s) {', '.join(unknown)}; it knows texture_size",
                                    option=unknown[0])
        self.check_options(request.options)

    def bust(self, request: PortraitRequest, cancel: threading.Event) -> Bust:
        """The portrait's bust (the same prepared portrait renders use, from the same cache) with the photo's
        camera and fitted pose."""
        from .export import bust_arrays
        head = self.head_by_id(request.head_model)
        assets = self.portrait(decode_reference(request.reference_png), request.options.get("texture_size"), head,
                               cancel)
        check_canceled(cancel)
        fit = assets.fit
        photo_pose = Track(pose=fit.pose[None], expression=fit.expression[None, :100], eyelids=fit.eyelids[None],
                           translation=np.zeros((1, 3)), shape=fit.shape[:300], fps=25.0, first_frame=1,
                           head_model=head.model_id)
        return Bust.from_export(bust_arrays(assets), fit.camera, photo_pose)
