"""bpcore.plots: the series' figures, drawn with matplotlib from bpcore's numbers; no widgets here.
style, network, functions, training, stepper, steps, graph, beyond, matrix, playground, geometry, fonts."""

from .. import lazy_submodules

__getattr__ = lazy_submodules(__name__)
