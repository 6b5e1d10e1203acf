"""Photoreal frame engines (the embedded `warp` engine)."""
