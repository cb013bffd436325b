"""Figures for publication: house style, export, and the charts and maps."""
