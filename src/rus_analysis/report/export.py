"""HTML export of the merged notebook: no code, no prompts, no external resources."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from rus_analysis.atomic import write_text

_EXTERNAL = re.compile(r'<script[^>]+src="https?://[^"]*"[^>]*>\s*</script>', re.I)


_EXTERNAL_LINK = re.compile(r'<link[^>]+href="https?://[^"]*"[^>]*>', re.I)


def export_html(nb: nbformat.NotebookNode, out: Path, title: str) -> Path:
    """HTML with no code, no prompts and no external resources (works offline)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = _EXTERNAL.sub("", body)
    body = _EXTERNAL_LINK.sub("", body)
    body = re.sub(r"<html[^>]*>", '<html lang="da">', body, count=1)
    write_text(out, body)
    return out
