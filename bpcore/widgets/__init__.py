"""bpcore.widgets: the interactive figures, ipywidgets over bpcore.plots' pictures.
view (ImageView and its layered canvas), explorers (sliders), stepper (notebook 03), playground (07)."""

from .. import lazy_submodules

__getattr__ = lazy_submodules(__name__)
