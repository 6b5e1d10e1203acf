"""Text → FLAME (MVPortrait's Text2FLAME): MotionDM and EmotionDM, trained on the project's procedural
corpus and shipped with the package.

Modules: `corpus` (labelled training data), `representation` (features the models see), `schedule`
(cosine noise schedule), `models` (the transformer-encoder denoiser, checkpoints), `sampler` (DDIM with
classifier-free guidance), `encoder` (offline MiniLM sentence encoder), `prompts` (splitting one sentence
into motion and emotion), `pipeline` (text → Track), `generator` (the render server's text generator),
`config` + `train` (training). Heavy imports happen in those modules, not here.
"""
