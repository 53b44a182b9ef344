"""bpcore's figures (matplotlib).  bpcore.plots.fonts: the fonts they draw with, in English and in Chinese."""
