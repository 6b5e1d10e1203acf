"""The add-on's bpy-free core: head files, rig layout, track packing, camera views, render jobs.

Everything here runs under plain Python (numpy + the vendored ``protocols``), so plain pytest
covers it; the bpy layer in the package above only moves numbers between Blender and this core.
"""
