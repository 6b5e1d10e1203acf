"""`mvportrait cluster status`: the render actors of every server using a cluster, with their devices,
cached portraits and load, asked of the actors themselves (each answers from its control group, beside a
render in progress)."""

from __future__ import annotations

import ray

from .settings import NAMESPACE

ACTOR_PREFIX = "mvportrait-render-"


def actor_statuses(timeout_s: float = 5.0) -> list[dict]:
    """One dict per render actor (sorted by name); an actor that does not answer in time has `error`."""
    names = sorted(a["name"] for a in ray.util.list_named_actors(all_namespaces=True)
                   if a.get("namespace") == NAMESPACE and a["name"].startswith(ACTOR_PREFIX))
    pending = {}
    out = {}
    for name in names:
        try:
            pending[name] = ray.get_actor(name, namespace=NAMESPACE).status.remote()
        except Exception as exc:  # gone between listing and asking
            out[name] = {"name": name, "error": f"{type(exc).__name__}: {exc}"}
    if pending:
        ready, _ = ray.wait(list(pending.values()), num_returns=len(pending), timeout=timeout_s)
        ready = set(ready)
        for name, ref in pending.items():
            if ref not in ready:
                out[name] = {"name": name, "error": f"no answer within {timeout_s:.0f} s (starting or restarting)"}
                continue
            try:
                out[name] = ray.get(ref)
            except Exception as exc:
                out[name] = {"name": name, "error": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"}
    return [out[name] for name in sorted(out)]


def format_statuses(statuses: list[dict]) -> str:
    if not statuses:
        return "no render actors on this cluster (is a server running with --cluster?)"
    lines = [f"{'actor':<36} {'host':<16} {'device':<6} {'pid':>7} {'load':>5} {'images':>7} {'prep':>5} "
             f"{'reuse':>5}  current / cached portraits"]
    for s in statuses:
        if "error" in s:
            lines.append(f"{s['name']:<36} {'-':<16} {'-':<6} {'-':>7} {'-':>5} {'-':>7} {'-':>5} {'-':>5}  "
                         f"{s['error']}")
            continue
        current = s["current"]
        doing = (f"job {current['job'][:8]} ({current.get('images', current.get('motion'))})" if current
                 else "idle")
        portraits = ", ".join(f"{k[:8]}({v['engine']}, {v['jobs']} job(s))" for k, v in s["portraits"].items())
        lines.append(f"{s['name']:<36} {s['host'][:16]:<16} {s['device']:<6} {s['pid']:>7} {s['load']:>5.2f} "
                     f"{s['images']:>7} {s['prepared']:>5} {s['reused']:>5}  {doing}; {portraits or 'none'}")
    return "\n".join(lines)
