"""Per-capita analysis of ICE's Operation Safe City arrests (September 2017).

Modules compute; notebooks narrate. Every figure is traceable to a file under
``data/raw/`` (see ``data/raw/README.md``).
"""
