"""Plumbing every job shares: project paths, errors for people, atomic writes, table reading."""
