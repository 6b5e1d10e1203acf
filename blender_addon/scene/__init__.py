"""The bpy layer's reads from and writes to the scene, kept apart as glTF-Blender-IO keeps import and export:
``read`` takes numbers out of the scene (rig channels, cameras, render size, evaluated mesh); ``rig_build``,
``nla`` and ``sequencer`` put things into it (the rig, generated motion, image and sound strips).
"""
