"""Frame engines: `warp` (the embedded photoreal default), `diffusion` (FLAME2Video), `preview` (the
shaded head) and `debug` (a diagnostic drawing). Their contract is `base`.

`ENGINES` is the one table of engines this package offers, by name, as "module:Class"; the
server's registry reads it and imports a class only when that engine is first built.
"""

ENGINES = {
    "debug": "backend.engines.debug:DebugEngine",
    "warp": "backend.engines.warp:WarpEngine",
    "preview": "backend.engines.preview:PreviewEngine",
    "diffusion": "backend.engines.diffusion:DiffusionEngine",
}
