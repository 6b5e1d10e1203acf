"""Scale-out on Ray: `mvportrait serve --cluster ADDRESS` renders (and generates motion) on Ray actors, one
per GPU or per CPU slot, while the server stays the artists' front door and the job store's only writer.

Module map: `settings` (the cluster address and how many actors; no Ray), `routing` (which actor takes a
chunk: the one holding the portrait when it is free, else the least loaded; no Ray), `start` (the server's way
in, with the local fallback), `connection` (joining a cluster), `actor` (the Ray actor: engines kept loaded,
prepared plans per job, portraits by content hash), `executor` (the server's executor: chunks of images to
actors, faults, a lost cluster), `lane` (one thread per actor reading its results back into the job store),
`status` (`mvportrait cluster status`). Only `connection`, `actor`, `executor`, `lane` and `status` import Ray
(the optional `cluster` extra), and the server imports them only when started with a cluster.
"""
