"""Clauses about the work rather than the character: the clip and its length, rendering, export and files, which
camera to use, and messages sent to the wrong place ("Make the clip 6 seconds long and loop it", "Render at 4K,
24 fps", "export it as FBX", "Use the second camera for this one", "sorry, wrong window, ignore this", "Camera
shake as the truck roars past", "Tilt-shift effect on the city plate, 50% blur"). People type these into the same
box as descriptions; they move no head and feel nothing, whatever a sentence vector hears in "loop", "shake", "turn"
or "wrong". A clause that also names the head, the eyes or a verb of moving them ("hd shake for the whole shot",
"head hangs for the whole clip") is the reader's.

A capture session's talk about its kit is the work too, even beside a motion's name: the markers and what went
wrong with them ("the brow marker fell off on the last tilt", "dots flickering", "re-glue the nose marker"),
retargeting, solving and splicing takes; so is a call to go again unchanged ("same again", "repeat the same"), which
asks for the take already described, not one more of its moves; so is the writer saying what the message does
("here I describe the motion for my character Omar"). So is a question about working the tool or the rig
("how do I parent the camera to the head bone?"), whatever head it names.
"""

from __future__ import annotations

import re

from .not_the_head import names_the_head

# What a finished shot is made of, as the people who make it say it.
_MEDIA = (r"(?:clip|clips|file|files|render|renders|video|videos|footage|animation|anim|timeline|sequence|project|"
          r"export|exports|output|image|images|playblast|cache|frame\s*rate|framerate|resolution|fps|codec|format|"
          r"formats|length|duration|loop|gif|mov|mp4|fbx|bvh|alembic|exr|png|sequencer|viewport|preview)")
_REQUEST = r"(?:(?:please|pls|plz|can\s+you|could\s+you|would\s+you|and|then|also|just)\s+)*"
# A verb of making or handling the shot, then (within a few words) a thing the shot is made of.
_EDITS_THE_SHOT = re.compile(
    rf"^{_REQUEST}(?:make|set|render|re-?render|export|re-?export|save|loop|trim|cut|crop|extend|shorten|lengthen|"
    r"rotate|flip|mirror|scale|resize|upload|send|share|attach|open|close|import|bake|convert|compress|rename|delete|"
    r"duplicate|speed\s+up|slow\s+down|change|increase|decrease|bump|double|halve)\b"
    rf"(?:\s+[\w'./:-]+){{0,4}}?\s+(?:the|this|that|my|your|our|its|a|an)\s+(?:[\w'-]+\s+)?{_MEDIA}\b",
    re.IGNORECASE)
# "loop it", "make it 6 seconds long", "at 24 fps", "in 4K", "ProRes 4444", "as an FBX"
_SHOT_SPEC = re.compile(
    rf"^{_REQUEST}loop\s+(?:it|this|that|the\s+\w+)\b|"
    rf"^{_REQUEST}(?:make|keep|cut)\s+(?:it|this|the\s+\w+)\s+(?:\w+\s+){{0,3}}?(?:long|longer|shorter)\b|"
    # the length the whole is kept to ("Keep the whole thing under 8 seconds", "keep it all within ten")
    rf"^{_REQUEST}(?:keep|get|bring)\s+(?:it|this|everything|the\s+(?:whole\s+)?(?:thing|clip|shot|take|scene|lot))"
    # (its seconds already taken out: "keep this under so the menu doesn't wait")
    r"(?:\s+all)?\s+(?:under|below|within)(?:\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|so|because|"
    r"or|and)\b.*)?$|"
    r"\b\d+\s*(?:fps|k|p)\b|\b(?:\d+\s*)?frames?\s+per\s+second\b|\bframe\s*rate\b|\bresolution\b|\bprores\b|"
    r"\bh\.?26[45]\b|\bcodec\b|\bbit\s*rate\b|\baspect\s+ratio\b|\b\d+\s*:\s*9\b|"
    r"\b(?:as|to|in)\s+(?:an?\s+)?(?:mov|mp4|fbx|bvh|alembic|usdz?|exr|png|gif|jpe?g|tiff?)\b|"
    # an export's axes and a picture's effects: "forward axis -Z", "Y up", "50% blur", "depth of field"
    r"\b(?:forward|up)\s+axis\b|\baxis\s+[-+]?[xyz]\b|\b[-+]?[xyz][\s-]up\b|\b\d+\s*%\s+(?:blur|grain|opacity)\b|"
    r"\bdepth\s+of\s+field\b|\bmotion\s+blur\b|\bcolou?r\s+grad(?:e|ing)\b",
    re.IGNORECASE)
# Which camera renders the shot: a choice of the work, not a look ("Use the second camera for this one").
_CHOOSES_A_CAMERA = re.compile(rf"^{_REQUEST}(?:use|switch\s+to|render\s+from|go\s+with)\s+(?:the\s+)?(?:[\w'-]+\s+)?"
                               r"(?:camera|cam)\b", re.IGNORECASE)
# A message sent to the wrong place, or taken back whole ("wrong chat", "ignore this", "never mind").
_MISSENT = re.compile(
    r"\bwrong\s+(?:window|chat|box|tab|thread|channel|file|person|group|app|field|place|doc|document)\b|"
    rf"^{_REQUEST}(?:ignore|disregard)\s+(?:this|that|me|it|the\s+(?:last|previous)|my\s+(?:last|previous))\b|"
    r"^(?:never\s*mind|nvm)\b", re.IGNORECASE)
# The camera or the screen shaking ("Camera shake as the truck roars past", "heavy handheld shake"): the picture's
# shake, not a headshake (cut out before the head's words are looked for).
_PICTURE_SHAKE = re.compile(r"\b(?:camera|cam|screen|handheld|lens|image|frame)\s+(?:shake|shakes|shaking|judder|"
                            r"wobble)\b|\bshaky[\s-]?cam\b|"
                            r"\btilt[\s-]shift\b", re.IGNORECASE)   # a lens effect, not a tilt of the head
# The capture kit and its troubles: markers lost, occluded, jittering or glued back on; retargeting, solving and
# splicing takes.
_CAPTURE_KIT = re.compile(
    r"\b(?:markers?|dots?|trackers?)\b[^.;!?]{0,30}?\b(?:lost|lose|losing|dropp\w*|occlu\w*|jitter\w*|swap\w*|slipp\w*|"
    r"fell|fall\w*|missing|flicker\w*|noisy|popp\w*|came\s+off)\b|"
    r"\b(?:lost|lose|losing|dropped|missing|occluded|re-?glue\w*|re-?attach\w*|re-?place\w*|swap\w*)\s+(?:the\s+|a\s+|an\s+|"
    r"his\s+|her\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:markers?|dots?|trackers?)\b|"
    rf"^{_REQUEST}re-?glue\b|\bmarker\s+(?:occlusion|dropout|swap|jitter|noise)\b|"
    rf"^{_REQUEST}(?:re-?target|re-?solve|solve|splice|clean\s*up)\b|\bwe'?ll\s+(?:splice|solve|clean\s*up|fix\s+it\s+in\s+post)\b",
    re.IGNORECASE)
# Going again unchanged: the take already described, once.
_SAME_AGAIN = re.compile(rf"^{_REQUEST}(?:(?:redo|re-do|repeat|again|go\s+again|one\s+more)\s*,?\s*(?:the\s+)?same|"
                         r"same\s+(?:again|thing\s+again)|(?:redo|repeat)\s+(?:it|that|the\s+take)\s+(?:the\s+)?same(?:\s+way)?)"
                         r"\s*[.!]*$", re.IGNORECASE)


# A question about working the tool or the rig ("How do I parent the camera to the head bone?", "Where is the head turn
# control?", "can I key the neck bone by hand?") or a request to change its parts ("Can you reset the nod preset?"):
# help with the work, not a description, whatever motion or head its parts are named for.
_RIG_PART = (r"(?:presets?|sliders?|bones?|armatures?|rigs?|rigging|rigged|constraints?|drivers?|shape\s*-?keys?|"
             r"blend\s*shapes?|keyframes?|vertex\s+groups?|weight\s+paint\w*|panels?|buttons?|add-?ons?|plug-?ins?|"
             r"settings?|menus?|modifiers?|controls?|controllers?|pose\s+librar(?:y|ies)|action\s+editor|graph\s+editor|"
             r"dope\s*sheet|nla)")
_RIG_QUESTION = re.compile(
    r"^(?:(?:so|ok|okay|hey|hi|quick\s+question|question)\b[\s,:-]*)*"
    r"(?:how|where|why|what|which|is\s+there|are\s+there|is\s+it|any\s+way|can\s+i|could\s+i|should\s+i|do\s+i|"
    r"does|do|(?:can|could|would)\s+you\s+(?:please\s+)?(?:change|reset|fix|find|show|tell|explain|update|rename|"
    r"move|delete|remove|unlock|lock|hide|unhide|enable|disable|add|create|set\s+up|bake|mirror|copy))\b"
    rf"[^.!?]*\b{_RIG_PART}\b|"
    # (a request's "can you" is cut from its clause: "… change the head turn preset")
    rf"^{_REQUEST}(?:change|reset|fix|rename|delete|remove|unlock|lock|hide|unhide|enable|disable|bake|mirror|copy|"
    rf"update)\s+(?:the|this|that|my|your|its)\s+(?:[\w'-]+\s+){{0,3}}?{_RIG_PART}\b|"
    r"\bparent(?:s|ed|ing)?\s+(?:the|a|this|that|my|your|it)\s+(?:[\w'-]+\s+)?to\b", re.IGNORECASE)


# Asking what the head does ("what's the head doing in shot 4", "sc 9 what is her head"): the answer is the motion,
# not the question.
_ASKS_WHAT_THE_HEAD = re.compile(r"\bwhat(?:'?s|\s+is|\s+does)\s+(?:the|his|her|their|its)\s+head\b(?!\s+(?:turn|tilt|nod|shake|"
                                 r"bob|dip)s?\b)", re.IGNORECASE)


# The writer saying what the message does ("here I describe the motion for my character Omar", "I will write you the
# motions"), as a learner or a polite e-mail opens: the message, not a motion.
_WRITER_SAYS = re.compile(r"^(?:(?:hello|hi|dear\s+\w+|ok(?:ay)?|so|here|now|first)\W+)*(?:i|we)\s+(?:(?:will|want\s+to|"
                          r"would\s+like\s+to|am\s+going\s+to|try\s+to|just)\s+|'ll\s+)?(?:explain|describe|write|send|"
                          r"give|tell|show)\b(?:\s+[\w'-]+){0,3}?\s+(?:movements?|motions?|animations?|scenes?|actions?|"
                          r"gestures?|request|idea)\b", re.IGNORECASE)


# A title naming a round of the work or what a message is about ("head pass", "anim pass 3", "Head motion for the
# narrator", "head animation notes"): the work, not a move, though it names the head.
_WORK_TITLE = re.compile(r"^(?:(?:re|subject|fwd?)\s*:\s*)*(?:(?:the|a|this|our|my|another)\s+)?(?:[\w'-]+\s+)?"
                         r"(?:head|face|anim(?:ation)?|blocking|polish|spline|lip[- ]?sync|body|clean-?up|rough|layout|first|"
                         r"second|third|final|next)\s+pass(?:\s*(?:#|no\.?\s*)?\d+)?$|"
                         r"^(?:(?:re|subject|fwd?)\s*:\s*)*(?:the\s+)?head\s+(?:motion|movement|animation|anim)s?"
                         r"(?:\s+(?:notes?|feedback|brief|request))?(?:\s+(?:for|on|of|in)\s+[^,;!?]+)?$", re.IGNORECASE)


# Shop talk that spells like a feeling or a face: the lip sync, the wide shot and how a moment plays in it, a joke
# called the gag ("the lip sync is clean now", "it plays better on the wide", "that's the gag").
_SHOP_TALK = re.compile(r"\blip[\s-]?sync\w*\b|\b(?:play|plays|played|playing|works|reads|stay|stays)\s+(?:\w+\s+)?"
                        r"(?:on\s+|in\s+)?(?:the\s+)?wide\b|\b(?:the|a|on|in)\s+wide(?:\s+shot)?\s*$|\bwide\s+shot\b|"
                        r"\b(?:that'?s|it'?s|is|was)\s+(?:the|a)\s+(?:whole\s+|running\s+|sight\s+|visual\s+)?gag\b|"
                        r"\b(?:running|sight|visual)\s+gag\b", re.IGNORECASE)


# How fast the work came back ("thanks for the quick turnaround on v2", "the turnaround time is two days"): no turn.
_TURNAROUND = re.compile(r"\b(?:the|a|your|this|that|our)\s+(?:[\w-]+\s+)?turn-?arounds?\s+(?:on|for|time)\b|"
                         r"\bturn-?around\s+time\b", re.IGNORECASE)


# The camera crew and the focus ("Camera op lost focus for a beat", "the focus buzzed on the close-up"), the script
# or the shot kept as it is ("Scene 12 stays as written", "the rest is as scripted", "the lighting stays as lit",
# "everything else remains unchanged"), and a bare "keep" that approves a take ("> yep keep", "ok, keep that one"):
# the shoot and the page, no head held.
_CREW_AND_PAGE = re.compile(r"\b(?:camera|cam)\s+op(?:erator)?s?\b|\bfocus\s+pull\w*|\b(?:lost|lose|loses|losing|missed|"
                            r"buzzed)\s+(?:the\s+)?focus\b|\bout\s+of\s+focus\b|"
                            r"\b(?:stays?|stayed|remains?|remained|is|are|kept|keep)\s+(?:as\s+(?:written|scripted|blocked|"
                            r"animated|shot|lit|planned|approved|agreed|is|it\s+is|they\s+are|it\s+was|they\s+were|before)|"
                            r"the\s+same|unchanged|untouched)\b|"
                            r"^(?:(?:ok|okay|k|yes|yeah|yep|good|great|fine|nice|so|then)\W+)*keep(?:\s+(?:that|this)"
                            r"(?:\s+(?:one|take|version))?)?\W*$", re.IGNORECASE)


# A verdict on another department's part of the shot ("The grading looks great", "texturing on the armour is fine
# now") or the writer's own pleasure with a part of it ("I'm thrilled with the costumes, by the way"): the writer's
# feeling about the work, not the character's.
_VERDICT_ON_THE_WORK = re.compile(
    r"^(?:(?:and|but|also|btw|oh|the|new)\s+)*(?:[\w'-]+\s+)?(?:lighting|textures?|texturing|set\s+designs?|set\s+dressing|"
    r"props?|costumes?|modell?ing|shading|grad(?:e|ing)|compositing|comp|sound\s+design|music|score|cloth\s+sim\w*|fx|"
    r"vfx|solve|solver|backgrounds?|environments?)\b[^.;!?]{0,40}?\b(?:is|was|are|were|looks?|looked|seems?|seemed)\s+"
    r"(?:\w+\s+)?(?:fine|good|great|nice|lovely|ok|okay|perfect|clean|solid|gorgeous|beautiful|amazing|excellent|"
    r"terrible|awful|bad|off)\b|"
    r"^(?:(?:and|but|also|oh)\s+)*(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:\w+\s+)?(?:happy|pleased|thrilled|delighted|glad|"
    r"satisfied|impressed)\s+(?:with|by)\s+(?:the|your|this|these|those|how)\b", re.IGNORECASE)


def about_the_work(text: str) -> bool:
    """Whether a clause speaks about the shot, the files or the message itself rather than the character."""
    text = text.strip()
    if (_CAPTURE_KIT.search(text) or _SAME_AGAIN.search(text) or _RIG_QUESTION.search(text) or _WORK_TITLE.match(text)
            or _TURNAROUND.search(text) or _ASKS_WHAT_THE_HEAD.search(text) or _VERDICT_ON_THE_WORK.search(text)):
        return True   # ("the lighting on the face is fine": the lighting's face, not the character's)
    if _PICTURE_SHAKE.search(text):
        return not names_the_head(_PICTURE_SHAKE.sub(" ", text))
    if names_the_head(text):
        return False
    return bool(_EDITS_THE_SHOT.search(text) or _SHOT_SPEC.search(text) or _CHOOSES_A_CAMERA.search(text) or _CREW_AND_PAGE.search(text)
                or _MISSENT.search(text) or _WRITER_SAYS.search(text) or _SHOP_TALK.search(text))
