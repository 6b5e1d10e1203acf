"""The render server behind `mvportrait serve`: MVP/1 over ZeroMQ (see protocols/SPEC.md).

Module map: `server` (I/O thread and message handlers), `worker` (render workers), `scheduler`
(fair frame-granular scheduling), `streams` (subscriptions and credit), `store` (SQLite + spool),
`jobfiles` (a job's files in the spool), `registry` (engines and generators by name), `security`
(keys, CURVE, artists), `settings` (settings and limits), `retention` (the spool's size limit). What an engine or a motion generator is
lives outside the server, in `backend.engines.base` and `backend.motion.base`.
"""

from .registry import Registry
from .server import RenderServer
from .settings import ServerSettings

__all__ = ["Registry", "RenderServer", "ServerSettings"]
