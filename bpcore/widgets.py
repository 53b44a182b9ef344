"""Sliders for the notebooks: each function builds one interactive figure with ipywidgets.

Plumbing, not lesson.  Each slider view has a static twin in bpcore.draw that the notebook
shows unmarked beside it, because nbval cannot compare a widget's output.
"""

from __future__ import annotations


# --- widgets for notebooks 01-03 ---


# --- widgets for notebooks 04-06 ---
