"""Motion generators: text, audio and video to FLAME tracks. Their contract is `base`.

`GENERATORS` is the one table of generators this package offers, by kind, as "module:Class"; the
server's registry reads it and imports a class only when that generator is first used.
"""

GENERATORS = {
    "text": "backend.motion.text.generator:TextMotionGenerator",
    "audio": "backend.motion.audio.generator:AudioMotionGenerator",
    "video": "backend.motion.video.generator:VideoMotionGenerator",
}
