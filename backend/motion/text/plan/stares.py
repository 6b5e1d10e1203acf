"""Stares, gazes and glares with no direction hold the head where it is ("He stares at the door", "She glares at
him", "gazes out of the window", "Captain Rhee glares at the recruit"): the eyes are on something, the head is not
said to move. With a direction ("stares at the floor", "gazes up at the sky", "glares off to the left") the clause
is read like any other: a look up or down, or a turn to the side named.
"""

from __future__ import annotations

import dataclasses
import re

from .lexicon import FOR_A_WHILE, PRONOUN, find_sides, place_height

_STARE = re.compile(rf"^(?:(?:just|only|and|then|but)\s+)?(?:{PRONOUN}\s+|(?:the|a|an|his|her|their|my|your|our)\s+(?:[\w'-]+\s+){{1,3}}?|"
                    # a name, with a role before it as screenplays write it ("Sergeant Ida Holm stares")
                    r"(?!(?:his|her|their|my|your|its|our|the|a|an)\b)(?-i:[A-Z][a-z]+)\s+(?:(?-i:[A-Z][a-z]+)\s+){0,2}|"
                    # a noun with its adjective and no article, as a shot list writes it ("0:00 blank stare")
                    r"(?:blank|cold|hard|long|fixed|empty|vacant|icy|steady|flat|dead|glassy|unblinking|distant)\s+)?(?:(?:just|only|simply|still|then|\w+ly)\s+){0,2}"
                    r"(?:star(?:e|es|ed|ing)|gaz(?:e|es|ed|ing)|glar(?:e|es|ed|ing)|glower(?:s|ed|ing)?)\b", re.IGNORECASE)
# A direction other than left, right, up and down said right after the verb ("stares away", "glares back over her
# shoulder", "gazes behind him"); what follows the thing looked at ("the wall behind his head") is no direction.
_DIRECTION = re.compile(r"\b(?:star|gaz|glar|glower)\w*\s+(?:\w+ly\s+)?(?:off\s+|out\s+|all\s+)?(?:away|back|around|round|about|"
                        r"sideways|aside|behind|over\s+(?:his|her|their|your|my)\s+shoulder)\b", re.IGNORECASE)


def stares_without_direction(text: str) -> bool:
    """A clause whose verb is a stare, gaze or glare and that names no direction."""
    return bool(_STARE.match(text.strip()) and not find_sides(text) and not place_height(text)
                and not _DIRECTION.search(text))


# A stare said with a length of time is a pause whatever it is joined to ("gazes at it a while longer, and …").
_A_WHILE = re.compile(rf"{FOR_A_WHILE}|\ba\s+(?:moment|second|beat|while)\s+(?:longer|more)\b", re.IGNORECASE)
# "and" alone, not "and then": two things at once or in one breath.
_AND_ALONE = re.compile(r"^and\s+(?!then\b|afterwards?\b|after\s+that\b|later\b|finally\b)", re.IGNORECASE)


def face_only_stares(drafts: list, notes: list[str]) -> list:
    """A stare or glare with no direction joined to a motion by a bare "and" or said as a participle ("She glowers
    and shakes her head", "Glaring, he lifts his chin", "He glares, fists tight, and turns away") is the look on the face
    while the motion plays, not a pause of its own; after "then" or in a sentence of its own it is a hold ("Glare,
    then turn away")."""
    out = []
    for i, d in enumerate(drafts):
        clause = d.reading.clause
        if d.action == "hold" and stares_without_direction(clause.text) and not _A_WHILE.search(clause.text):
            same = [e for e in drafts if e is not d and e.sentence == d.sentence and e.action != "hold"]
            after = drafts[i + 1] if i + 1 < len(drafts) and drafts[i + 1].sentence == d.sentence else None
            # (after the motion, ", and stares", it is a hold: the motion, then the stare)
            joined = ((after is not None and after.action != "hold" and _AND_ALONE.match(after.reading.clause.source))
                      or (clause.participle and same) or (clause.marker == "with" and same))
            if joined:
                notes.append(f"a stare joined to a motion: the look on the face, no pause (\"{clause.source}\")")
                continue
        out.append(d)
    return out


# "swung his head round to stare at him": a move made in order to stare, then the stare
_TO_STARE = re.compile(r"\bto\s+(?:star(?:e)|gaze|glare|glower)\s+(?:\w+ly\s+)?at\b", re.IGNORECASE)


def stares_after_a_move(drafts: list) -> list:
    """"She spins round to stare at the stranger": the move, then the stare held (a hold after it)."""
    out = []
    for d in drafts:
        out.append(d)
        m = _TO_STARE.search(d.reading.clause.text)
        tail = d.reading.clause.text[m.end():] if m else ""
        if (m and d.action in ("turn", "look", "glance", "tilt", "lean") and not find_sides(tail)
                and not place_height(m.group(0) + tail)):   # ("… back to stare at the sky": the stare is the look up)
            hold = dataclasses.replace(d, action="hold", side="", sources=list(d.sources), marker="next",
                                       participle=False, count=None,
                                       notes=["a move made to stare: the stare held after it"])
            out.append(hold)
    return out
