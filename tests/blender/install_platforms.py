"""Install the per-platform zips: another platform's is refused with the reason; this machine's installs,
enables, and its pyzmq is the wheel it bundles (the Blender environment has none of its own).

argv: this platform's zip, another platform's zip, result json."""

import contextlib
import io
import os

import bpy

from _common import MODULE, argv, install, write_result

own_zip, other_zip, result_path = argv()
result = {}
printed = io.StringIO()
with contextlib.redirect_stdout(printed):   # Blender prints why it skips an incompatible package
    bpy.ops.extensions.package_install_files(filepath=other_zip, repo="user_default", enable_on_install=True)
repo = os.path.join(os.environ["BLENDER_USER_RESOURCES"], "extensions", "user_default")
result["other"] = {"enabled": MODULE in bpy.context.preferences.addons, "printed": printed.getvalue(),
                   "installed": os.path.isdir(os.path.join(repo, "mvportrait"))}
install(own_zip)
import zmq  # noqa: E402  (importable only now: from the extension's wheel)

result["enabled"] = MODULE in bpy.context.preferences.addons
result["zmq_file"] = zmq.__file__
result["zmq_version"] = zmq.pyzmq_version()
result["curve"] = bool(zmq.has("curve"))
result["user_folder"] = os.environ["BLENDER_USER_RESOURCES"]
result["blender"] = bpy.app.version_string
write_result(result_path, result)
