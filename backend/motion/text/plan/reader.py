"""Text → motion plan: the steps below, run in order, and the emotion cues placed on the plan's timeline.

1. A take note that corrects itself is read as its final take (`take_notes.py`); the description is cut into
   clauses with their linking words (`clauses.py`), each marked when its subject is someone other than the
   character (`subjects.py`): their motion and feeling are not the character's.
2. Every clause is read by meaning against the prototypes (`clause_reading.py`, `meaning.py`): which head
   action it describes, or none; its emotion is read from its best short span ("…, clearly revolted" → disgusted)
   or, where no clause names one, guessed from the whole clause by the emotion classifier (`emotion_reading.py`).
3. Counts, sides, speed, size and degrees are read literally (`lexicon.py`).
4. Clauses become steps in time order ("before"/"after" swap, "while"/"as" and participles that move the
   head overlap, a pause or a pose said before a single move comes first: `ordering.py`); a clause
   that only adds words to its neighbour ("…, four times", "then up") changes or repeats that step
   (`drafting.py`); two readings of one motion ("He refuses, shaking his head twice") become one step
   (`ordering.merge_drafts`). The words correct what meaning misread (`corrections.py`), sides are settled
   from the words and the drafts become steps (`sides.py`).
   A stare joined to a motion is the face only (`stares.py`); a step back the way the one before came is a
   return, "again" repeats (`back_references.py`).
5. A learned check reads each step's clause in the whole description and drops a step that does not read as the
   character's own head motion (someone else's, a thing's, the hands'), naming it in the plan's notes
   (`step_gate.py`).
6. Whatever was not used is reported: clauses with no head motion or emotion in the plan's notes,
   clauses nothing could be read from in ``unread``; a plan with nothing read is "unreadable", unless the
   face alone is described (`face_only.py`).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from protocols.motion_plan import DEFAULT_SECONDS, EmotionCue, MotionPlan

from . import step_context, step_gate
from .back_references import (added_ones, fold_restatements, repeat_pairs, returns_back, runs_over_held_pose,
                              steps_named_to_time)
from .clause_reading import read_clauses
from .clauses import split_clauses
from .drafting import build_drafts, says_its_own_motion, says_the_verb_before
from .emotion_reading import read_emotions
from .face_only import face_only
from .note_words import named_to_stay
from .ordering import merge_drafts, order_drafts
from .corrections import correct_actions, hold_gazes, part_moves_head_stays
from .sides import merge_same_pose, settle_sides, to_steps
from .script_layout import plain_layout
from .scripts import normalise
from .stares import face_only_stares, stares_after_a_move
from .subjects import about_someone_else
from .take_notes import final_take

MAX_AUTO_SECONDS = 10.0


# ------------------------------------------------------------------------------------------------- plan


def reading_text(text: str) -> str:
    """The words the reader reads, on one line. A screenplay's line breaks say what is a character cue, a
    parenthetical and a line of dialogue; the layout is read while they are there (`script_layout.py`), the plan
    keeps the text as written."""
    laid_out = plain_layout(text) if "\n" in text else text
    return " ".join(laid_out.split()) or " ".join(text.split())


def read_plan(text: str, seconds: float | None = None, step_check: bool = True, context_check: bool = True,
              context_facts: list | None = None) -> MotionPlan:
    """A description → its plan, timed for `seconds` (default: the steps' natural length, at least 4 s and
    at most 10 s). `step_check=False` keeps every step the rules read (the step gate's training reads so);
    `context_check=False` every step the gate keeps (the context check's training reads so, collecting into
    `context_facts` (step index, facts) for each step the check would judge, `step_context.features`)."""
    from ..prompts import check_prompt

    written, text = text, check_prompt(text, "description")
    laid_out = reading_text(written)
    clauses = split_clauses(laid_out)
    readings = read_clauses(clauses) if clauses else []
    notes: list[str] = []
    unread: list[str] = []
    plain = normalise(laid_out)
    taken_back: list[str] = []
    if final_take(plain, taken_back) != plain:
        notes.append("a take note that corrects itself: read as its final take")
        notes.extend(taken_back)
    drafts = stares_after_a_move(face_only_stares(build_drafts(readings, notes, unread), notes))
    drafts = steps_named_to_time(fold_restatements(merge_drafts(order_drafts(drafts, readings)), readings))
    drafts = repeat_pairs(merge_same_pose(hold_gazes(returns_back(settle_sides(part_moves_head_stays(correct_actions(drafts, readings)))))))
    drafts = added_ones(runs_over_held_pose(drafts, readings))
    used = {source for d in drafts for source in d.sources}
    unread = [u for u in unread if u not in used]   # a gloss after a colon ("…: no") was read with its step
    # Another person's feeling ("Her friend laughs", "while the tour guide rattles off dates") is not the character's.
    cue_pairs = [(k, cue) for k, cue in read_emotions(readings) if not about_someone_else(readings[k].clause)]
    if cue_pairs and drafts and all(d.action == "hold" and d.reading.negated == "not" for d in drafts):
        # "He neither nods nor shakes his head, only grins": what the head does not do, and a feeling: the feeling.
        # (Stillness said outright, "Without moving her head, she smiles", is a hold: the guide's rule 9.)
        notes.append("the head is only said not to move one way while the face moves: no step")
        drafts = []
    steps = to_steps(drafts)
    if step_check:
        steps, drafts = _checked(steps, drafts, laid_out, notes, [r.clause for r in readings], context_check,
                                 context_facts)
    if not steps and all(cue.notes[0].startswith("implied") for _, cue in cue_pairs):
        # Only a feeling guessed from what the words describe ("The quarterly report is due on Friday"): nothing
        # was read, and the plan says so rather than showing a face for it.
        cue_pairs = []
    if not steps and not cue_pairs and face_only(laid_out):
        # "She frowns", "He purses his lips": the face moves, no head steps and no feeling named; read, not unreadable
        return MotionPlan(seconds=seconds or DEFAULT_SECONDS, text=text, status="ok",
                          notes=tuple(notes) + ("only the face is described: no head steps, no feeling named",))
    if not steps and not cue_pairs:
        return MotionPlan(seconds=seconds or DEFAULT_SECONDS, text=text, status="unreadable",
                          unread=tuple(dict.fromkeys(unread + [c.source for c in clauses if c.source not in unread]))
                          or (text,), notes=tuple(notes))
    plan = MotionPlan(steps=steps, seconds=MAX_AUTO_SECONDS, text=text)
    if seconds is None:
        seconds = float(np.clip(plan.natural_seconds(), DEFAULT_SECONDS, MAX_AUTO_SECONDS))
    plan = dataclasses.replace(plan, seconds=seconds).retimed()
    cues = _place_cues(cue_pairs, readings, drafts, plan)
    status = "partial" if unread else "ok"
    return dataclasses.replace(plan, emotions=tuple(cues), status=status, unread=tuple(unread),
                               notes=plan.notes + tuple(notes))


def _checked(steps, drafts, text: str, notes: list[str], clauses: list, context_check: bool = True,
             context_facts: list | None = None):
    """The steps the step gate finds unlikely to be the character's own head motion are dropped, then those the
    context check finds to be a step before said again (`step_context.py`), each named in the plan's notes; a later
    step that ran with a dropped one starts after the step before it."""
    gate = step_gate.shipped()
    if gate is None or not steps:
        return steps, drafts
    chances, vectors = gate.read(text, [step_gate.spans_of(text, d.sources) for d in drafts])
    taken = [p is None or p >= step_gate.KEEP_AT_LEAST for p in chances]
    # Why a step the gate doubts stands all the same ("" where the gate takes it, None where it is dropped):
    # - a step that borrows the verb of the step before ("She turns slowly to the left. Slowly to the right.") has no
    #   words of its own for the gate to judge: it stands where a step before it was taken;
    # - a clause that says outright that the character makes the motion ("Ines sits back", "and draws back") is the
    #   character's own, whatever the words around it suggest to the gate (`drafting.says_its_own_motion`); unless a
    #   step before it that stands is that motion already ("Keep the lean while he nods" after his nods): said again,
    #   the gate's doubt holds;
    # - a note that keeps, praises or asks for the motion by name ("Keep the slow tilt", "The nod's perfect", "we'd want
    #   a beat after it") says it is in the take (`note_words.named_to_stay`), with the same exception.
    kept_because: list[str | None] = []
    for i, step in enumerate(steps):
        standing = [steps[j] for j in range(i) if kept_because[j] is not None]
        if taken[i]:
            why = ""
        elif says_the_verb_before(drafts[i]) and any(taken[:i]):
            why = "with the verb of the step before"
        elif (says_its_own_motion(drafts[i], clauses)
              and not any((s.action, s.side) == (step.action, step.side) for s in standing)):
            why = "which says the character makes it"
        elif (named_to_stay(text, drafts[i].sources, step.action)
              and not any((s.action, s.side) == (step.action, step.side) for s in standing)):
            why = "which a note keeps, praises or asks for by name"
        else:
            why = None
        kept_because.append(why)
    keep = [i for i, why in enumerate(kept_because) if why is not None]
    for i in keep:
        if kept_because[i]:
            notes.append(f"kept: a {steps[i].action.replace('_', ' ')} read from “{steps[i].source}”, {kept_because[i]} "
                         f"(learned step check: {chances[i]:.2f})")
    for i, p in enumerate(chances):
        if i not in keep:
            notes.append(f"not taken: a {steps[i].action.replace('_', ' ')} read from “{steps[i].source}”, which does not read as the "
                         f"character's own head motion (learned step check: {p:.2f})")
    steps, drafts = _kept(steps, drafts, keep)
    # Not judged in context: the first step (nothing comes before it); a step kept for a reason above (its words or a
    # note say it is the character's, whatever the gate's doubt); a step the words make again from the one before on
    # purpose ("…, then three tiny ones", "Again.") or that has no verb of its own ("…, then right").
    judged = [new for new, old in enumerate(keep) if new > 0 and not kept_because[old]
              and not drafts[new].made_again and not says_the_verb_before(drafts[new])]
    return _checked_in_context(steps, drafts, text, notes, [chances[i] for i in keep], vectors[keep], judged,
                               context_check, context_facts)


def _checked_in_context(steps, drafts, text: str, notes: list[str], chances: list, vectors, judged: list[int],
                        context_check: bool, context_facts: list | None):
    """The `judged` steps the context check finds to be a step before said again are dropped, each named in the
    plan's notes (`step_context.py`); `chances` and `vectors` are the gate's, one a step."""
    sources = [tuple(d.sources) for d in drafts]
    if context_facts is not None:
        context_facts.extend((i, step_context.features(text, steps, sources, chances, vectors, i)) for i in judged)
    context = step_context.shipped() if context_check else None
    if context is None or not judged:
        return steps, drafts
    alone = context.chances(text, steps, sources, chances, vectors, judged)
    said_again = [i for i in judged if alone[i] < context.keep_at_least]
    for i in said_again:
        notes.append(f"not taken: a {steps[i].action.replace('_', ' ')} read from “{steps[i].source}”, which reads as a step "
                     f"before it said again (learned context check: {alone[i]:.2f})")
    return _kept(steps, drafts, [i for i in range(len(steps)) if i not in said_again])


def _kept(steps, drafts, keep: list[int]):
    """The steps and drafts at `keep`; a step that ran with one left out starts after the step before it."""
    if len(keep) == len(steps):
        return steps, drafts
    new_index = {old: new for new, old in enumerate(keep)}
    steps = [dataclasses.replace(steps[i], overlaps=new_index.get(steps[i].overlaps)) for i in keep]
    return steps, [drafts[i] for i in keep]


def _place_cues(cue_pairs, readings, drafts, plan: MotionPlan) -> list[EmotionCue]:
    """A cue starts with the step of its own clause (or the first step after it in the text)."""
    cues = []
    for clause_index, cue in cue_pairs:
        start = 0.0
        clause = readings[clause_index].clause
        for d, step in zip(drafts, plan.steps):
            if clause.source in d.sources or (d.reading.clause.sentence == clause.sentence and
                                              readings.index(d.reading) >= clause_index):
                start = step.start
                break
        if cues and start <= cues[-1].start:
            start = 0.0 if not cues else min(plan.seconds * 0.9, cues[-1].start + 0.5)
        cues.append(dataclasses.replace(cue, start=round(min(start, plan.seconds * 0.9), 4)))
    return cues
