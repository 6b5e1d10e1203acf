"""The motion plan in the panel: the backend's reading of a prompt, the artist's changes to its steps, and the
plan that Generate sends (bpy-free; the panel's properties hold the changes, this module applies them).

A step's editable fields are action, side, count and speed. The panel offers every side for every action;
a side the action does not have becomes the action's first side, and a count on an action that happens
once becomes 1, so what the panel lines show is what is sent."""

from __future__ import annotations

import dataclasses
from typing import Iterable, Mapping

from ..vendored import motion_plan

EDITABLE = ("action", "side", "count", "speed")
NO_SIDE = "none"   # the panel's word for the empty side ("" cannot be an enum item)


@dataclasses.dataclass(frozen=True)
class StepFields:
    """A step's editable fields as the panel holds them."""

    action: str
    side: str
    count: int
    speed: str

    @classmethod
    def of(cls, step) -> "StepFields":
        return cls(step.action, step.side or NO_SIDE, step.count, step.speed)


def read_plan(plan_json: str):
    """The stored reading (the JSON the backend answered with); MotionPlanError when it is damaged."""
    return motion_plan.MotionPlan.from_json(plan_json)


def edited_plan(plan, fields: Iterable[StepFields]):
    """`plan` with each step changed to the panel's fields, where they differ from the reading."""
    fields = list(fields)
    if len(fields) != len(plan.steps):
        raise motion_plan.MotionPlanError(f"MotionPlan.steps: the panel holds {len(fields)} steps, the plan "
                                          f"{len(plan.steps)}; read the plan again")
    for i, (step, want) in enumerate(zip(plan.steps, fields)):
        changes = _changes(step, want)
        if changes:
            plan = plan.with_step(i, **changes)
    return plan


def _changes(step, want: StepFields) -> dict:
    action = want.action if want.action in motion_plan.SIDES else step.action
    sides = motion_plan.SIDES[action]
    side = "" if want.side == NO_SIDE else want.side
    side = side if side in sides else (step.side if step.side in sides else sides[0])
    count = max(0, min(int(want.count), motion_plan.MAX_COUNT)) if action in motion_plan.REPEATING else 1
    speed = want.speed if want.speed in motion_plan.SPEEDS else step.speed
    new = {"action": action, "side": side, "count": count, "speed": speed}
    return {k: v for k, v in new.items() if getattr(step, k) != v}


def panel_lines(plan) -> list[str]:
    """What the panel shows: one line per step and emotion cue, what was not understood, the plan's status."""
    return plan.describe()


def step_items(values: Mapping[str, tuple[str, ...]] | tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Enum items (identifier, name, description) for a panel property."""
    names = sorted({v for vs in values.values() for v in vs}) if isinstance(values, Mapping) else list(values)
    return [(NO_SIDE if n == "" else n, (n or "no side").replace("_", " ").title(), "") for n in names]
