"""Directions said in words a sentence vector misreads (the labelling guide's rules 4 and 5):

- "looks away", "turns away from the camera", averting the eyes, turning one's back and looking from one thing to
  another are a turn (its side, if any, read as usual); so is the head whipped or snapped to a side;
- the head falling, sagging, slumping, drooping, hanging or bent over something is a look down ("Her head sags" is not a look up, "His head
  slumps" is not a feeling alone); letting it fall or drop back is a look up;
- straightening up (the head, or the person) comes back to the front: a return; the head or chin rising is a look up;
- the eyes cast down, as a pose said alone ("eyes downcast"): a look down.
"""

from __future__ import annotations

import re

from .lexicon import CLAUSE_SUBJECT as _SUBJECT

_ADVERBS = r"(?:(?:\w+ly|just|then|now|again)\s+){0,2}"
_LOOKS_AWAY = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:look(?:s|ed|ing)?|turn(?:s|ed|ing)?(?:\s+(?:his|her|their|your|my)\s+"
                         r"(?:head|face))?)\s+(?:\w+ly\s+)?away\b", re.IGNORECASE)
_TURNS_BACK_ON = re.compile(rf"^{_SUBJECT}{_ADVERBS}turn(?:s|ed|ing)?\s+(?:his|her|their|your|my)\s+back\s+(?:on|to)\b",
                            re.IGNORECASE)
_FALLS_BACK = re.compile(r"\b(?:his|her|their|your|my|the)\s+head\s+(?:\w+ly\s+)?(?:falls?|fell|falling|drops?|dropped|"
                         r"dropping|tips?|tipped|tipping|loll\w*|sinks?|sank|sinking)\s+back(?:wards?)?\b", re.IGNORECASE)
_LETS_FALL = re.compile(r"\b(?:let|lets|letting)\s+(?:his|her|their|your|my|the)\s+head\s+(?:fall|drop|sink|hang|droop|"
                        r"loll)\b(?!\s+(?:back|to|sideways)\b)", re.IGNORECASE)
# "bending her head over the sink": over a thing below
_BENDS_OVER = re.compile(r"\b(?:bend|bends|bent|bending)\s+(?:his|her|their|your|my|the)\s+head\s+(?:\w+ly\s+)?(?:over|down|"
                         r"low|forward)\b", re.IGNORECASE)
_STRAIGHTENS = re.compile(rf"^{_SUBJECT}{_ADVERBS}straighten(?:s|ed|ing)?(?:\s+up|\s+(?:his|her|their|your|my|the)\s+"
                          r"(?:head|neck))?(?:\s+again)?(?:\s+\w+ly)?$", re.IGNORECASE)
# "looked from the safe to the window": from one thing to another, the head turns
_FROM_TO = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:look(?:s|ed|ing)?|gaz(?:e|es|ed|ing)|star(?:e|es|ed|ing))\s+(?:\w+ly\s+)?"
                      r"from\s+(?:the|his|her|their|your|my|one|a|an)\s+(?:[\w'-]+\s+){0,3}?to\s+(?!the\s+next\b|another\b)(?:the|his|"
                      r"her|their|your|my|the\s+other|a|an)\b", re.IGNORECASE)   # "to the next": a look around
_AVERTS = re.compile(rf"^{_SUBJECT}{_ADVERBS}avert(?:s|ed|ing)?\s+(?:his|her|their|your|my|the)\s+(?:eyes|gaze|face|head|"
                     r"look|glance)\b", re.IGNORECASE)
# ("his head is sinking", "her head was drooping": the same in the progressive)
_HEAD_FALLS = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:(?:his|her|their|my|your|the)\s+)?(?:head|chin)\s+(?:is\s+|was\s+)?"
                         r"(?:\w+ly\s+)?(?:falls?|fell|falling|sags?|sagged|sagging|slumps?|slumped|slumping|droops?|drooped|"
                         r"drooping|lolls?|lolled|lolling|hangs?|hung|hanging|sinks?|sank|sinking)\b(?!.*\b(?:back|backwards?|side|sideways|left|right|shoulder|up)\b)",
                         re.IGNORECASE)   # toward a shoulder or to the side it is a tilt

# "whips her head to the left", "snapping his head round to camera right": a sharp move to a side turns the head (the
# meaning of "whips head" alone lies nearer a tilt)
_SNAPS_TO_A_SIDE = re.compile(r"\b(?:whip|snap|jerk|swing|swung|swivel|yank|wrench)\w*\s+(?:(?:his|her|their|your|my|the)\s+)?"
                              r"head\s+(?:\w+ly\s+)?(?:a?round\s+)?(?:to(?:wards?|ward)?\s+)?(?:(?:the|his|her|their|your|my)\s+)?"
                              r"(?:camera\s+|screen\s+|frame\s+)?(?:left|right)\b", re.IGNORECASE)

# "Her chin rose a fraction", "his head rises": the head or chin rising (the verb also names a flower) looks up.
_HEAD_RISES = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:(?:his|her|their|my|your|the)\s+)?(?:head|chin|face)\s+(?:\w+ly\s+)?"
                         r"(?:rises|rose|rising|risen)\b(?!.*\b(?:left|right|side|sideways|shoulder)\b)", re.IGNORECASE)

# The eyes cast down, said as a pose of its own ("(eyes cast down)", "…, her gaze lowered"): the head looks down with
# them, as the labels of "his eyes on the floor" have it (not "downcast" alone, a feeling).
_EYES_DOWNCAST = re.compile(r"(?:(?:his|her|their|your|my|the)\s+)?(?:eyes|gaze)\s+(?:still\s+)?(?:\w+ly\s+)?"
                            r"(?:downcast|lowered|cast\s+down)", re.IGNORECASE)


def fixed_direction(text: str) -> str:
    """"turn", "look_down", "look_up", "return" or "" (read by meaning)."""
    text = text.strip()
    if (_LOOKS_AWAY.match(text) or _AVERTS.match(text) or _TURNS_BACK_ON.match(text) or _FROM_TO.match(text)
            or _SNAPS_TO_A_SIDE.search(text)):
        return "turn"
    if _FALLS_BACK.search(text) or _HEAD_RISES.match(text):
        return "look_up"
    if _HEAD_FALLS.match(text) or _LETS_FALL.search(text) or _BENDS_OVER.search(text) or _EYES_DOWNCAST.fullmatch(text):
        return "look_down"
    if _STRAIGHTENS.match(text):
        return "return"
    return ""
