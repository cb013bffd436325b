"""Per-capita rates for announced immigration enforcement operations, one story folder each.

Each operation lives in ``stories/<slug>/``; this package holds no fact about any of them.
"""
