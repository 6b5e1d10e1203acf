"""Cancellation shared by frame engines and motion generators.

The server hands every job a `threading.Event` that is set when the artist cancels; long work
checks it between steps and raises `JobCanceled`, and the worker then records the job as canceled.
(The wire's answer to a cancel is the `canceled` message, `protocols.messages.Canceled`.)
"""


class JobCanceled(Exception):
    """Raised by an engine or generator that noticed its job's cancel event in the middle of its work."""
