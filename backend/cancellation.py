"""Cancellation shared by frame engines and motion generators.

The server hands every job a `threading.Event` that is set when the artist cancels; long work
checks it between steps and raises `JobCanceled`, and the worker then records the job as canceled.
(The wire's answer to a cancel is the `canceled` message, `protocols.messages.Canceled`.)
"""


import threading


class JobCanceled(Exception):
    """Raised by an engine or generator that noticed its job's cancel event in the middle of its work."""


def check_canceled(cancel: threading.Event | None) -> None:
    """Raise JobCanceled when `cancel` is set: long work calls this between its steps (often enough
    that a cancel takes effect well within the protocol's 2 s)."""
    if cancel is not None and cancel.is_set():
        raise JobCanceled("the job was canceled")
