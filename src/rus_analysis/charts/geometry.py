"""Map geometry from the shipped GeoJSON: outlines, label points, Bornholm inset, islands.

Why polygons on plain axes: no map tiles and no topojson download, so maps render offline
in kaleido and in a browser alike.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from rus_analysis import reference

MAP_ATTRIBUTION = "Kort: Geodatastyrelsen & Danske Kommuner – FOT/DAGI – 2014"


# Bornholm is drawn as an inset north-east of Zealand (moved by this many degrees).
BORNHOLM_CODE = "0400"


BORNHOLM_SHIFT = (-1.80, 0.86)


# a part of a municipality whose centre lies this far (degrees) from its largest part is
# labelled on the maps: only Hesselø (Halsnæs, 0.35) in the region's boundaries
OUTLYING_DEGREES = 0.2


Outline = tuple[list[float | None], list[float | None]]


@lru_cache(maxsize=1)
def geometry() -> tuple[dict[str, Outline], dict[str, tuple[float, float]],
                         tuple[tuple[str, float, float], ...]]:
    """Outline coordinates (None-separated rings) and a label point per municipality, and
    the islands far from the rest of their municipality (``outlying_parts``).

    Exterior rings only (the data has one tiny hole, irrelevant at this scale); Bornholm
    shifted into an inset; Christiansø (not a municipality) left out.
    """
    gj = reference.boundaries()
    outlines: dict[str, Outline] = {}
    centers: dict[str, tuple[float, float]] = {}
    outlying: list[tuple[str, float, float]] = []
    for feat in gj["features"]:
        props = feat["properties"]
        if not props.get("is_municipality", True):
            continue
        code = str(props["kommunekode"])
        dx, dy = BORNHOLM_SHIFT if code == BORNHOLM_CODE else (0.0, 0.0)
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = [np.asarray(poly[0], dtype=float) for poly in polys]
        xs: list[float | None] = []
        ys: list[float | None] = []
        for ring in rings:
            xs.extend([*(ring[:, 0] + dx).tolist(), None])
            ys.extend([*(ring[:, 1] + dy).tolist(), None])
        outlines[code] = (xs, ys)
        main = max(rings, key=len)  # the first of the longest rings
        mx, my = main[:, 0].mean(), main[:, 1].mean()
        centers[code] = (float(mx + dx), float(my + dy))
        for ring in rings:
            if np.hypot(*(ring.mean(axis=0) - (mx, my))) > OUTLYING_DEGREES:
                east = ring[ring[:, 0].argmax()]
                outlying.append((str(props["navn"]), float(east[0] + dx), float(east[1] + dy)))
    return outlines, centers, tuple(sorted(outlying))


def outlying_parts() -> tuple[tuple[str, float, float], ...]:
    """(municipality name, x, y) of every island far from the rest of its municipality,
    at its easternmost point."""
    return geometry()[2]


def map_axes(fig: go.Figure) -> None:
    _, centers, _ = geometry()
    lat0 = float(np.mean([c[1] for c in centers.values()]))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(lat0)))
    # frame of the Bornholm inset
    outlines, _, _ = geometry()
    if BORNHOLM_CODE in outlines:
        bx = [v for v in outlines[BORNHOLM_CODE][0] if v is not None]
        by = [v for v in outlines[BORNHOLM_CODE][1] if v is not None]
        pad = 0.04
        fig.add_shape(type="rect", x0=min(bx) - pad, x1=max(bx) + pad, y0=min(by) - pad,
                      y1=max(by) + pad, line={"color": "#999999", "width": 1, "dash": "dot"})
        fig.add_annotation(x=min(bx) - pad, y=max(by) + pad, text="Bornholm (flyttet)",
                           showarrow=False, xanchor="left", yanchor="bottom",
                           font={"size": 10, "color": "#666666"})
    # islands far from the rest of their municipality (Halsnæs's Hesselø, out in the
    # Kattegat) are named, so the speck in the corner reads as land, not as a glitch
    for name, x, y in outlying_parts():
        fig.add_annotation(x=x, y=y, text=f"{name} (ø)", showarrow=False, xanchor="left",
                           xshift=6, font={"size": 9, "color": "#666666"})
    fig.add_annotation(x=0, y=-0.02, xref="paper", yref="paper", showarrow=False,
                       text=MAP_ATTRIBUTION, xanchor="left", yanchor="top",
                       font={"size": 9, "color": "#777777"})


@lru_cache(maxsize=1)
def simplified_outlines(keep_every: int = 4, min_points: int = 12) -> dict[str, Outline]:
    """The outlines with every ``keep_every``-th point of each ring (rings of fewer than
    ``min_points`` points kept whole, first point repeated last): for small maps, where
    the full detail only costs drawing time."""
    outlines, _, _ = geometry()
    out: dict[str, Outline] = {}
    for code, (xs, ys) in outlines.items():
        sx: list[float | None] = []
        sy: list[float | None] = []
        ring_x: list[float] = []
        ring_y: list[float] = []
        for x, y in zip([*xs, None], [*ys, None], strict=True):
            if x is not None and y is not None:
                ring_x.append(x)
                ring_y.append(y)
                continue
            if ring_x:
                step = keep_every if len(ring_x) >= min_points else 1
                kx, ky = ring_x[::step], ring_y[::step]
                sx.extend([*kx, ring_x[0], None])
                sy.extend([*ky, ring_y[0], None])
            ring_x, ring_y = [], []
        out[code] = (sx, sy)
    return out
