"""Negated clauses: what does not happen ("He doesn't nod", "hadn't looked up", "without looking away", "refusing to
look at her", "no reaction needed") and negated movement itself ("Don't move", "without moving her head"), which asks
for stillness."""

from __future__ import annotations

import re

# A clause whose verb is negated says what does not happen ("He doesn't nod", "Without looking away", "No
# nodding", "Not a shake but …"); "can't stop grinning" and "couldn't help smiling" are no negation.
_NEG_SUBJECT = r"(?:(?:he|she|they|i|you|we|it)\s+|(?-i:[A-Z][a-z]+)\s+|(?:the|a|an|my|his|her|their|our|your)\s+(?:[\w'-]+\s+){1,2}?)?"
_NEG_AUX = (r"(?:(?:do|does|did|will|would|could|can|should|must|is|are|was|were|has|have|had)\s+not|don't|doesn't|didn't|won't|"
            r"hasn't|haven't|hadn't|"
            # (written without the apostrophe, "he doesnt nod", these are spelled out by scripts._CHAT first)
            r"wouldn't|can't|cannot|couldn't|shouldn't|mustn't|isn't|aren't|wasn't|weren't)(?!\s+(?:stop|stopped|help|resist|"
            r"keep from|wait)\b)")
NEGATION = re.compile(rf"^(?:(?:and|but|then|so|or|yet)\s+)*{_NEG_SUBJECT}(?:(?:just|simply|still|also|then)\s+)*(?:{_NEG_AUX}|never(?!\s+mind\b)|refus(?:e|es|ed|ing)\s+to|avoid(?:s|ed|ing)?|"
                      r"not(?!\s+(?:a\s+chance|at\s+all|only|just|yet|now|quite|long|until|before)\b)|neither|nor|"
                      r"unable\s+(?:even\s+)?to|nothing\s+(?:else|more)\b|"
                      # "Without a word she looked down", "… the ferryman lowered his eyes": silence, then the clause's own verb
                      r"without(?!\s+(?:(?:a|one|any)\s+(?:single\s+)?(?:word|sound|comment|fuss|reply|answer|"
                      r"warning)|(?:saying|speaking|answering|replying|comment|warning)\b)(?=.*\b(?:he|she|they|i|you|we|the\s+[\w'-]+)\s+\w))"
                      # "without turning round he looks up": the clause's own verb happens (not "without moving …")
                      r"(?!\s+(?!mov|budg|stir|react|twitch|flinch)\w+ing(?:\s+[\w'-]+){0,3}?\s+(?:he|she|they|i|you|we)\s+\w+(?<!ing)\b)|"
                      r"instead\s+of|rather\s+than|"
                      # "There should be no head motion at all", "lose the head movement completely": stillness asked for
                      r"there\s+(?:should|must|will|needs?\s+to)\s+be\s+no(?=\s+(?:head\s+)?(?:movement|motion)s?\b)|"
                      r"(?:lose|kill|remove|cut|drop)(?=\s+(?:all|any|the)\s+(?:of\s+the\s+)?head\s+(?:movement|motion)s?\b)|"
                      r"no(?=\s+(?!(?:sooner|longer|more|matter|one|no|way|doubt)\b)[a-z]))\b",
                      re.IGNORECASE)
# "She stops nodding": the motion ends, so it is not a step either.
_STOPS = re.compile(rf"^(?:(?:and|but|then|so)\s+)*{_NEG_SUBJECT}(?:stop(?:s|ped|ping)?|quits?|ceases?|ceased)(?=\s+\w+ing\b)",
                    re.IGNORECASE)
# Negating movement itself ("Don't move", "without moving her head") asks for stillness.
_NEGATED_MOVEMENT = re.compile(r"\b(?:mov(?:e|es|ed|ing)|budg\w*|stir(?:s|red|ring)?|react\w*|twitch\w*|"
                               r"flinch\w*|a\s+(?:single\s+)?(?:movement|motion|move)|(?:head|neck)\s+(?:movement|motion|moves?)|"
                               r"(?:movement|motion)s?)\b", re.IGNORECASE)   # ("Poker face, no movement": rule 9's hold)


# "no reaction needed", "no response required": a director saying nothing has to happen, not asking for stillness.
_NOT_NEEDED = re.compile(r"\s*(?:\w+\s+){0,2}?(?:needed|necessary|required|wanted)\b", re.IGNORECASE)


# "No other head movement", "no further motion": the steps said are all there is, no stillness asked for.
_NO_OTHER = re.compile(r"\s*(?:other|further|additional|extra)\b", re.IGNORECASE)


def negation(text: str) -> str:
    """"" (not negated), "still" (movement negated: a hold) or "not" (the clause's motion does not happen)."""
    m = NEGATION.match(text.strip()) or _STOPS.match(text.strip())
    if not m:
        return ""
    if re.search(r"(?:n't|\bnot)$", m.group(0), re.IGNORECASE) and re.match(r"\s*,\s*\w", text.strip()[m.end():]):
        # "the hero isn't, so lift the chin": a verb left out after the negation, which is over at the comma
        return ""
    if re.search(r"\bno$", m.group(0), re.IGNORECASE) and (_NOT_NEEDED.match(text.strip()[m.end():])
                                                         or _NO_OTHER.match(text.strip()[m.end():])):
        return "not"
    if re.search(r"\bnothing\s+(?:else|more)$", m.group(0), re.IGNORECASE):
        # "…, nothing else on the head", "Nothing more": the steps said are all there is, no stillness asked for
        return "not"
    return "still" if _NEGATED_MOVEMENT.search(text[m.end():]) else "not"
