"""What notebooks need beyond the computing modules: showing a published figure.

``show`` renders the very figure object that ``python -m analysis build``
exports (same drawing function, same house style), as a PNG at screen
resolution, so the reporter sees what the graphics desk publishes. The house
style draws text without hinting, so the screen picture is the print picture,
only smaller.
"""
from __future__ import annotations

from IPython.display import Image

from analysis.figures import style

SCREEN_DPI = style.SCREEN_DPI


def show(item: style.Figure) -> Image:
    """The figure as a PNG, carrying its alt text for screen readers and its name, which the
    HTML reports use to link the published files (``reports/figures/<name>.*``)."""
    return Image(data=style.image_bytes(item, "png", dpi=SCREEN_DPI), format="png", alt=item.alt_text,
                 metadata={"figure": item.name})
