"""The render server behind `mvportrait serve`: MVP/1 over ZeroMQ (see protocols/SPEC.md).

Module map: `server` (I/O thread and message handlers), `worker` (render workers), `scheduler`
(fair frame-granular scheduling), `streams` (subscriptions and credit), `store` (SQLite + spool),
`jobfiles` (a job's files in the spool), `engine` (the engine interface), `registry` (engines and
generators by name), `debug_engine` (the diagnostic engine), `security` (keys, CURVE, artists),
`settings` (settings and limits).
"""

from .engine import Canceled, Engine, EngineOptionError, JobPlan, MotionGenerator, RenderJob
from .registry import Registry
from .server import RenderServer
from .settings import ServerSettings

__all__ = ["Canceled", "Engine", "EngineOptionError", "JobPlan", "MotionGenerator", "Registry", "RenderJob",
           "RenderServer", "ServerSettings"]
