"""The motion plan: what a description asks the head and face to do, step by step, before any motion exists.

A plan sits between the words and the motion generators. The backend reads text into a plan, the artist
may edit it (CLI, Blender panel), and the backend turns a plan into a `Track`. It travels as JSON (on disk
and inside wire messages), so this module is the contract: its fields, their allowed values and their
meaning, validated with errors that name the field (``MotionPlan.steps[1].count: ...``).

Steps (head motion):

- ``action``: one of `ACTIONS` (nod, shake, wag, turn, look, tilt, lean, glance, look_around, recoil,
  hold, return); ``side`` one of the action's `SIDES` ("" where the action has none). Sides are the
  subject's own (DESIGN.md): "left" turns the face toward the subject's left (yaw > 0).
- ``count``: repetitions of a repeating action (`REPEATING`); 0 = not said, repeats for its duration.
  Other actions happen once (count 1).
- ``amplitude`` small/medium/large, ``speed`` slow/normal/fast.
- ``start`` and ``duration`` in seconds from the start of the clip. ``overlaps``: the index of an earlier
  step this one runs together with ("nods while turning left"); None = it follows the step before.
  `MotionPlan.retimed` lays steps out from their natural durations; the generators follow the times given.
- Where a step came from: ``source`` (the words), ``confidence`` in [0, 1], ``margin`` (best minus
  second-best similarity of the reading), ``runner_up`` (the second-best action) and ``notes``.

The emotion lane (`EmotionCue`): emotion, intensity, onset (sudden/normal/gradual), ``start`` and ``hold``
(seconds at full expression; None = until the next cue or the end), ``talking``, and the same provenance.

A plan also keeps the words it could not use (``unread``) and its ``status``: "ok", "partial" (some words
were not understood) or "unreadable" (nothing could be read: generators refuse it rather than guess).
"""

from __future__ import annotations

import dataclasses
import json
import math
import numbers
import os
from pathlib import Path
from typing import Any, Mapping, Sequence

from .atomic_files import atomic_writer

PLAN_FORMAT = "mvportrait.motion_plan/1"

SIDES: dict[str, tuple[str, ...]] = {
    "nod": ("",), "shake": ("",), "wag": ("",),
    "turn": ("left", "right"), "look": ("up", "down"), "tilt": ("left", "right"), "lean": ("forward", "back"),
    "glance": ("left", "right", "up", "down"),
    "look_around": ("",), "recoil": ("",), "hold": ("",), "return": ("",),
}
ACTIONS = tuple(SIDES)
REPEATING = ("nod", "shake", "wag", "glance")
AMPLITUDES = ("small", "medium", "large")
SPEEDS = ("slow", "normal", "fast")
EMOTIONS = ("happy", "sad", "surprised", "angry", "disgusted", "fearful", "contempt", "neutral")
INTENSITIES = ("mild", "medium", "strong")
ONSETS = ("sudden", "normal", "gradual")
STATUSES = ("ok", "partial", "unreadable")

MAX_STEPS = 32
MAX_CUES = 8
MAX_COUNT = 12
MAX_SECONDS = 600.0
MAX_TEXT = 2000
DEFAULT_SECONDS = 4.0

# Natural timing (seconds) of a step, by speed: repetition rates and the time a move to a held pose takes.
REPEAT_HZ = {"nod": {"slow": 0.6, "normal": 1.2, "fast": 2.2},
             "shake": {"slow": 0.5, "normal": 1.0, "fast": 1.8},
             "wag": {"slow": 0.5, "normal": 0.9, "fast": 1.5},
             "glance": {"slow": 0.35, "normal": 0.6, "fast": 1.0}}
MOVE_S = {"slow": 1.4, "normal": 0.7, "fast": 0.3}
SETTLE_S = 0.8   # a held pose is shown a moment before the next step
LOOK_AROUND_S = {"slow": 5.0, "normal": 3.5, "fast": 2.5}
OPEN_REPEATS = 3  # repetitions a step with count 0 takes when nothing else sets its length


class MotionPlanError(ValueError):
    """A plan's contents are invalid; the message names the field and what to do."""


def _fail(field: str, problem: str) -> None:
    raise MotionPlanError(f"MotionPlan.{field}: {problem}")


def _choice(field: str, value: Any, allowed: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        _fail(field, f"{value!r} is not one of {shown}")
    return value


def _number(field: str, value: Any, lo: float, hi: float, *, lo_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        _fail(field, f"must be a number, got {type(value).__name__}")
    out = float(value)
    if not math.isfinite(out) or out < lo or out > hi or (lo_open and out == lo):
        bracket = "(" if lo_open else "["
        _fail(field, f"{out:g} is outside {bracket}{lo:g}, {hi:g}]")
    return out


def _integer(field: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        _fail(field, f"must be a whole number, got {value!r}")
    out = int(value)
    if not lo <= out <= hi:
        _fail(field, f"{out} is outside [{lo}, {hi}]")
    return out


def _text(field: str, value: Any, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        _fail(field, f"must be text, got {type(value).__name__}")
    if len(value) > limit:
        _fail(field, f"has {len(value)} characters, more than {limit}")
    return value


def _texts(field: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        _fail(field, f"must be a list of texts, got {type(value).__name__}")
    return tuple(_text(f"{field}[{i}]", v, 500) for i, v in enumerate(value))


def _check_keys(field: str, data: Any, known: Sequence[str], required: Sequence[str]) -> None:
    if not isinstance(data, Mapping):
        _fail(field, f"must be an object, got {type(data).__name__}")
    unknown = sorted(set(data) - set(known))
    if unknown:
        _fail(field, f"unknown key(s) {', '.join(map(repr, unknown))}; known: {', '.join(known)}")
    missing = [k for k in required if k not in data]
    if missing:
        _fail(field, f"missing key(s) {', '.join(map(repr, missing))}")


@dataclasses.dataclass(frozen=True)
class PlanStep:
    """One head motion of the plan (see the module docstring for the fields)."""

    action: str
    side: str = ""
    count: int = 1
    amplitude: str = "medium"
    speed: str = "normal"
    start: float = 0.0
    duration: float = 1.0
    overlaps: int | None = None
    source: str = ""
    confidence: float = 1.0
    margin: float = 0.0
    runner_up: str = ""
    notes: tuple[str, ...] = ()

    def validated(self, field: str = "step") -> "PlanStep":
        action = _choice(f"{field}.action", self.action, ACTIONS)
        if self.side == "" and SIDES[action] != ("",):
            _fail(f"{field}.side", f"{action!r} needs a side: one of {', '.join(SIDES[action])}")
        side = _choice(f"{field}.side", self.side, SIDES[action])
        count = _integer(f"{field}.count", self.count, 0, MAX_COUNT)
        if action not in REPEATING and count != 1:
            _fail(f"{field}.count", f"{action!r} happens once (count 1), got {count}; repeating actions are "
                                    f"{', '.join(REPEATING)}")
        overlaps = self.overlaps
        if overlaps is not None:
            overlaps = _integer(f"{field}.overlaps", overlaps, 0, MAX_STEPS - 1)
        runner_up = self.runner_up
        if runner_up != "":
            runner_up = _choice(f"{field}.runner_up", runner_up, ACTIONS)
        return dataclasses.replace(
            self, action=action, side=side, count=count,
            amplitude=_choice(f"{field}.amplitude", self.amplitude, AMPLITUDES),
            speed=_choice(f"{field}.speed", self.speed, SPEEDS),
            start=_number(f"{field}.start", self.start, 0.0, MAX_SECONDS),
            duration=_number(f"{field}.duration", self.duration, 0.0, MAX_SECONDS, lo_open=True),
            overlaps=overlaps, source=_text(f"{field}.source", self.source, 500),
            confidence=_number(f"{field}.confidence", self.confidence, 0.0, 1.0),
            margin=_number(f"{field}.margin", self.margin, -2.0, 2.0), runner_up=runner_up,
            notes=_texts(f"{field}.notes", self.notes))

    @property
    def end(self) -> float:
        return self.start + self.duration

    def natural_duration(self) -> float:
        """Seconds the step takes at its speed when nothing else constrains it."""
        return natural_duration(self.action, self.count, self.speed)

    def describe(self) -> str:
        """One readable line: 'nod ×2, small, slow' / 'turn left, large'."""
        words = [self.action.replace("_", " ")]
        if self.side:
            words[0] += f" {self.side}"
        if self.action in REPEATING:
            words[0] += f" ×{self.count}" if self.count else " (repeated)"
        extras = [w for w in (self.amplitude if self.amplitude != "medium" else "",
                              self.speed if self.speed != "normal" else "") if w]
        return ", ".join(words + extras)


def natural_duration(action: str, count: int, speed: str) -> float:
    if action in REPEAT_HZ:
        return (count or OPEN_REPEATS) / REPEAT_HZ[action][speed] + 0.3
    if action in ("turn", "look", "tilt", "lean", "return"):
        return MOVE_S[speed] + SETTLE_S
    if action == "look_around":
        return LOOK_AROUND_S[speed]
    if action == "recoil":
        return 1.2
    return 1.5   # hold


@dataclasses.dataclass(frozen=True)
class EmotionCue:
    """One expression on the emotion lane."""

    emotion: str
    intensity: str = "medium"
    onset: str = "normal"
    start: float = 0.0
    hold: float | None = None
    talking: bool = False
    source: str = ""
    confidence: float = 1.0
    margin: float = 0.0
    runner_up: str = ""
    notes: tuple[str, ...] = ()

    def validated(self, field: str = "cue") -> "EmotionCue":
        hold = self.hold
        if hold is not None:
            hold = _number(f"{field}.hold", hold, 0.0, MAX_SECONDS, lo_open=True)
        if not isinstance(self.talking, bool):
            _fail(f"{field}.talking", f"must be true or false, got {self.talking!r}")
        runner_up = self.runner_up
        if runner_up != "":
            runner_up = _choice(f"{field}.runner_up", runner_up, EMOTIONS)
        return dataclasses.replace(
            self, emotion=_choice(f"{field}.emotion", self.emotion, EMOTIONS),
            intensity=_choice(f"{field}.intensity", self.intensity, INTENSITIES),
            onset=_choice(f"{field}.onset", self.onset, ONSETS),
            start=_number(f"{field}.start", self.start, 0.0, MAX_SECONDS), hold=hold,
            source=_text(f"{field}.source", self.source, 500),
            confidence=_number(f"{field}.confidence", self.confidence, 0.0, 1.0),
            margin=_number(f"{field}.margin", self.margin, -2.0, 2.0), runner_up=runner_up,
            notes=_texts(f"{field}.notes", self.notes))

    def describe(self) -> str:
        words = [self.emotion]
        if self.intensity != "medium":
            words.append(self.intensity)
        if self.onset != "normal":
            words.append(self.onset)
        if self.talking:
            words.append("talking")
        line = ", ".join(words) + f" from {self.start:.1f} s"
        return line + (f" for {self.hold:.1f} s" if self.hold is not None else "")


_STEP_KEYS = tuple(f.name for f in dataclasses.fields(PlanStep))
_CUE_KEYS = tuple(f.name for f in dataclasses.fields(EmotionCue))
_PLAN_KEYS = ("format", "text", "seconds", "status", "steps", "emotions", "unread", "notes")


@dataclasses.dataclass(frozen=True)
class MotionPlan:
    """A validated plan; construct it with any sequences, fields come out as tuples of validated parts."""

    steps: tuple[PlanStep, ...] = ()
    emotions: tuple[EmotionCue, ...] = ()
    seconds: float = DEFAULT_SECONDS
    text: str = ""
    status: str = "ok"
    unread: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.steps, (str, bytes)) or not isinstance(self.steps, Sequence):
            _fail("steps", f"must be a list of steps, got {type(self.steps).__name__}")
        if isinstance(self.emotions, (str, bytes)) or not isinstance(self.emotions, Sequence):
            _fail("emotions", f"must be a list of emotion cues, got {type(self.emotions).__name__}")
        if len(self.steps) > MAX_STEPS:
            _fail("steps", f"{len(self.steps)} steps is more than {MAX_STEPS}; split the shot")
        if len(self.emotions) > MAX_CUES:
            _fail("emotions", f"{len(self.emotions)} cues is more than {MAX_CUES}; split the shot")
        steps = []
        for i, step in enumerate(self.steps):
            if not isinstance(step, PlanStep):
                _fail(f"steps[{i}]", f"must be a PlanStep, got {type(step).__name__}")
            step = step.validated(f"steps[{i}]")
            if step.overlaps is not None and step.overlaps >= i:
                _fail(f"steps[{i}].overlaps", f"{step.overlaps} does not name an earlier step (this is step {i})")
            steps.append(step)
        cues = []
        for i, cue in enumerate(self.emotions):
            if not isinstance(cue, EmotionCue):
                _fail(f"emotions[{i}]", f"must be an EmotionCue, got {type(cue).__name__}")
            cues.append(cue.validated(f"emotions[{i}]"))
        seconds = _number("seconds", self.seconds, 0.0, MAX_SECONDS, lo_open=True)
        for i, step in enumerate(steps):
            if step.start >= seconds:
                _fail(f"steps[{i}].start", f"{step.start:g} s is not inside the clip of {seconds:g} s")
        for i, cue in enumerate(cues):
            if cue.start >= seconds:
                _fail(f"emotions[{i}].start", f"{cue.start:g} s is not inside the clip of {seconds:g} s")
        status = _choice("status", self.status, STATUSES)
        if status == "unreadable" and steps:
            _fail("status", "an 'unreadable' plan has no steps; set the status to 'ok' after adding steps")
        object.__setattr__(self, "steps", tuple(steps))
        object.__setattr__(self, "emotions", tuple(cues))
        object.__setattr__(self, "seconds", seconds)
        object.__setattr__(self, "text", _text("text", self.text))
        object.__setattr__(self, "status", status)
        object.__setattr__(self, "unread", _texts("unread", self.unread))
        object.__setattr__(self, "notes", _texts("notes", self.notes))

    # -- timing ------------------------------------------------------------------------------------

    def natural_seconds(self) -> float:
        """Length of the clip when every step takes its natural duration (at least one second)."""
        return max(1.0, _layout([s.natural_duration() for s in self.steps], [s.overlaps for s in self.steps])[1])

    def retimed(self, seconds: float | None = None) -> "MotionPlan":
        """Lay steps out one after another (or together, where `overlaps` says so) at their natural
        durations, then fit them to `seconds` (default: this plan's length): too long and every step is
        compressed evenly; shorter, and the open-ended steps (count 0, hold, look around) share the spare
        time, or the last pose is held. Emotion cues keep their start (clipped into the clip)."""
        seconds = self.seconds if seconds is None else _number("seconds", seconds, 0.0, MAX_SECONDS, lo_open=True)
        natural = [s.natural_duration() for s in self.steps]
        overlaps = [s.overlaps for s in self.steps]
        starts, total = _layout(natural, overlaps)
        durations = list(natural)
        notes = [n for n in self.notes if not n.startswith("timing:")]
        if total > seconds + 1e-9:
            factor = seconds / total
            durations = [d * factor for d in natural]
            starts = [s * factor for s in starts]
            notes.append(f"timing: the steps take {total:.1f} s at their speeds; compressed to fit {seconds:.1f} s")
        elif self.steps:
            elastic = [i for i, s in enumerate(self.steps) if s.overlaps is None and _is_elastic(s)]
            # Only steps on the main line stretch; overlapping ones keep their length.
            if elastic:
                spare = seconds - total
                weight = sum(natural[i] for i in elastic)
                durations = [d + (spare * d / weight if i in elastic else 0.0) for i, d in enumerate(natural)]
                starts, _ = _layout(durations, overlaps)
        steps = tuple(dataclasses.replace(s, start=round(min(st, seconds * 0.999), 4),
                                          duration=round(min(d, seconds), 4))
                      for s, st, d in zip(self.steps, starts, durations))
        cues = tuple(dataclasses.replace(c, start=min(c.start, round(seconds * 0.9, 4))) for c in self.emotions)
        return dataclasses.replace(self, steps=steps, emotions=cues, seconds=seconds, notes=tuple(notes))

    # -- edits ---------------------------------------------------------------------------------------

    def with_step(self, index: int, **changes: Any) -> "MotionPlan":
        """The plan with step `index` changed (marked as edited) and the steps retimed."""
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(self.steps):
            _fail(f"steps[{index}]", f"there is no such step; the plan has {len(self.steps)}")
        step = self.steps[index]
        new_action = changes.get("action", step.action)
        if new_action != step.action and new_action in SIDES:
            # Keep what still makes sense for the new action, replace what does not.
            if "side" not in changes:
                changes["side"] = step.side if step.side in SIDES[new_action] else SIDES[new_action][0]
            if "count" not in changes:
                changes["count"] = step.count if (new_action in REPEATING and step.action in REPEATING) else 1
        unknown = sorted(set(changes) - {"action", "side", "count", "amplitude", "speed", "overlaps"})
        if unknown:
            _fail(f"steps[{index}]", f"cannot edit {', '.join(unknown)}; edit action, side, count, amplitude, "
                                     f"speed or overlaps")
        edited = dataclasses.replace(step, **changes, confidence=1.0, margin=0.0, runner_up="",
                                     notes=tuple(n for n in step.notes if not n.startswith("edited")) + ("edited",))
        steps = list(self.steps)
        steps[index] = edited
        return dataclasses.replace(self, steps=tuple(steps), status="ok" if steps else self.status).retimed()

    # -- lines for people ----------------------------------------------------------------------------

    def describe(self) -> list[str]:
        """Readable lines, one per step and cue, with where each came from and how sure the reading is."""
        lines = []
        if self.status == "unreadable":
            lines.append("could not read a motion from the description; add steps or rephrase")
        for i, s in enumerate(self.steps):
            when = f"{s.start:4.1f}–{s.end:4.1f} s"
            along = f" (with step {s.overlaps + 1})" if s.overlaps is not None else ""
            sure = f"{s.confidence:.0%}"
            origin = f" ← \"{s.source}\"" if s.source else ""
            lines.append(f"{i + 1}. {when} {s.describe()}{along} [{sure}]{origin}")
        for c in self.emotions:
            origin = f" ← \"{c.source}\"" if c.source else ""
            lines.append(f"face: {c.describe()} [{c.confidence:.0%}]{origin}")
        # What the reader decided about the whole description, a step it read but did not take among them.
        lines.extend(f"note: {n}" for n in self.notes)
        if self.unread:
            lines.append("not understood: " + "; ".join(f"\"{u}\"" for u in self.unread))
        return lines

    # -- JSON ----------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        def part(obj) -> dict[str, Any]:
            d = dataclasses.asdict(obj)
            d["notes"] = list(d["notes"])
            return d

        return {"format": PLAN_FORMAT, "text": self.text, "seconds": self.seconds, "status": self.status,
                "steps": [part(s) for s in self.steps], "emotions": [part(c) for c in self.emotions],
                "unread": list(self.unread), "notes": list(self.notes)}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Any) -> "MotionPlan":
        if not isinstance(data, Mapping):
            raise MotionPlanError(f"MotionPlan: a plan is a JSON object, got {type(data).__name__}")
        unknown = sorted(set(data) - set(_PLAN_KEYS))
        if unknown:
            raise MotionPlanError(f"MotionPlan: unknown key(s) {', '.join(map(repr, unknown))}; known: "
                                  f"{', '.join(_PLAN_KEYS)}")
        for key in ("format", "steps"):
            if key not in data:
                _fail(key, "missing; a plan file is the JSON that --plan-only prints")
        if data["format"] != PLAN_FORMAT:
            _fail("format", f"{data['format']!r} is not {PLAN_FORMAT!r}; this reader knows plan version 1 only")
        steps_data, cues_data = data["steps"], data.get("emotions", [])
        for name, value in (("steps", steps_data), ("emotions", cues_data)):
            if not isinstance(value, list):
                _fail(name, f"must be a list, got {type(value).__name__}")
        steps = []
        for i, s in enumerate(steps_data):
            _check_keys(f"steps[{i}]", s, _STEP_KEYS, ("action",))
            steps.append(PlanStep(**{k: (tuple(v) if k == "notes" and isinstance(v, list) else v)
                                     for k, v in s.items()}))
        cues = []
        for i, c in enumerate(cues_data):
            _check_keys(f"emotions[{i}]", c, _CUE_KEYS, ("emotion",))
            cues.append(EmotionCue(**{k: (tuple(v) if k == "notes" and isinstance(v, list) else v)
                                      for k, v in c.items()}))
        rest = {k: data[k] for k in ("text", "seconds", "status") if k in data}
        for k in ("unread", "notes"):
            if k in data:
                rest[k] = data[k] if not isinstance(data[k], list) else tuple(data[k])
        return cls(steps=tuple(steps), emotions=tuple(cues), **rest)

    @classmethod
    def from_json(cls, text: str | bytes) -> "MotionPlan":
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise MotionPlanError(f"MotionPlan: not valid JSON ({exc}); a plan file is the JSON that "
                                  f"--plan-only prints") from None
        return cls.from_dict(data)

    def save(self, path: str | os.PathLike) -> Path:
        path = Path(path)
        with atomic_writer(path) as f:
            f.write((self.to_json() + "\n").encode("utf-8"))
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> "MotionPlan":
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise MotionPlanError(f"MotionPlan: cannot read {path} ({exc.strerror or exc})") from None
        if len(raw) > 1_000_000:
            raise MotionPlanError(f"MotionPlan: {path} is {len(raw)} bytes; a plan is a small JSON file")
        return cls.from_json(raw)


def _is_elastic(step: PlanStep) -> bool:
    return (step.action in REPEATING and step.count == 0) or step.action in ("hold", "look_around")


def _layout(durations: Sequence[float], overlaps: Sequence[int | None]) -> tuple[list[float], float]:
    """Start times: a step follows the end of the main line so far, or starts with the step it overlaps."""
    starts: list[float] = []
    cursor = 0.0
    for i, (d, o) in enumerate(zip(durations, overlaps)):
        if o is not None and o < i:
            starts.append(starts[o])
        else:
            starts.append(cursor)
        cursor = max(cursor, starts[-1] + d)
    return starts, cursor
