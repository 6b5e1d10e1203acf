"""Start Local Backend from the add-on, Test Connection, the restart guard, and that disabling the
add-on stops the backend it started.

argv: zip, backend command, connection file, result json."""

import time

import bpy

from _common import MODULE, argv, install, pump_until, submodule, write_result

zip_path, command, conn_file, result_path = argv()
install(zip_path)
prefs = bpy.context.preferences.addons[MODULE].preferences
prefs.use_connection_file, prefs.connection_file, prefs.connect_timeout = True, conn_file, 60.0
prefs.backend_command = command
runtime, launched = submodule("runtime"), submodule("local_backend").LAUNCHED
result = {"poll_before": bpy.ops.mvportrait.start_backend.poll()}
assert bpy.ops.mvportrait.start_backend() == {"FINISHED"}
process = launched.backend.process
result["log"] = str(launched.backend.log_path)
result["poll_while_running"] = bpy.ops.mvportrait.start_backend.poll()
deadline = time.monotonic() + 90
while not __import__("os").path.exists(conn_file):
    assert process.poll() is None, "the backend exited"
    assert time.monotonic() < deadline, "no connection file"
    time.sleep(0.1)
assert bpy.ops.mvportrait.test_connection() == {"FINISHED"}
session = runtime.STATE.session
pump_until(lambda: session.client.connected or session.error, 60, "the connection")
result["status"] = session.status_text
# The server writes its connection file a moment before it prints where it listens: on a busy machine the
# add-on can connect (and be disabled, stopping the server) before that line reaches the log.
deadline = time.monotonic() + 30
while "listening on" not in open(result["log"]).read() and time.monotonic() < deadline:
    time.sleep(0.1)
bpy.ops.preferences.addon_disable(module=MODULE)
result["backend_exit"] = process.poll()
write_result(result_path, result)
