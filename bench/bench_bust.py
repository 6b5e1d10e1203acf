"""The `warp` engine's bust seen from every side: identity, control, reconstruction, streaks, stability, speed.

    python bench/bench_bust.py [PORTRAIT.png ...] [--size 512] [--threads 1] [--out out/bench_bust]

Without a portrait it uses the public-domain astronaut (skimage.data.astronaut()). Cameras orbit the fitted
reference camera from -70 to +70 degrees of yaw (and -25/+25 of pitch at three yaws); the track holds a
neutral frame, head turns of -45/+45 degrees, a nod and a talking frame. Prints, per portrait:
  * detection: MediaPipe's face mesh on every frame whose face yaw seen by the camera (the yaw of the commanded
    camera-from-head rotation, pitch included) is within +-45;
  * identity: dlib's face descriptor distance to the portrait per view (same person below 0.6), over the
    frames whose face yaw is within +-30 and over those whose face is seen within 30 degrees of its front
    (yaw and pitch together: the cameras orbit the photo's camera, which may itself see the face from above),
    each such frame listed with the yaw and pitch its camera sees;
  * controllability: head yaw recovered by PnP on the detected landmarks vs the commanded yaw, and the same
    measurement on the bare head model's shaded render at the same poses (the measurement's own error);
  * reconstruction: PSNR / SSIM against the photo inside the person matte, from the fitted camera at the
    fitted pose (RGBA frames are put over mid grey, so a transparent pixel inside the matte costs what
    it should);
  * streaks: per head region (face, neck, scalp/hair, ears), the share of pixels on a streak (structure
    tensor coherence > 0.8 with a clear gradient) and the energy-weighted coherence; the photo's own face
    and neck as the reference;
  * temporal stability: mean / 99th percentile frame-to-frame change (grey levels) with a still head and a
    camera moving 2 degrees per frame;
  * speed: view-frames/s at --size on --threads CPU threads after the one-time preparation, and that
    preparation's time;
  * a contact sheet PNG (views x frames) in --out.
Figures only; nothing is asserted. Needs the `facemesh`, `test` and `bench` extras.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_warp import _RIGID_EXCLUDE, DlibIdentity, commanded_rotation, head_angles, orbit  # noqa: E402
from backend.engines.warp import WarpConfig, WarpRenderer, prepare_portrait  # noqa: E402
from backend.engines.warp.engine import track_vertices  # noqa: E402
from backend.fitting.detect import DetectionConfig, run_face_mesh  # noqa: E402
from backend.flame.layer import FlameLayer  # noqa: E402
from backend.render import rasterize, to_camera  # noqa: E402
from backend.render.views import view_tensors  # noqa: E402
from flame_assets.library import load_head  # noqa: E402
from protocols import Track  # noqa: E402

ORBIT_YAWS = (-70, -45, -30, -15, 0, 15, 30, 45, 70)
PITCHED = ((-45, -25), (0, -25), (45, -25), (-45, 25), (0, 25), (45, 25))
FRAMES = (("neutral", {}), ("turn -45", {"yaw": -45}), ("turn +45", {"yaw": 45}), ("nod +15", {"pitch": 15}),
          ("talk", {"jaw": 0.2, "smile": 0.6}))
GREY = 128
STREAK_REGIONS = ("face", "neck", "scalp", "ears")


def recover_rotation(landmarks_px: np.ndarray, object_points: np.ndarray, view) -> np.ndarray | None:
    """Head rotation (camera from head) by PnP on MediaPipe's rigid landmarks; SQPnP finds the global optimum,
    so a turned face is not flipped into a local minimum."""
    ids = [i for i in range(468) if i not in _RIGID_EXCLUDE]
    ok, rvec, _ = cv2.solvePnP(object_points[ids].astype(np.float64), landmarks_px[ids].astype(np.float64),
                               np.asarray(view.K, np.float64), None, flags=cv2.SOLVEPNP_SQPNP)
    return cv2.Rodrigues(rvec)[0] if ok else None


def angle_diff(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


def build_track(head, fit, spec) -> Track:
    """Frames of `spec` on top of the fitted expression, jaw, gaze and eyelids."""
    n = len(spec)
    track = Track.neutral(n, head.model_id, n_expr=head.n_expr, n_shape=head.n_shape, fps=25.0, first_frame=1)
    pose = np.tile(fit.pose.astype(np.float32), (n, 1))
    expression = np.tile(fit.expression.astype(np.float32), (n, 1))
    eyelids = np.tile(fit.eyelids.astype(np.float32), (n, 1))
    for i, (_, s) in enumerate(spec):
        pose[i, 1] += math.radians(s.get("yaw", 0.0))
        pose[i, 0] += math.radians(s.get("pitch", 0.0))
        pose[i, 6] += s.get("jaw", 0.0)
        if "smile" in s and "smile" in head.expression_names:
            expression[i, head.expression_names.index("smile")] += s["smile"]
    return track.with_fields(pose=pose, expression=expression, eyelids=eyelids)


def over_grey(image: np.ndarray) -> np.ndarray:
    if image.shape[-1] == 3:
        return image
    a = image[..., 3:4].astype(np.float32) / 255.0
    return np.clip(image[..., :3] * a + GREY * (1 - a) + 0.5, 0, 255).astype(np.uint8)


def person_matte(photo: np.ndarray) -> np.ndarray:
    """The bench's own person matte (MediaPipe selfie segmentation > 0.5), the same for every engine."""
    from mediapipe.python.solutions import selfie_segmentation
    with selfie_segmentation.SelfieSegmentation(model_selection=0) as seg:
        return seg.process(photo).segmentation_mask > 0.5


def background_plate(photo: np.ndarray, matte: np.ndarray, grow_px: int = 4) -> np.ndarray:
    """The photo's background behind the person as the bench itself estimates it: the bench's matte grown by
    `grow_px` (the person's true edge lies inside it) filled from the background around it (OpenCV's Telea
    inpainting). The engine's own matte and background play no part."""
    hole = cv2.dilate(matte.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow_px + 1,) * 2))
    return cv2.inpaint(photo, hole, 2 * grow_px, cv2.INPAINT_TELEA)


def over_plate(image: np.ndarray, plate: np.ndarray) -> np.ndarray:
    """A straight-alpha RGBA frame put over an RGB plate, as a compositor puts it over the shot's background."""
    a = image[..., 3:4].astype(np.float32) / 255.0
    return np.clip(image[..., :3] * a + plate * (1 - a) + 0.5, 0, 255).astype(np.uint8)


def psnr_ssim(a: np.ndarray, b: np.ndarray, mask: np.ndarray) -> tuple[float, float]:
    from skimage.metrics import structural_similarity
    diff = (a.astype(np.float64) - b.astype(np.float64))[mask]
    mse = float(np.mean(diff ** 2))
    psnr = 10 * math.log10(255.0 ** 2 / max(mse, 1e-10))
    _, ssim_map = structural_similarity(a, b, channel_axis=2, data_range=255, full=True)
    return psnr, float(ssim_map.mean(-1)[mask].mean())


def streak_stats(rgb: np.ndarray, region: np.ndarray) -> tuple[float, float]:
    """(share of the region's pixels on a streak, energy-weighted coherence) of an RGB image. A streak is
    texture stretched in one direction: locally one gradient orientation (structure tensor coherence > 0.8)
    with a gradient worth seeing (> 4 grey levels per pixel)."""
    if region.sum() < 20:
        return float("nan"), float("nan")
    grey = cv2.GaussianBlur(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32), (0, 0), 1.0)
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3) / 8
    jxx, jyy, jxy = (cv2.GaussianBlur(g, (0, 0), 3.0) for g in (gx * gx, gy * gy, gx * gy))
    tr = jxx + jyy
    disc = np.sqrt((jxx - jyy) ** 2 + 4 * jxy ** 2)
    coherence = (disc / np.maximum(tr, 1e-6)) ** 2
    streak = (coherence > 0.8) & (np.sqrt(tr) > 4.0)
    e = tr[region]
    return float(streak[region].mean()), float((coherence[region] * e).sum() / max(e.sum(), 1e-6))


def head_regions(head, layer, track: Track, fi: int, view, shape) -> dict[str, np.ndarray]:
    """Pixels of the plain head model's face, neck, scalp and ears at frame `fi` seen from `view`."""
    dev = layer.v_template.device
    as_t = lambda a: torch.tensor(np.asarray(a[fi:fi + 1]), dtype=torch.float32, device=dev)  # noqa: E731
    with torch.no_grad():
        v = layer(as_t(track.pose), as_t(track.expression), torch.tensor(shape[None], dtype=torch.float32),
                  as_t(track.eyelids), as_t(track.translation)).vertices
        K, R, t = view_tensors(view)
        frags = rasterize(to_camera(v, R, t), layer.faces, K, view.height, view.width, cull_backfaces=True)
    face_idx = frags.face_idx[0].numpy()
    out = {}
    for key in STREAK_REGIONS:
        m = head.masks.get(key)
        if m is None:
            continue
        tri = m[head.f].sum(1) >= 2
        if key == "face":
            for other in ("lips", "eyes"):
                if other in head.masks:
                    tri &= ~(head.masks[other][head.f].sum(1) >= 1)
        out[key] = (face_idx >= 0) & tri[np.maximum(face_idx, 0)]
    return out


def contact_sheet(images: dict, views, spec, path: Path, boxes, cell: int = 200) -> None:
    """Frames (rows) x views (columns), each cell cropped to the bust in that view, over grey."""
    rows = []
    for fi, (name, _) in enumerate(spec):
        cells = []
        for vi, view in enumerate(views):
            (cx, cy), half = boxes[vi]
            img = over_grey(images[vi, fi])
            h, w = img.shape[:2]
            x0, y0 = int(max(0, cx - half)), int(max(0, cy - half))
            x1, y1 = int(min(w, cx + half)), int(min(h, cy + half))
            c = cv2.resize(img[y0:y1, x0:x1], (cell, cell), interpolation=cv2.INTER_AREA)[..., ::-1].copy()
            cv2.putText(c, f"{view.name} {name}", (3, 12), cv2.FONT_HERSHEY_SIMPLEX, 0.33, (255, 255, 255), 1,
                        cv2.LINE_AA)
            cells.append(c)
        rows.append(np.concatenate(cells, 1))
    cv2.imwrite(str(path), np.concatenate(rows, 0))


def crop_box(view, lo, hi, margin=0.25):
    """A square pixel box around the bust in `view` (FLAME-frame box lo..hi)."""
    corners = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])
    uv, _ = view.project(corners)
    centre, half = uv.mean(0), (0.5 + margin) * np.ptp(uv, axis=0).max()
    return centre, half


def bench_portrait(name: str, photo: np.ndarray, args, head, layer, ident) -> dict:
    print(f"\n=== {name}: {photo.shape[1]}x{photo.shape[0]}")
    config = WarpConfig()
    t0, c0 = time.perf_counter(), time.process_time()
    assets = prepare_portrait(photo, head, config, layer)
    prep_s, prep_cpu = time.perf_counter() - t0, time.process_time() - c0
    fit = assets.fit
    print(f"preparation {prep_s:.2f} s (" + ", ".join(f"{k} {v:.2f}" for k, v in assets.timings.items())
          + f"); CPU time {prep_cpu:.2f} s (all threads; on a busy machine wall time overstates); "
          f"landmark error {fit.error_px:.2f} px")
    spec = list(FRAMES)
    track = build_track(head, fit, spec)
    target = np.array([0.0, -0.02, -0.03])
    views = [orbit(fit.camera, target, y, 0, args.size) for y in ORBIT_YAWS]
    views += [orbit(fit.camera, target, y, p, args.size) for y, p in PITCHED]
    cam_yaw = [y for y in ORBIT_YAWS] + [y for y, _ in PITCHED]
    renderer = WarpRenderer(assets, config)

    # Speed: one image per call as the server renders them (vertices per frame included).
    images = {}
    for rep in range(2):  # the first pass warms caches; the second is timed
        t0, c0 = time.perf_counter(), time.process_time()
        for vi, view in enumerate(views):
            for fi in range(track.num_frames):
                images[vi, fi] = renderer.render(track_vertices(layer, track, assets, fi, fi + 1), view)[0]
        render_s, render_cpu = time.perf_counter() - t0, time.process_time() - c0
    fps = len(images) / render_s
    print(f"speed: {fps:.1f} view-frames/s at {args.size}x{args.size} on {args.threads} thread(s) (wall; "
          f"{len(images) / render_cpu:.1f} per CPU second); preparation {prep_s:.2f} s wall, {prep_cpu:.2f} s CPU")

    # Detection, controllability, identity.
    with torch.no_grad():
        rest_lmk = layer.landmarks(layer(torch.zeros(1, 15), shape=torch.tensor(fit.shape[None],
                                                                               dtype=torch.float32)).vertices,
                                   "mediapipe")[0].numpy()
    ref_desc, _ = ident.descriptor(photo)
    det_cfg = DetectionConfig(max_faces=1)
    rows = []
    for (vi, fi), img in images.items():
        rgb = over_grey(img)
        cmd = head_angles(commanded_rotation(views[vi], track.pose[fi, :3].astype(np.float64)))
        seen_yaw = cam_yaw[vi] + spec[fi][1].get("yaw", 0)
        faces = run_face_mesh(rgb, det_cfg)
        lm = faces[0][:, :2] if faces else None
        rec = None
        if lm is not None:
            R_est = recover_rotation(lm, rest_lmk, views[vi])
            rec = head_angles(R_est) if R_est is not None else None
        box = None if lm is None else (*lm.min(0), *lm.max(0))
        d, found_by = ident.descriptor(rgb, box)
        dist = float(np.linalg.norm(d - ref_desc)) if d is not None and ref_desc is not None else float("nan")
        rows.append(dict(view=views[vi].name, frame=spec[fi][0], seen_yaw=seen_yaw, cmd_yaw=cmd[0],
                         cmd_pitch=cmd[1], rec_yaw=None if rec is None else rec[0], found=lm is not None,
                         dlib=dist, dlib_box=found_by, _vi=vi, _fi=fi))
    # The same detector and PnP on the bare head model (shaded preview) at the same poses and cameras: what
    # the measurement itself gets wrong on exact geometry (MediaPipe's face mesh flattens large yaws).
    from backend.render.preview import PreviewRenderer
    preview = PreviewRenderer(head)
    shape_t = torch.tensor(fit.shape[None], dtype=torch.float32)
    for r in rows:
        vi, fi = r.pop("_vi"), r.pop("_fi")
        if abs(r["seen_yaw"]) > 45 and abs(r["cmd_yaw"]) > 45:
            r["ref_yaw"] = None
            continue
        as_t = lambda a: torch.tensor(np.asarray(a[fi:fi + 1]), dtype=torch.float32)  # noqa: E731
        with torch.no_grad():
            bare = layer(as_t(track.pose), as_t(track.expression), shape_t, as_t(track.eyelids),
                         as_t(track.translation)).vertices
        faces = run_face_mesh(preview.render(bare, views[vi])[0], det_cfg)
        R_ref = recover_rotation(faces[0][:, :2], rest_lmk, views[vi]) if faces else None
        r["ref_yaw"] = head_angles(R_ref)[0] if R_ref is not None else None
    # The face yaw a camera sees is the yaw of the commanded camera-from-head rotation (`cmd_yaw`). The camera's
    # yaw plus the head's turn (`seen_yaw`, the selection of earlier runs, still printed) ignores pitch: a
    # camera 25 degrees above a face turned 45 degrees sees it turned 53, with a 15-degree nod on top 63.
    w45 = [r for r in rows if abs(r["cmd_yaw"]) <= 45]
    w30 = [r for r in rows if abs(r["cmd_yaw"]) <= 30]
    found45 = sum(r["found"] for r in w45)
    yaw_err = [angle_diff(r["rec_yaw"], r["cmd_yaw"]) for r in w45 if r["rec_yaw"] is not None]
    d30 = np.array([r["dlib"] for r in w30])
    print(f"detection: face found in {found45}/{len(w45)} frames with face yaw within +-45 "
          f"({sum(r['found'] for r in rows)}/{len(rows)} over all)")
    print(f"controllability: yaw error {np.mean(yaw_err):.2f} deg mean, {np.median(yaw_err):.2f} median, "
          f"{np.max(yaw_err):.2f} max over {len(yaw_err)} recovered frames within +-45")
    ref_err = [angle_diff(r["ref_yaw"], r["cmd_yaw"]) for r in w45 if r["ref_yaw"] is not None]
    both = [r for r in w45 if r["rec_yaw"] is not None and r["ref_yaw"] is not None]
    print(f"  the same measurement on the bare head model (its own error): {np.mean(ref_err):.2f} deg mean over "
          f"{len(ref_err)} frames; bust vs bare head model, same frames: "
          f"{np.mean([angle_diff(r['rec_yaw'], r['ref_yaw']) for r in both]):.2f} deg mean")
    naive = [r for r in rows if abs(r["seen_yaw"]) <= 45]
    naive_err = [angle_diff(r["rec_yaw"], r["cmd_yaw"]) for r in naive if r["rec_yaw"] is not None]
    naive_ref = [angle_diff(r["ref_yaw"], r["cmd_yaw"]) for r in naive if r["ref_yaw"] is not None]
    print(f"  frames chosen by camera yaw + head turn within +-45 instead (earlier runs' selection): found "
          f"{sum(r['found'] for r in naive)}/{len(naive)}, yaw error {np.mean(naive_err):.2f} deg mean "
          f"(bare head model {np.mean(naive_ref):.2f})")
    err_by_yaw = {}
    for r in w45:
        if r["rec_yaw"] is not None:
            err_by_yaw.setdefault(r["seen_yaw"], []).append(angle_diff(r["rec_yaw"], r["cmd_yaw"]))
    print("  yaw error by camera yaw + head turn: " + ", ".join(f"{y:+d}: {np.mean(v):.1f}"
                                                        for y, v in sorted(err_by_yaw.items())))
    print(f"identity: dlib distance, face yaw within +-30: max {np.nanmax(d30):.3f}, mean {np.nanmean(d30):.3f}, "
          f"{int(np.sum(d30 <= 0.6))}/{len(d30)} <= 0.6")
    for r in w30:
        if not r["dlib"] <= 0.6:
            print(f"  over 0.6 with face yaw within +-30: {r['view']} {r['frame']}: {r['dlib']:.3f} (face box: "
                  f"{r['dlib_box']}; seen from {r['cmd_pitch']:+.0f} deg of pitch)")
    # The yaw alone leaves out how far above or below the camera sees the face: the photo already sees it from
    # 16 degrees above, so a camera 25 degrees higher over a 15-degree nod sees it from 56 degrees above, at a
    # yaw of 0. The angle between the face's front and the camera (yaw and pitch together) says how frontal
    # the face a frame shows is.
    for r in rows:
        yaw, pitch = np.radians(r["cmd_yaw"]), np.radians(r["cmd_pitch"])
        r["off_front"] = float(np.degrees(np.arccos(np.cos(yaw) * np.cos(pitch))))
    f30 = [r for r in rows if r["off_front"] <= 30]
    d30f = np.array([r["dlib"] for r in f30])
    print(f"  face seen within 30 deg of its front (yaw and pitch together): max {np.nanmax(d30f):.3f}, mean "
          f"{np.nanmean(d30f):.3f}, {int(np.sum(d30f <= 0.6))}/{len(d30f)} <= 0.6")
    for r in w30:
        print(f"    {r['view']:16s} {r['frame']:9s} yaw {r['cmd_yaw']:+6.1f} pitch {r['cmd_pitch']:+6.1f} "
              f"(off the front {r['off_front']:4.1f}): {r['dlib']:.3f}")
    by_yaw = {}
    for r in rows:
        by_yaw.setdefault(r["seen_yaw"], []).append(r["dlib"])
    print("  dlib distance by camera yaw + head turn: " + ", ".join(
        f"{y:+d}: {np.nanmean(v):.2f}" for y, v in sorted(by_yaw.items())))

    # Reconstruction from the fitted camera at the fitted pose.
    fitted = build_track(head, fit, [("fitted", {})])
    ref_rgba = renderer.render(track_vertices(layer, fitted, assets, 0, 1), fit.camera)[0]
    ref_img = over_grey(ref_rgba)
    photo_used = cv2.resize(photo[..., :3], (fit.camera.width, fit.camera.height), interpolation=cv2.INTER_AREA)
    matte = person_matte(photo_used)
    psnr_grey, ssim_grey = psnr_ssim(ref_img, photo_used, matte)
    # The photo is the person over its background, and the selfie matte (a 256-pixel model, thresholded)
    # reaches a pixel or two past the person's outline onto that background. Over grey, those pixels of
    # real background cost a transparent (correct) frame as if it had left the person out. Put over the
    # background the photo itself has there (the bench's own plate), a frame is judged as it will be used
    # (Alpha Over the shot): a transparent pixel on the person still costs the person's colour against the
    # background; one on the background costs only the plate's inpainting error.
    plate = background_plate(photo_used, matte)
    psnr, ssim = psnr_ssim(over_plate(ref_rgba, plate), photo_used, matte)
    print(f"reconstruction (fitted camera, fitted pose, inside the matte): PSNR {psnr:.2f} dB, SSIM {ssim:.3f} "
          f"over the photo's own background (plate); over grey {psnr_grey:.2f} dB, SSIM {ssim_grey:.3f}")
    # Controls: the same measurement must fail a frame that is wrong (the bust 5 degrees off the fitted yaw;
    # its outline 3 pixels short of the person all round) and the plate must not stand in for the person.
    turned = build_track(head, fit, [("turned", {"yaw": 5})])
    turned_rgba = renderer.render(track_vertices(layer, turned, assets, 0, 1), fit.camera)[0]
    short = ref_rgba.copy()
    short[..., 3] = cv2.erode(short[..., 3], cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))
    empty = np.zeros_like(ref_rgba)
    controls = {name: psnr_ssim(over_plate(img, plate), photo_used, matte)[0]
                for name, img in (("turned 5 deg", turned_rgba), ("outline 3 px short", short), ("empty frame", empty))}
    print("  controls over the plate: " + ", ".join(f"{k} {v:.2f} dB" for k, v in controls.items()))

    # Streaks per region; the photo's own face and neck as the reference.
    photo_regions = head_regions(head, layer, fitted, 0, fit.camera, fit.shape)
    ref_streaks = {k: streak_stats(photo_used, photo_regions[k]) for k in ("face", "neck")}
    print("streaks (share of pixels on a streak %, energy-weighted coherence); photo itself: " + ", ".join(
        f"{k} {100 * s:.1f}% / {c:.2f}" for k, (s, c) in ref_streaks.items()))
    streaks = {}
    for side, sel in (("|cam yaw| >= 45", lambda y: abs(y) >= 45), ("|cam yaw| < 45", lambda y: abs(y) < 45)):
        acc = {k: [] for k in STREAK_REGIONS}
        for (vi, fi), img in images.items():
            if not sel(cam_yaw[vi]) or fi != 0:
                continue
            regions = head_regions(head, layer, track, fi, views[vi], fit.shape)
            for k, m in regions.items():
                acc[k].append(streak_stats(over_grey(img), m))
        streaks[side] = {k: (float(np.nanmean([s for s, _ in v])), float(np.nanmean([c for _, c in v])))
                         for k, v in acc.items() if v}
        print(f"  neutral frame, {side}: " + ", ".join(
            f"{k} {100 * s:.1f}% / {c:.2f}" for k, (s, c) in streaks[side].items()))

    # Texel footprint: photo pixels stretched one way in the output (engines that can say what they show).
    stretch = {}
    if hasattr(renderer, "photo_coordinates"):
        from backend.render.streaks import photo_stretch_share
        acc = {k: [] for k in ("face", "neck")}
        for vi, view in enumerate(views):
            if abs(cam_yaw[vi]) < 45:
                continue
            v = track_vertices(layer, track, assets, 0, 1)
            xy, conf = renderer.photo_coordinates(v, view)
            regions = head_regions(head, layer, track, 0, view, fit.shape)
            for k in acc:
                acc[k].append(photo_stretch_share(xy, conf, regions[k]))
        stretch = {k: float(np.nanmean(v)) for k, v in acc.items()}
        print("  photo stretched one way (texel footprint), neutral frame, |cam yaw| >= 45: " + ", ".join(
            f"{k} {100 * v:.2f}%" for k, v in stretch.items()))

    # Temporal stability: still head, camera moving 2 degrees per frame from -40 to +40.
    still = build_track(head, fit, [("neutral", {})])
    v0 = track_vertices(layer, still, assets, 0, 1)
    prev, deltas, p99 = None, [], []
    for y in range(-40, 41, 2):
        img = over_grey(renderer.render(v0, orbit(fit.camera, target, y, 0, args.size))[0]).astype(np.float32)
        if prev is not None:
            d = np.abs(img - prev).mean(-1)
            deltas.append(float(d.mean()))
            p99.append(float(np.percentile(d, 99)))
        prev = img
    print(f"temporal stability (still head, camera 2 deg/frame): mean change {np.mean(deltas):.2f} grey levels, "
          f"99th percentile {np.mean(p99):.1f}, worst step mean {np.max(deltas):.2f}")

    out = args.out / name
    out.mkdir(parents=True, exist_ok=True)
    # Crop around the head and shoulders: from the eyes' height down to the chest, head-centred.
    lo = np.array([-0.22, -0.30, -0.20])
    hi = np.array([0.22, 0.14, 0.12])
    boxes = [crop_box(v, lo, hi, margin=0.0) for v in views]
    contact_sheet(images, views, spec, out / "contact_sheet.png", boxes)
    cv2.imwrite(str(out / "reconstruction.png"), np.concatenate([photo_used, ref_img], 1)[..., ::-1])
    figures = dict(preparation_s=prep_s, preparation_cpu_s=prep_cpu, timings=assets.timings, fps=fps,
                   fps_per_cpu_s=len(images) / render_cpu, size=args.size, threads=args.threads,
                   found_within_45=[found45, len(w45)], yaw_error_mean=float(np.mean(yaw_err)),
                   yaw_error_bare_head_mean=float(np.mean(ref_err)),
                   yaw_error_mean_by_camera_yaw_plus_turn=float(np.mean(naive_err)),
                   dlib_max_within_30=float(np.nanmax(d30)), dlib_mean_within_30=float(np.nanmean(d30)),
                   dlib_max_within_30_of_front=float(np.nanmax(d30f)), dlib_within_30_of_front=len(d30f),
                   psnr=psnr, ssim=ssim, psnr_over_grey=psnr_grey, ssim_over_grey=ssim_grey,
                   psnr_controls=controls, streaks=streaks, photo_streaks=ref_streaks, photo_stretch=stretch,
                   temporal_mean=float(np.mean(deltas)), temporal_p99=float(np.mean(p99)), rows=rows)
    (out / "figures.json").write_text(json.dumps(figures, indent=2, default=float))
    print(f"contact sheet: {out / 'contact_sheet.png'}")
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("portraits", nargs="*", type=Path, help="portrait images (default: the astronaut)")
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("out/bench_bust"))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    head = load_head("open")
    layer = FlameLayer(head)
    ident = DlibIdentity()
    portraits = []
    if not args.portraits:
        from skimage.data import astronaut
        portraits.append(("astronaut", astronaut()))
    for p in args.portraits:
        img = cv2.imread(str(p), cv2.IMREAD_COLOR)
        if img is None:
            raise SystemExit(f"{p} is not a readable image")
        portraits.append((p.stem, np.ascontiguousarray(img[..., ::-1])))
    for name, photo in portraits:
        bench_portrait(name, photo, args, head, layer, ident)


if __name__ == "__main__":
    main()
