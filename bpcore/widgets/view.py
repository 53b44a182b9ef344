"""The one way the series shows an interactive figure: an ImageView, controls over a picture that is
redrawn as PNG bytes after each move, and the LayeredCanvas that redraws it quickly (the playground's on a
GlyphCachingCanvas, which draws matplotlib's pixels with less work per text).

Each slider view has a static twin that the notebook shows unmarked beside it, because nbval cannot
compare a widget's output; the twin is drawn by the same function as the live picture (bpcore.plots).
"""

from __future__ import annotations

import io
import itertools
import math
import os
import struct
import threading
import zlib
from contextlib import contextmanager

import ipywidgets
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import fontManager
from matplotlib.ft2font import RenderMode

try:  # ISA-L's deflate: the same zlib stream, about 8 times faster than zlib's at level 1
    from isal import isal_zlib as deflate
except ImportError:  # pragma: no cover - requirements.txt installs isal
    deflate = zlib


def png(fig, dpi=80) -> bytes:
    """A matplotlib Figure as PNG bytes (for an Image widget)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def canvas_png(canvas, level=1) -> bytes:
    """What an Agg canvas shows, as PNG bytes, quickly: RGBA rows unfiltered, deflated at `level` by
    ISA-L's deflate (isal, which requirements.txt installs), or by zlib where isal is not installed.

    For a slider view redrawn while it is dragged: the playground's 940 x 328 px deflate in about 0.3 ms
    with isal at level 1 (61 kB), 2.5 ms with zlib at level 1 (63 kB), and the whole PNG takes 0.8 ms
    against 2.8 (bench_playground.py), where PIL's encoder (savefig's) takes 8 ms, trying five filters
    on every row.  The series' pictures are flat colours on white, which
    deflate well without a filter (the PNG is about as small).  Either way the stream is a zlib stream
    that every PNG reader inflates; tests/test_playground.py reads the pixels back."""
    pixels = np.asarray(canvas.buffer_rgba())  # height x width x 4
    height, width, _ = pixels.shape
    rows = np.zeros((height, 1 + 4 * width), np.uint8)  # each row: its filter type, 0 (none), then its pixels
    rows[:, 1:] = pixels.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits a channel, RGBA, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", deflate.compress(rows, level))
            + chunk(b"IEND", b""))


class GlyphCachingRenderer(RendererAgg):
    """matplotlib's Agg renderer, which keeps what it finds about fonts and glyphs: the same pixels, faster.

    In a frame of the playground, a third of the time went into rendering glyphs, though most of them
    (the digits of the labels) come back frame after frame, and a tenth into finding each text's font
    file and reading its tables, twice per text.  This renderer keeps
    - each glyph's bitmap.  Agg renders a text glyph by glyph, each at its own position in FreeType's
      1/64 pixel, and blends it onto the canvas.  A glyph's bitmap depends on that position only through
      its fraction of a pixel (FreeType hints before it moves the outline, and a move by whole pixels
      moves the bitmap by as many), so a bitmap kept under its font, size, glyph, flags, transform and
      that fraction is the one FreeType would render now, drawn where matplotlib draws it;
    - the font of each font's properties, under everything matplotlib's own font caches look at, and
      each font's line metrics (Text._get_layout's own sums);
    - each string's layout, under its font, size and flags: the ticks' labels come back at each redraw
      of their axis, and a new label is laid out once, not once to measure it and again to draw it
      (get_text_width_height_descent measures the layout that draw_text draws).
    Written for the matplotlib that requirements.txt pins (the methods below are its own, with a cache);
    tests/test_playground.py compares its pictures with matplotlib's own renderer, pixel for pixel."""

    MAX_KEPT = 50_000  # glyph bitmaps of a few hundred bytes each; the playground keeps a few thousand
    # what matplotlib's own font caches are keyed by, besides the properties: findfont's and get_font's
    FONT_RC = (*(f"font.{key}" for key in ("family", "style", "variant", "weight", "stretch", "size", "serif",
                                           "sans-serif", "cursive", "fantasy", "monospace")),
               "text.hinting_factor", "text.kerning_factor")

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self.glyphs, self.fonts, self.height_metrics, self.layouts, self.extents = {}, {}, {}, {}, {}

    def _prepare_font(self, font_prop):
        """RendererAgg's: the font of `font_prop`, cleared, at its size.  Kept under everything matplotlib
        finds it by (FontProperties, the rcParams of FONT_RC, the fonts known, MPL_IGNORE_SYSTEM_FONTS,
        the thread), where RendererAgg looks for its files anew at each text, twice."""
        rc = tuple(tuple(v) if isinstance(v, list) else v  # dict's own lookup: RcParams' costs 3 times more
                   for v in map(dict.__getitem__, itertools.repeat(matplotlib.rcParams), self.FONT_RC))
        key = (font_prop, rc, len(fontManager.ttflist), os.getenv("MPL_IGNORE_SYSTEM_FONTS"),
               threading.get_ident())
        font = self.fonts.get(key)
        if font is None:
            font = super()._prepare_font(font_prop)
            if len(self.fonts) >= self.MAX_KEPT:
                self.fonts.clear()
            self.fonts[(font_prop.copy(), *key[1:])] = font  # a copy: FontProperties' hash follows its state
        else:  # as get_font and RendererAgg leave it
            font._set_transform([[0x10000, 0], [0, 0x10000]], [0, 0])
            font.clear()
            font.set_size(font_prop.get_size_in_points(), self.dpi)
        return font

    def _get_font_height_metrics(self, prop):
        """(ascent, descent, line gap) of `prop`'s font, in pixels: what Text._get_layout computes when a
        renderer does not, from the same tables with the same arithmetic."""
        font = self._prepare_font(prop)
        size = prop.get_size_in_points()
        key = (font, size, self.dpi)
        kept = self.height_metrics.get(key)
        if kept is None:
            kept = (None, None, None)
            for table_name, linegap_key, ascent_key, descent_key in (
                    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                    ("hhea", "lineGap", "ascent", "descent")):
                table = font.get_sfnt_table(table_name)
                if table is None:
                    continue
                scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * size * self.dpi / 72
                kept = (table[ascent_key] * scale, -table[descent_key] * scale, table[linegap_key] * scale)
                break
            self.height_metrics[key] = kept
        return kept

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        """RendererAgg's, with each string's layout (FreeType's and HarfBuzz's glyphs and places) kept:
        a tick's label is laid out once, not at each redraw of its axis, and a new label once for its
        measure and its drawing (get_text_width_height_descent)."""
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        font = self._prepare_font(prop)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        items = self._layout(font, s, prop.get_size_in_points(), get_hinting_flag(), features, language)
        self._draw_text_glyphs_and_boxes(gc, x, y, angle, items, [])

    def _layout(self, font, s, size, flags, features=None, language=None):
        """The glyphs of `s` in `font` and their places, as _draw_text_glyphs_and_boxes takes them: kept."""
        key = (font, size, self.dpi, s, flags, hashable(features), hashable(language))
        items = self.layouts.get(key)
        if items is None:
            items = [(item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y)
                     for item in font._layout(s, flags=flags, features=features, language=language)]
            if len(self.layouts) >= self.MAX_KEPT:
                self.layouts.clear()
            self.layouts[key] = items
        return items

    def get_text_width_height_descent(self, s, prop, ismath):
        """RendererAgg's measure of a text (width, height, descent in pixels), from the layout that
        draw_text draws (kept): matplotlib lays a string out twice, once to measure it (FT2Font.set_text)
        and once to draw it (FT2Font._layout), a third of the time of a label the first time it is seen.
        set_text's sums, from the same glyphs at the same places: the width is where the pen ends (the
        last glyph's place plus its advance); the height and the descent are those of the union of the
        glyphs' control boxes (FreeType's, in 1/64 pixel, each moved to its place), 0 for no glyph.
        tests/test_playground.py compares them with matplotlib's own over many strings and fonts."""
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        font = self._prepare_font(prop)  # the fonts' transforms as matplotlib's measure has them
        size, flags = prop.get_size_in_points(), get_hinting_flag()
        items = self._layout(font, s, size, flags)
        if not items:
            return 0.0, 0.0, 0.0
        bottom, top = math.inf, -math.inf
        for ft_object, _, glyph_index, _, _, dx, dy in items:
            key = (ft_object, size, self.dpi, glyph_index, flags)
            extent = self.extents.get(key)
            if extent is None:
                glyph = ft_object.load_glyph(glyph_index, flags)
                if len(self.extents) >= self.MAX_KEPT:
                    self.extents.clear()
                extent = self.extents[key] = (glyph.bbox[1], glyph.bbox[3], glyph.horiAdvance)
            y = round(0x40 * dy)
            bottom, top = min(bottom, extent[0] + y), max(top, extent[1] + y)
        width = round(0x40 * items[-1][5]) + extent[2]
        return width / 64, (top - bottom) / 64, -bottom / 64

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        if boxes:  # TeX's and mathtext's rules: matplotlib's own code
            return super()._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, boxes)
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        load_flags = get_hinting_flag()
        antialiased = gc.get_antialiased()
        run = []  # glyphs whose bitmaps share no pixel: (bitmap, left, top, right, bottom) on the canvas
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards
            # where matplotlib puts the glyph's origin, in 1/64 pixel (FreeType's y is upwards)
            column, fx = divmod(round(0x40 * (x + dx * cos - dy * sin)), 0x40)
            row, fy = divmod(round(0x40 * (self.height - y + dx * sin + dy * cos)), 0x40)
            key = (font, size, self.dpi, glyph_index, load_flags, antialiased, angle, slant, extend, fx, fy)
            kept = self.glyphs.get(key)
            if kept is None:
                font.set_size(size, self.dpi)
                font._set_transform((0x10000 * np.array([[cos, -sin], [sin, cos]])
                                     @ [[extend, extend * slant], [0, 1]]).round().astype(int), [fx, fy])
                bitmap = font._render_glyph(glyph_index, load_flags,
                                            RenderMode.NORMAL if antialiased else RenderMode.MONO)
                buffer = np.array(bitmap.buffer)
                if not antialiased:
                    buffer *= 0xff
                if len(self.glyphs) >= self.MAX_KEPT:
                    self.glyphs.clear()
                kept = self.glyphs[key] = (buffer, bitmap.left, bitmap.top)
            buffer, left, top = kept
            if buffer.size == 0:
                continue  # a space: no pixel to blend
            left, top = left + column, int(self.height) - (top + row)  # rows downwards
            glyph = (buffer, left, top, left + buffer.shape[1], top + buffer.shape[0])
            if any(left < g[3] and g[1] < glyph[3] and top < g[4] and g[2] < glyph[4] for g in run):
                self._blend(run, gc)
                run = []
            run.append(glyph)
        self._blend(run, gc)

    def _blend(self, run, gc):
        """The glyphs of `run`, which share no pixel, blended onto the canvas in one call of Agg's
        draw_text_image, as matplotlib blends each: around them the coverage is 0, which Agg's blending
        leaves untouched, so only the calls' cost changes (Agg reads the whole gc at each)."""
        if len(run) > 1:
            left, top = min(g[1] for g in run), min(g[2] for g in run)
            right, bottom = max(g[3] for g in run), max(g[4] for g in run)
            coverage = np.zeros((bottom - top, right - left), np.uint8)
            for buffer, x0, y0, x1, y1 in run:
                coverage[y0 - top:y1 - top, x0 - left:x1 - left] = buffer
            run = [(coverage, left, top, right, bottom)]
        for buffer, left, _, _, bottom in run:
            # draw_text_image's y is the bitmap's bottom side, downwards
            self._renderer.draw_text_image(buffer, left, bottom, 0, gc)


def hashable(value):
    """A text's font features or languages (None, a string, or lists) as a key."""
    return tuple(map(hashable, value)) if isinstance(value, (list, tuple)) else value


class GlyphCachingCanvas(FigureCanvasAgg):
    """An Agg canvas that draws with a GlyphCachingRenderer (one per size, as FigureCanvasAgg's)."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = GlyphCachingRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


@contextmanager
def only(rc):
    """rcParams `rc` while a picture is drawn, those keys only put back after it: matplotlib.rc_context
    copies every rcParam, a third of a millisecond at each frame."""
    before = {key: matplotlib.rcParams[key] for key in rc}
    matplotlib.rcParams.update(rc)
    try:
        yield
    finally:
        matplotlib.rcParams.update(before)


class LayeredCanvas:
    """A Figure drawn in layers, each kept as a picture, so that a move redraws only what it changes.

    The still part, every artist in no layer, is drawn in full once for each key it is shown under (a
    switch's title) and kept, so that a click back is quick; each layer above it is drawn over the kept
    picture below and kept under its key and the keys below, the last KEEP of them, so that a drag back
    and forth across a few keys draws none again; the top layer is drawn every time.
    Notebook 03's stepper has a still part and one moving layer; notebook 07's playground a still part,
    the axes' ticks (which change with their limits) and the curves.  A drag of the playground's y1 over
    its range goes through 5 limits of the axes and changes them at 14 frames in 100; each such frame drew
    the axes again (about 20 ms more, the frames that make a drag's slowest tenth) when only the last
    picture was kept.  A picture is the canvas's pixels: 1.2 MB at the notebook's size, so KEEP of them
    cost a kernel about 7 MB (11 MB on the projector).
    rc: matplotlib settings every layer is drawn with (the playground draws its text without hinting).
    """

    KEEP = 6  # pictures kept of each layer between the still part and the top

    def __init__(self, fig, rc=None):
        self.fig, self.rc = fig, rc or {}
        self.canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        self.still = {}  # the still part's picture for each key so far
        self.kept = {}  # depth → [(the keys it was drawn under, its picture), ...], the last used last

    def png(self, layers, keys=(None,)) -> bytes:
        """The figure as PNG bytes: `layers`, lists of artists from bottom to top, drawn over the still part;
        keys: what the still part shows, then what each layer below the top shows."""
        with only(self.rc):
            for artist in (a for layer in layers for a in layer):
                artist.set_animated(True)  # a full draw leaves them out: it draws the still part only
            if keys[0] not in self.still:
                self.canvas.draw()
                self.still[keys[0]] = self.canvas.copy_from_bbox(self.fig.bbox)
            below = self.still[keys[0]]
            for depth, layer in enumerate(layers[:-1], start=1):
                kept = self.kept.setdefault(depth, [])
                # keys may hold lists (the axes' ticks): compared with ==, not hashed
                found = next((k for k, (drawn, _) in enumerate(kept) if drawn == keys[:depth + 1]), None)
                if found is None:
                    picture = (keys[:depth + 1], self._over(below, layer, copy=True))
                    del kept[:max(0, len(kept) + 1 - self.KEEP)]  # the least recently used
                else:
                    picture = kept.pop(found)
                kept.append(picture)
                below = picture[1]
            self._over(below, layers[-1] if layers else [])
        return canvas_png(self.canvas)

    def _over(self, picture, artists, copy=False):
        """`artists` drawn over the kept `picture`; with copy, the result kept too (returned)."""
        self.canvas.restore_region(picture)
        renderer = self.canvas.get_renderer()
        for artist in artists:
            artist.draw(renderer)
        return self.canvas.copy_from_bbox(self.fig.bbox) if copy else None


class ImageView:
    """Controls over an Image widget that shows `render(*their values)`, PNG bytes, redrawn after each move.

    The one way the series builds an interactive figure, the playground included.  An Image widget fed
    PNG bytes, not an Output widget and plt.show(): the picture is drawn on a Figure outside pyplot, so
    no pyplot state is shared between views and nothing leaks into the cell's output (nbval, Voilà); a
    move replaces the picture in place instead of clearing and refilling an Output, which flickers; and
    the bytes shown are the bytes a test can compare.

    The picture is shown at its own pixel size, or narrower where the page is narrower, never stretched
    (the box around it would stretch it to its width): sharp in a notebook and in Voilà alike.

    rows: how the controls are laid out, one HBox per row (default: all in one row); a row may hold
        widgets that are not controls, such as a button.  below: widgets under the picture.
    describe: called with the controls' values after each new picture, to update widgets that say what it
        shows (the stepper's readout and formula): they never run ahead of the picture.
    settle: called before each redraw; it may move controls that depend on others (a switch that a
        slider's value rules out), and those moves make no redraw of their own: still one per move.
    """

    def __init__(self, controls, render, rows=None, below=(), describe=None, settle=None):
        self.controls = list(controls)
        self.render, self.describe, self.settle = render, describe, settle
        self.image = ipywidgets.Image(format="png")
        rows = [self.controls] if rows is None else rows
        self.box = ipywidgets.VBox([*(ipywidgets.HBox(list(row)) for row in rows), self.image, *below])
        self._held = False
        for control in self.controls:
            control.observe(self.redraw, names="value")
        self.redraw()
        width = int.from_bytes(self.image.value[16:20], "big")  # a PNG's width: bytes 16-19, in its header
        self.image.layout = ipywidgets.Layout(width=f"{width}px", max_width="100%", height="auto")

    def redraw(self, change=None):
        """Render the controls' values into the picture (unless `held`)."""
        if self._held:
            return
        if self.settle is not None:
            with self.held(redraw=False):
                self.settle()
        values = [control.value for control in self.controls]
        self.image.value = self.render(*values)
        if self.describe is not None:
            self.describe(*values)

    @contextmanager
    def held(self, redraw=True):
        """Move several controls at once, with one redraw at the end instead of one per control
        (none with redraw=False: one follows anyway)."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
        if redraw:
            self.redraw()


def image_explorer(sliders, render):
    """The sliders in a row over an Image of `render(*their values)` (PNG bytes): ImageView's box."""
    return ImageView(sliders, render).box
