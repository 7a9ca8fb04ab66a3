"""One notebook from the report's parts: title page, contents, sections, methods appendix.

plotly.js is kept once; cell and figure ids are numbered in document order, so two
reports from the same input differ only where the report states its own run.
"""

from __future__ import annotations

import html
import re

import nbformat

_PLOTLY_BUNDLE = re.compile(r"plotly\.js v\d")


def merge_notebooks(parts: list[tuple[str, nbformat.NotebookNode]], title_md: str,
                    appendix_md: str) -> nbformat.NotebookNode:
    """One notebook: title page, table of contents, each part under an anchored heading,
    the methods appendix. Parameter cells are dropped and plotly.js is kept only in the
    first output that carries it, so the HTML embeds it once.

    Cell ids and figure element ids are numbered in document order ("c0001", "rus-fig-1")
    instead of the random ones papermill and plotly write, so two reports from the same
    input differ only where the report states its own run (start time, stage times, and
    the commit and versions if those changed): an analyst can diff two rounds' reports.
    """
    merged = nbformat.v4.new_notebook()
    merged.metadata = parts[0][1].metadata if parts else {}
    toc = ["## Indhold", ""]
    toc += [f"{i}. [{html.escape(t)}](#afsnit-{i})" for i, (t, _) in enumerate(parts, 1)]
    toc.append(f"{len(parts) + 1}. [Metode og datagrundlag](#metode)")
    merged.cells.append(nbformat.v4.new_markdown_cell(title_md))
    merged.cells.append(nbformat.v4.new_markdown_cell("\n".join(toc)))
    seen_bundle = False
    n_figures = 0
    for i, (part_title, nb) in enumerate(parts, 1):
        heading = nbformat.v4.new_markdown_cell(
            f'<a id="afsnit-{i}"></a>\n\n# {i}. {html.escape(part_title)}')
        heading.metadata["tags"] = ["rus-section"]  # print: each section on a new page
        merged.cells.append(heading)
        for cell in nb.cells:
            tags = cell.get("metadata", {}).get("tags", [])
            if "parameters" in tags or "injected-parameters" in tags:
                continue
            if cell.cell_type == "code":
                keep = []
                for out in cell.get("outputs", []):
                    text = "".join(out.get("data", {}).get("text/html", ""))
                    bundle = _is_plotly_bundle(text)
                    if bundle:
                        if seen_bundle:
                            continue
                        seen_bundle = True
                    if out.get("output_type") == "stream" and out.get("name") == "stderr":
                        continue  # warnings and progress bars are not for the committee
                    if text and not bundle:
                        n_figures, text = _number_figures(text, n_figures)
                        out["data"]["text/html"] = text
                    keep.append(out)
                cell.outputs = keep
            merged.cells.append(cell)
    appendix = nbformat.v4.new_markdown_cell('<a id="metode"></a>\n\n' + appendix_md)
    appendix.metadata["tags"] = ["rus-section", "rus-appendix"]
    merged.cells.append(appendix)
    for n, cell in enumerate(merged.cells, 1):
        cell["id"] = f"c{n:04d}"
    return merged


def _is_plotly_bundle(text: str) -> bool:
    """The output that carries plotly.js itself (1,5-5 MB), not a figure: marked by
    ``present.plotly_bundle``, or plotly's own renderer output."""
    if text.startswith("<script data-rus-plotly="):
        return True
    return len(text) > 500_000 and bool(_PLOTLY_BUNDLE.search(text[:200000]))


_FIGURE_DIV = re.compile(r'<div id="([\w-]+)" class="plotly-graph-div"')


def _number_figures(text: str, start: int) -> tuple[int, str]:
    """Replace each plotly figure's random element id by "rus-fig-N" (N from ``start``+1).

    Only the id of a ``plotly-graph-div`` is replaced, everywhere it occurs in the same
    output (the div and the script that draws into it); figure data is not touched.
    """
    for old in dict.fromkeys(_FIGURE_DIV.findall(text)):
        start += 1
        text = text.replace(old, f"rus-fig-{start}")
    return start, text
