"""MVPortrait for Blender: a FLAME head rig, keyframable controls, cameras as views, renders in the sequencer.

Importing this package needs no bpy (plain pytest imports the bpy-free ``core``); Blender calls
``register``/``unregister``, which load the bpy layer.
"""


def register():
    from . import operators, panels, props

    props.register()
    operators.register()
    panels.register()


def unregister():
    from . import local_backend, operators, panels, props, runtime

    runtime.shutdown()
    local_backend.stop()
    panels.unregister()
    operators.unregister()
    props.unregister()
