"""Chat and messaging conventions made plain before a description is cut into clauses (`scripts.normalise` runs
this first): what the writer says to the reader rather than about the motion, and the shorthand of typed chat.

- emoji and emoticons, reactions and fillers ("lol", "omg", "ugh", "bruh", "ok so", "literally", "kinda"), the
  speaker's own "yeah" in a spoken note ("Then hold. Yeah, that's all"), a
  closing "and done" or "that's it": the writer's tone, not the character's;
- "like" used as a filler before a count, a verb or a motion ("nod like 3x", "like stay there", "do like a
  quick nod"), never a simile ("like a metronome", "like he's exhausted");
- the speaker's "Right, so …" opening a note and a ", right?" to the listener: no side;
- a reply's opening "no" to a version the text does not show ("no just make him shake his head");
- texting spellings of words the reader needs ("rt", "lft", "shd", "gimme", "wanna", "lil", "hes");
- a contrast that names what is not wanted ("make it a shake not a nod", "to the left, not the right"):
  the step is the first one, and the other is no step.
"""

from __future__ import annotations

import re

# Emoji (pictographs, symbols, dingbats, their modifiers and joiners) and typed emoticons.
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+|"
                    r"(?<![\w'])(?:[:;=]-?[)(DPpOo/|3]+|<3|\^_?\^|x[dD])(?![\w'])")
# Reactions, fillers, thanks and sign-offs that say nothing of the motion.
_FILLERS = re.compile(r"(?<![\w'])(?:lol|lmao|idk|tbh|imo|haha+|hehe+|omg|rofl|ugh+|hmm+|uh+|uhh+|um+|erm|er|eh|yo|bruh|dude|lmfao|welp|"
                      r"ya so|yeah so|ok(?:ay)? so|so basically|basically|literally|honestly|thx|thanks|ty|"
                      # ("Thank you, it is for my short film": the writer to the reader, no smile of the character's)
                      r"thank\s+you(?:\s+(?:so|very)\s+much)?|many\s+thanks|"
                      r"kinda|sorta)(?![\w'])[,:]?", re.IGNORECASE)
# A "please" closing a clause ("then back pls"): polite, and no word of the step ("back please" is not a lean).
_CLOSING_PLEASE = re.compile(r"[,\s]+(?:pls|plz|please)\b(?:\s+(?:thx|thanks|ty))?(?=\s*(?:[.!?,;]|$))", re.IGNORECASE)
# An acknowledgement opening a message ("k now have him …", "ok, lean back"); a spoken "Right, so, …" is
# `_SPOKEN_RIGHT`'s.
_OPENING_ACK = re.compile(r"^\s*(?:k|kk|ok|okay|ya|yeah|yep|alright|right so|wait(?=[,.!]*\s+(?:actually|no\b|make|"
                          r"scratch|i\s+mean)))\b[,.:!]*\s+", re.IGNORECASE)
# The writer's own "yeah" in a spoken note ("Then hold. That's, yeah, that's all.", "Okay. Yeah. Cheers.", "Four times.
# Yeah, four."): the speaker agreeing with themself, not the character saying yes with the head. Only beside other
# words: a "yeah" that is all the text says is left to the reader.
_SPOKEN_YEAH = re.compile(r"(?:(?<=[.!?,;:])|^)\s*(?:yeah|yep|yup|yeh)(?:\s*,?\s*(?:yeah|yep|yup|yeh|right|okay|ok|sure))*"
                          r"(?:\s*[.!?]+|\s*,(?=\s+\S))", re.IGNORECASE)
# A bare "yes." answering the question just before it ("Is the lamp on her right? Yes. Then she turns to it.",
# "[ann] left or right? [bo] yes."): the writer answering, not a nod; so is a reply's "yes" before its own words
# ("[bo] yes, a long one", "[bo] yes keep it").
_ANSWER_YES = re.compile(r"(?<=\?)(\s*(?:\[[^\]\n]{1,20}\]|[\w-]{1,20}:)?)\s*yes(?:\s*[.!]+(?=\s|$)|\s*,\s*(?=\w)|"
                         r"(?<=[\]:]\s{1}yes)\s+(?=[a-z]))", re.IGNORECASE)
# The answer said first, then its "yes" between commas ("[ari] can she tilt here? [bo] she tilts, yes, to the left", "Does
# he nod? He nods, yes."): the writer confirming what was asked, not a nod of the character.
_YES_AFTER_ANSWER = re.compile(r"(?<=\?)(\s*(?:\[[^\]\n]{1,20}\]|[\w-]{1,20}:)?\s*[^?.!;\n\[\]]{1,60}?)\s*,\s*yes"
                               r"(?=\s*(?:,\s*\w|[.!]+(?=\s|$)|$))", re.IGNORECASE)
# "… and done", "…, that's it": the message ends, nothing more happens.
_CLOSING = re.compile(r"(?:\s+and\s+done|[,;.]\s*done|[,;.]?\s*(?:and\s+)?(?:that'?s\s+it|that'?s\s+all|that\s+is\s+all))"
                      r"\s*[.!]*\s*$",
                      re.IGNORECASE)
# A reply's "no" to an earlier version ("no just make him shake his head", "nah, have her nod").
_REPLY_NO = re.compile(r"^\s*(?:no+|nah|nope)\b[,.!]?\s+(?=(?:just|make|have|let|can|could|do|only|please|give|gimme)\b)",
                       re.IGNORECASE)
# "like" as a filler: before a count, a verb of the head or of staying, or a motion named as a noun.
_MOTION_NOUN = r"(?:nod|shake|turn|tilt|lean|glance|look|wag|bob|head\s*(?:shake|turn|tilt|bob|nod))"
_FILLER_LIKE = re.compile(r"(?<![\w'])like\s+(?=\d|(?:once|twice|three|four|five)\b|(?:stay|stays|nod|nods|shake|shakes|"
                          r"turn|turns|tilt|tilts|lean|leans|look|looks|glance|glances|freeze|freezes|hold|holds|"
                          r"flinch|flinches|recoil|recoils|bow|bows|wag|wags|duck|ducks|"
                          r"barely|just|really|super|very|slightly|a\s+bit)\b|"
                          rf"(?:a|an)\s+(?:(?:\w+(?:ed|ful|ous|ive|ing)|big|small|little|lil|tiny|hard|soft|slow|quick|fast|"
                          rf"gentle|short|long|surprised|double)\s+)*{_MOTION_NOUN}\b)", re.IGNORECASE)
# A spoken aside between commas before a verb ("her chin, like, sinks", "he just, you know, nods"): a filler that
# would cut the clause in two, its subject from its verb ("a tilt, like, head to the side" is a gloss, left alone).
_ASIDE_FILLER = re.compile(r"(?<=\w)\s*,\s*(?:like|you\s+know)\s*,\s*(?=[a-z]+(?:s|ed)\b)", re.IGNORECASE)
# A speaker's hedge after a side ("tilts his head, to his left I think, and smiles", "left, I guess"): the speaker
# unsure of the side, which still belongs to the step before.
_HEDGED_SIDE = re.compile(r"(?:(?<=\bleft)|(?<=\bright))\s*,?\s*(?:i\s+think|i\s+guess|i\s+reckon|i\s+believe|i\s+suppose|"
                          r"probably|maybe)\b(?=\s*(?:[,.;!?\u2014\u2013-]|$))", re.IGNORECASE)
# Texting spellings ("she turns rt then lft", "her head shd tilt", "gimme a nod").
_SPELLINGS = {"rt": "right", "rgt": "right", "lft": "left", "shd": "should", "shld": "should", "shud": "should",
              "gimme": "give me", "wanna": "want to", "gonna": "going to", "lil": "little", "ppl": "people",
              "cuz": "because", "coz": "because", "bc": "because", "hes": "he's", "shes": "she's",
              "thats": "that's", "theyre": "they're", "youre": "you're", "im": "I'm",
              "gotta": "has to", "smth": "something", "sth": "something"}
_SPELLING = re.compile(r"(?<![\w'])(?:" + "|".join(sorted(_SPELLINGS, key=len, reverse=True)) + r")(?![\w'])",
                       re.IGNORECASE)
# "a shake not a nod", "to the left, not the right", "down not up": the second is what is not wanted.
_CONTRAST = re.compile(r"\b((?:nod|shake|turn|tilt|lean|glance|look|wag|left|right|up|down|forward|back)s?)"
                       r"\s*,?\s+(?:and\s+|but\s+)?not\s+(?:(?:a|an|the|to\s+the|to)\s+)?"
                       r"(?:nod|shake|turn|tilt|lean|glance|look|wag|left|right|up|down|forward|back)s?\b", re.IGNORECASE)

# A speaker's "Right, so …", "Right. Okay. …" opening a note, or a ", right?" asking the listener to follow: the
# speaker's, not a side (a turn is "to the right", or "right" among moves).
_SPOKEN_RIGHT = re.compile(r"^\s*(?:all\s*)?right[,.!]+\s+(?=(?:so|okay|ok|um+|uh+|er+|well|now|let'?s|let\s+me|here'?s|listen|"
                           r"from\s+the\s+top|i|we|note)\b)|,\s*(?:right|yes)\s*\?|"
                           # (a memo with no stops: "right okay so the guard …")
                           r"^\s*(?:all\s*)?right\s+(?=(?:so|okay|ok|um+|uh+|er+)\b)|"
                           # ("The lights go out, right, and the girl freezes"; not "looks left, right, and …")
                           r"(?<!left)(?<!up)(?<!down)(?<!forward),\s*right\s*,(?=\s+(?:and|so)\s+(?:the|a|an|this|that)\b)|"
                           # ("he kneels, right, that's the body"; "right" then the speaker's aside)
                           r"(?<!left)(?<!up)(?<!down)(?<!forward)(?<!turn)(?<!turns)(?<!to\sthe)(?<!his)(?<!her)"
                           r",\s*right\s*,(?=\s+(?:that'?s|that\s+is|you\s+know|okay|ok|like|yeah)\b)",
                           re.IGNORECASE)


# A speaker's "right" after how someone is, before "so" ("the guard's jumpy right so he keeps looking back"): asking
# the listener to follow, not a side ("the lamp's on the right so …" names one).
_STATE_RIGHT_SO = re.compile(r"(\b(?:'s|is|was|are|'re|'m|am|feels?|seems?)\s+(?:(?:so|really|very|kinda|pretty|super)\s+)?"
                             r"(?!on\b|to\b|at\b|the\b|her\b|his\b|their\b)[a-z]+)\s+right\s*,?\s+(?=so\b)", re.IGNORECASE)


# A mention of whom the message is for ("@kim the owl should nod twice"): no part of what is said.
_MENTION = re.compile(r"(?<![\w@])@[a-z][\w.-]*[,:]?\s+", re.IGNORECASE)


# A recorder's word for the message opening it ("voice memo, okay so she turns", "note to self: he nods"): no part
# of what is said.
_MEMO_OPENING = re.compile(r"^\s*(?:voice\s+)?(?:(?:memo|note)\s+to\s+(?:self|myself)|memo)\b[\s,:.\u2014-]*(?=\w)", re.IGNORECASE)


def plain_chat(text: str) -> str:
    """The description with chat conventions made plain; other text comes back unchanged."""
    text = _MEMO_OPENING.sub("", _MENTION.sub("", text))
    text = _SPOKEN_RIGHT.sub(lambda m: "?" if "?" in m.group(0) else "," if m.group(0).startswith(",") else "",
                             _EMOJI.sub(" ", text))
    text = _STATE_RIGHT_SO.sub(r"\1 ", text)
    text = _REPLY_NO.sub("", _OPENING_ACK.sub("", _FILLERS.sub(" ", _HEDGED_SIDE.sub("", text))))
    text = _YES_AFTER_ANSWER.sub(r"\1", _ANSWER_YES.sub(lambda m: f"{m.group(1)} ", text))
    without_yeah = _SPOKEN_YEAH.sub(" ", text)
    if re.search(r"[a-z]", without_yeah, re.IGNORECASE):
        text = without_yeah
    text = _CLOSING.sub("", text) or text
    text = _CLOSING_PLEASE.sub("", text)
    text = _FILLER_LIKE.sub("", _ASIDE_FILLER.sub(" ", text))
    text = _SPELLING.sub(lambda m: _SPELLINGS[m.group(0).lower()], text)
    text = re.sub(r"(?<![\w'])r (?=u\b|you\b)", "are ", text)   # "r u able to …"
    text = _CONTRAST.sub(r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()   # (line breaks stay: a layout may be made of them)
