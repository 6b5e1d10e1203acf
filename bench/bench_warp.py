"""Quality and speed of the `warp` engine on the public-domain astronaut portrait (skimage.data.astronaut()).

    python bench/bench_warp.py [--size 512] [--threads 1] [--texture-size 1024] [--out out/bench_warp] [--speed-only]
                               [--device cpu|cuda]

Views orbit the reference camera (yaw -45..45 degrees, pitch -20..20) around the head; the track holds
a neutral frame, three jaw openings, a smile, a blink and commanded head turns (yaw +-30, pitch +-15).
Reported:
  * controllability: MediaPipe's face mesh on every output frame; head rotation recovered by PnP from its
    landmarks (against the fitted head's 3D landmarks) vs the commanded rotation relative to each camera,
    as yaw/pitch mean absolute error in degrees; detection rate; inner-lip opening vs jaw opening;
  * identity: dlib's face descriptor distance (dlib-bin + face-recognition-models, opened by path) between
    the reference and every frame and view (same person below 0.6);
  * speed: frames/second per view at --size on --device (CPU by default), one image per call as the server
    renders them (each image back in host memory), and the time in fit (one-time), texture lifting
    (one-time), FLAME, raster, texture sampling and composite (on CUDA kernels run asynchronously, so a
    phase's time is partly another's; the frames/second are wall time);
  * a contact sheet PNG (views x frames) and the figures as JSON in --out.
Needs the `facemesh`, `test` and `bench` extras (mediapipe, scikit-image, dlib-bin, face-recognition-models).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import math
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.engines.warp import WarpConfig, WarpRenderer, prepare_portrait  # noqa: E402
from backend.engines.warp.engine import track_vertices  # noqa: E402
from backend.fitting.detect import DetectionConfig, run_face_mesh  # noqa: E402
from backend.flame.layer import FlameLayer  # noqa: E402
from backend.render.output import over_grey  # noqa: E402
from flame_assets.library import load_head  # noqa: E402
from protocols import CameraView, Track  # noqa: E402
from protocols.flame_conventions import axis_angle_to_matrix, matrix_to_euler, pose_column  # noqa: E402

VIEW_YAWS = (-45, -30, -15, 0, 15, 30, 45)
VIEW_PITCHES = (-20, -10, 10, 20)
_FLIP = np.diag([1.0, -1.0, -1.0])
# Face-mesh points that move with the skull only (no lips, jaw or irises): PnP object points.
_RIGID_EXCLUDE = set(range(468, 478))


def frames_spec(head) -> list[tuple[str, dict]]:
    return [("neutral", {}), ("jaw 0.1", {"jaw": 0.1}), ("jaw 0.2", {"jaw": 0.2}), ("jaw 0.3", {"jaw": 0.3}),
            ("smile", {"smile": 1.0}), ("blink", {"blink": 1.0}), ("yaw -30", {"yaw": -30}),
            ("yaw +30", {"yaw": 30}), ("pitch -15", {"pitch": -15}), ("pitch +15", {"pitch": 15})]


def build_track(head, spec) -> Track:
    n = len(spec)
    track = Track.neutral(n, head.model_id, n_expr=head.n_expr, n_shape=head.n_shape, fps=25.0, first_frame=1)
    pose = np.zeros((n, 15), np.float32)
    expression = np.zeros((n, head.n_expr), np.float32)
    eyelids = np.zeros((n, 2), np.float32)
    for i, (_, s) in enumerate(spec):
        pose[i, pose_column("jaw", "pitch")] = s.get("jaw", 0.0)
        pose[i, pose_column("global", "yaw")] = math.radians(s.get("yaw", 0.0))
        pose[i, pose_column("global", "pitch")] = math.radians(s.get("pitch", 0.0))
        eyelids[i] = s.get("blink", 0.0)
        if "smile" in s:
            expression[i, head.expression_names.index("smile")] = s["smile"]
    return track.with_fields(pose=pose, expression=expression, eyelids=eyelids)


def orbit(reference: CameraView, target: np.ndarray, yaw_deg: int, pitch_deg: int, size: int) -> CameraView:
    """The reference camera moved around `target` (FLAME frame) so that the head appears turned by yaw and
    pitch (signs of protocols.flame_conventions) relative to the reference."""
    A = axis_angle_to_matrix(np.radians([pitch_deg, 0, 0])) @ axis_angle_to_matrix(np.radians([0, yaw_deg, 0]))
    # X_cam = R_ref (A (X - target) + target) + t_ref
    R = reference.R @ A
    t = reference.R @ (target - A @ target) + reference.t
    view = CameraView(f"yaw{yaw_deg:+d}_pitch{pitch_deg:+d}", reference.width, reference.height, reference.K, R, t)
    return view.scaled(size, size)


def head_angles(R_cam_from_head: np.ndarray) -> tuple[float, float]:
    """(yaw, pitch) in degrees of the head as the camera sees it, relative to a camera straight in front of
    the face (signs of protocols.flame_conventions)."""
    # The head's rotation in a camera frame with FLAME's axes.
    yaw, pitch, _ = np.degrees(matrix_to_euler(_FLIP @ R_cam_from_head))
    return float(yaw), float(pitch)


def commanded_rotation(view: CameraView, global_aa: np.ndarray) -> np.ndarray:
    return view.R @ axis_angle_to_matrix(np.asarray(global_aa, np.float64))


def recover_rotation(landmarks_px: np.ndarray, object_points: np.ndarray, view: CameraView):
    ids = [i for i in range(468) if i not in _RIGID_EXCLUDE]
    ok, rvec, tvec = cv2.solvePnP(object_points[ids].astype(np.float64), landmarks_px[ids].astype(np.float64),
                                  np.asarray(view.K, np.float64), None, flags=cv2.SOLVEPNP_ITERATIVE)
    return cv2.Rodrigues(rvec)[0] if ok else None


class DlibIdentity:
    def __init__(self):
        import dlib

        spec = importlib.util.find_spec("face_recognition_models")
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit("face-recognition-models is not installed: pip install face-recognition-models")
        models = Path(list(spec.submodule_search_locations)[0]) / "models"
        self.detector = dlib.get_frontal_face_detector()
        self.shape = dlib.shape_predictor(str(models / "shape_predictor_68_face_landmarks.dat"))
        self.encoder = dlib.face_recognition_model_v1(str(models / "dlib_face_recognition_resnet_model_v1.dat"))
        self.dlib = dlib

    def descriptor(self, rgb: np.ndarray, fallback_box=None):
        """dlib's descriptor of the face in `rgb`: in dlib's own box, or else in `fallback_box` (x0, y0, x1, y1,
        the landmark detector's face). With a fallback box given, a dlib box that does not overlap it is
        something else (dlib once found a "face" on the suit of a profile view) and is not used."""
        boxes = list(self.detector(rgb, 1))
        if fallback_box is not None:
            x0, y0, x1, y1 = fallback_box
            boxes = [b for b in boxes if b.left() < x1 and x0 < b.right() and b.top() < y1 and y0 < b.bottom()]
        if boxes:
            box = max(boxes, key=lambda b: b.width() * b.height())
            found = "dlib"
        elif fallback_box is not None:
            x0, y0, x1, y1 = (int(round(v)) for v in fallback_box)
            box = self.dlib.rectangle(x0, y0, x1, y1)
            found = "mediapipe box"
        else:
            return None, "none"
        return np.array(self.encoder.compute_face_descriptor(rgb, self.shape(rgb, box))), found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=512)
    # One image per call is small work: one thread beats two on a busy machine (measured 28 vs 8 frames/s).
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--texture-size", type=int, default=1024)
    ap.add_argument("--out", type=Path, default=Path("out/bench_warp"))
    ap.add_argument("--speed-only", action="store_true", help="skip the MediaPipe and dlib quality measures")
    ap.add_argument("--device", default="cpu", help="cpu or cuda: where the bust is rendered")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    from skimage.data import astronaut

    args.out.mkdir(parents=True, exist_ok=True)
    head = load_head("open")
    layer = FlameLayer(head)
    photo = astronaut()
    config = WarpConfig()
    config = dataclasses.replace(config, texture=dataclasses.replace(config.texture, size=args.texture_size))

    t0 = time.perf_counter()
    assets = prepare_portrait(photo, head, config, layer)
    prepare_s = time.perf_counter() - t0
    fit = assets.fit
    print(f"portrait {photo.shape[1]}x{photo.shape[0]}: fit {assets.timings['fit']:.2f} s (landmark error "
          f"{fit.error_px:.2f} px), texture {assets.timings['texture']:.2f} s, background "
          f"{assets.timings.get('background', 0.0):.2f} s, total {prepare_s:.2f} s")

    spec = frames_spec(head)
    track = build_track(head, spec)
    target = np.array([0.0, -0.02, -0.03])
    views = [orbit(fit.camera, target, y, 0, args.size) for y in VIEW_YAWS]
    views += [orbit(fit.camera, target, 0, p, args.size) for p in VIEW_PITCHES]
    view_yaw = [y for y in VIEW_YAWS] + [0] * len(VIEW_PITCHES)

    # Speed: one image per call, as the server renders; FLAME vertices per frame block as in the engine.
    renderer = WarpRenderer(assets, config, args.device)
    render_layer = FlameLayer(head).to(args.device)
    images = {}
    flame_s = 0.0
    for _ in range(2):  # the first pass warms caches (view backgrounds, allocator); the second is timed
        renderer.timings.clear()
        flame_s = 0.0
        wall = {}
        for vi, view in enumerate(views):
            t0 = time.perf_counter()
            for fi in range(track.num_frames):
                t1 = time.perf_counter()
                verts = track_vertices(render_layer, track, assets, fi, fi + 1)
                flame_s += time.perf_counter() - t1
                images[vi, fi] = over_grey(renderer.render(verts, view)[0])
            wall[view.name] = track.num_frames / (time.perf_counter() - t0)
    n_images = len(views) * track.num_frames
    t = dict(renderer.timings)
    per = {"flame": flame_s, "raster": t["raster"], "texture": t["texture"], "composite": t.get("alpha", 0.0)}
    total = sum(per.values())
    fps = np.array(list(wall.values()))
    where = torch.cuda.get_device_name() if args.device.startswith("cuda") else f"CPU ({args.threads} threads)"
    print(f"\nspeed at {args.size}x{args.size} on {where}, {n_images} images: "
          f"{np.median(fps):.1f} frames/s per view (min {fps.min():.1f}, max {fps.max():.1f})")
    print("  per image: " + ", ".join(f"{k} {1000 * v / n_images:.1f} ms ({100 * v / total:.0f}%)"
                                      for k, v in per.items()))
    one_time = assets.timings["fit"] + assets.timings["texture"] + assets.timings.get("background", 0.0)
    print(f"  one-time: fit {assets.timings['fit']:.2f} s, texture lifting {assets.timings['texture']:.2f} s, "
          f"background {assets.timings.get('background', 0.0):.2f} s; over this benchmark's {n_images} images: fit "
          f"{100 * assets.timings['fit'] / (one_time + total):.0f}%, texture (lift+sample) "
          f"{100 * (assets.timings['texture'] + per['texture']) / (one_time + total):.0f}%, raster "
          f"{100 * per['raster'] / (one_time + total):.0f}%, composite "
          f"{100 * (per['composite'] + assets.timings.get('background', 0.0)) / (one_time + total):.0f}%")

    # Determinism: the same inputs again give the same pixels.
    again = over_grey(renderer.render(track_vertices(render_layer, track, assets, 1, 2), views[3])[0])
    deterministic = bool(np.array_equal(again, images[3, 1]))

    print(f"deterministic: {deterministic}")
    if args.speed_only:
        return

    # Controllability with MediaPipe.
    with torch.no_grad():
        rest_lmk = layer.landmarks(track_vertices(layer, track, assets, 0, 1), "mediapipe")[0].numpy()
    det_cfg = DetectionConfig(max_faces=1)
    mp = {}
    for key, img in images.items():
        faces = run_face_mesh(img, det_cfg)
        mp[key] = faces[0][:, :2] if faces else None
    rows = []
    front = VIEW_YAWS.index(0)
    for vi, view in enumerate(views):
        for fi, (name, _) in enumerate(spec):
            # The neutral frame from every view; the commanded head turns from the front view.
            head_turn = name.startswith(("yaw", "pitch"))
            if not (name == "neutral" or (head_turn and vi == front)):
                continue
            # The global rotation turns about the root joint; PnP recovers rotation and translation together.
            cmd = head_angles(commanded_rotation(view, track.pose[fi, :3].astype(np.float64)))
            lm = mp[vi, fi]
            rec = None
            if lm is not None:
                R_est = recover_rotation(lm, rest_lmk, view)
                rec = head_angles(R_est) if R_est is not None else None
            rows.append((view.name, name, cmd, rec, view_yaw[vi] + spec[fi][1].get("yaw", 0)))
    print("\ncontrollability (MediaPipe on the output; PnP head rotation vs commanded, degrees):")
    print(f"  {'view':18s} {'frame':10s} {'cmd yaw':>8s} {'rec yaw':>8s} {'cmd pitch':>9s} {'rec pitch':>9s}")
    yaw_err, pitch_err, yaw_err30 = [], [], []
    for vname, fname, cmd, rec, nominal in rows:
        if rec is None:
            print(f"  {vname:18s} {fname:10s} {cmd[0]:8.1f} {'-':>8s} {cmd[1]:9.1f} {'-':>9s}  (no face)")
            continue
        yaw_err.append(abs(rec[0] - cmd[0]))
        pitch_err.append(abs(rec[1] - cmd[1]))
        if abs(nominal) <= 30:
            yaw_err30.append(abs(rec[0] - cmd[0]))
        print(f"  {vname:18s} {fname:10s} {cmd[0]:8.1f} {rec[0]:8.1f} {cmd[1]:9.1f} {rec[1]:9.1f}")
    print(f"  yaw MAE {np.mean(yaw_err):.2f} deg (within +-30: {np.mean(yaw_err30):.2f}), pitch MAE "
          f"{np.mean(pitch_err):.2f} deg over {len(yaw_err)} recovered of {len(rows)}")
    # Commanded yaw of each image relative to the reference photo: the view's orbit plus the track's head turn.
    nominal_yaw = {(vi, fi): view_yaw[vi] + s.get("yaw", 0) for vi in range(len(views))
                   for fi, (_, s) in enumerate(spec)}
    within = [k for k, y in nominal_yaw.items() if abs(y) <= 30]
    detected = sum(mp[k] is not None for k in within)
    print(f"  MediaPipe finds a face in {detected}/{len(within)} images commanded within +-30 of the photo's yaw "
          f"({sum(v is not None for v in mp.values())}/{len(mp)} over all views)")
    openings = []
    for fi, (name, s) in enumerate(spec[:4]):
        lm = mp[front, fi]
        if lm is None:
            openings.append(float("nan"))
            continue
        iod = np.linalg.norm(lm[[263, 362]].mean(0) - lm[[33, 133]].mean(0))
        openings.append(float(np.linalg.norm(lm[13] - lm[14]) / iod))
    monotonic = bool(np.all(np.diff(openings) > 0))
    print("  inner-lip opening / eye distance for jaw 0, 0.1, 0.2, 0.3 rad: "
          + ", ".join(f"{o:.3f}" for o in openings) + f"  (grows with the jaw: {monotonic})")

    # Identity with dlib.
    ident = DlibIdentity()
    ref_desc, _ = ident.descriptor(photo)
    dists = {}
    how = {}
    for key, img in images.items():
        lm = mp[key]
        box = None if lm is None else (*lm.min(0), *lm.max(0))
        d, found = ident.descriptor(img, box)
        how[key] = found
        dists[key] = float(np.linalg.norm(d - ref_desc)) if d is not None else float("nan")
    print("\nidentity (dlib descriptor distance to the reference; same person < 0.6):")
    print("  " + " " * 18 + "".join(f"{n[:9]:>10s}" for n, _ in spec))
    for vi, view in enumerate(views):
        print(f"  {view.name:18s}" + "".join(f"{dists[vi, fi]:10.3f}" for fi in range(track.num_frames)))
    d30 = np.array([dists[k] for k in within])
    dall = np.array(list(dists.values()))
    print(f"  commanded within +-30 of the photo's yaw ({len(d30)} images): max {np.nanmax(d30):.3f}, mean {np.nanmean(d30):.3f}, under 0.6: "
          f"{int(np.sum(d30 < 0.6))}/{len(d30)}; all views: max {np.nanmax(dall):.3f}, mean {np.nanmean(dall):.3f}")
    print(f"  dlib's own detector found {sum(v == 'dlib' for v in how.values())}/{len(how)} faces "
          "(the others use MediaPipe's box)")

    # Contact sheet: views (rows) x frames (columns), with labels.
    cell = 192
    lo, hi = head.v_template.min(0), head.v_template.max(0)
    corners = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])
    sheet_rows = []
    for vi, view in enumerate(views):
        # Crop every cell of a row to the head's box in that view (heads are small in the full portrait).
        uv, _ = view.project(corners)
        centre, half = uv.mean(0), 0.6 * np.ptp(uv, axis=0).max()
        x0, y0 = (int(round(max(0.0, c - half))) for c in centre)
        x1, y1 = int(round(min(view.width, centre[0] + half))), int(round(min(view.height, centre[1] + half)))
        cells = []
        for fi, (name, _) in enumerate(spec):
            crop = images[vi, fi][y0:y1, x0:x1]
            c = cv2.resize(crop, (cell, cell), interpolation=cv2.INTER_AREA)[..., ::-1].copy()
            cv2.putText(c, f"{view.name.split('_')[0 if view_yaw[vi] else 1]} {name}", (3, 12),
                        cv2.FONT_HERSHEY_SIMPLEX, 0.35, (255, 255, 255), 1, cv2.LINE_AA)
            cells.append(c)
        sheet_rows.append(np.concatenate(cells, 1))
    sheet = args.out / "contact_sheet.png"
    cv2.imwrite(str(sheet), np.concatenate(sheet_rows, 0))
    figures = {
        "size": args.size, "threads": args.threads, "texture_size": args.texture_size,
        "fit_s": assets.timings["fit"], "texture_lift_s": assets.timings["texture"],
        "background_s": assets.timings.get("background", 0.0), "fit_error_px": fit.error_px,
        "fps_per_view_median": float(np.median(fps)), "fps_per_view_min": float(fps.min()),
        "ms_per_image": {k: 1000 * v / n_images for k, v in per.items()},
        "yaw_mae_deg": float(np.mean(yaw_err)), "yaw_mae_within_30_deg": float(np.mean(yaw_err30)),
        "pitch_mae_deg": float(np.mean(pitch_err)), "detected_within_30": [detected, len(within)],
        "mouth_opening": openings, "mouth_opening_grows": monotonic,
        "dlib_max_within_30": float(np.nanmax(d30)), "dlib_mean_within_30": float(np.nanmean(d30)),
        "dlib_max_all": float(np.nanmax(dall)), "dlib_under_06_within_30": [int(np.sum(d30 < 0.6)), len(d30)],
        "deterministic": deterministic,
    }
    (args.out / "figures.json").write_text(json.dumps(figures, indent=2))
    print(f"contact sheet: {sheet}\nfigures: {args.out / 'figures.json'}")


if __name__ == "__main__":
    main()
