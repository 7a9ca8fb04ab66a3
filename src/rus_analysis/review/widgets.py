"""The review notebook's widgets (ipywidgets): choose a theme, see it, decide.

Why in the library: a button is only a way to call a ``ReviewSession`` method; built here,
a test can set the fields and ``click()`` every button without a browser, and the
notebook stays two lines. Every text from input is HTML-escaped before it is shown.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from rus_analysis.review.session import KIND_DA, ReviewSession, ThemeCard
from rus_analysis.themes.overrides import POSITIONS


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def card_html(card: ThemeCard) -> str:
    """A theme as escaped HTML: label, size, terms, sub-themes, quotes, status."""
    kind = KIND_DA.get(card.kind, card.kind)
    parts = [f"<h3>{_esc(card.label)} <small>({_esc(card.theme_id)}, {_esc(kind)})</small></h3>",
             f"<p><b>{card.size}</b> udsagn · beslutning: <b>{_esc(card.status)}</b></p>",
             f"<p>Nøgleord: {_esc(', '.join(card.top_terms))}</p>"]
    if card.subthemes is not None and len(card.subthemes):
        items = "".join(f"<li>{_esc(r.label)} ({int(r.size)} udsagn)</li>"
                        for r in card.subthemes.itertuples(index=False))
        parts.append(f"<p>Undertemaer:</p><ul>{items}</ul>")
    quotes = "".join(f"<blockquote>{_esc(t)}</blockquote>" for _, t in card.quotes)
    parts.append(f"<p>Citater:</p>{quotes}" if quotes else "<p>Ingen citater.</p>")
    return "".join(parts)


@dataclass
class StatementRow:
    """The widgets of one uncertain statement."""

    statement_id: str
    text: Any
    target: Any
    move: Any
    reviewed: Any
    position: Any | None = None
    correct: Any | None = None
    subtheme: Any | None = None


@dataclass
class ReviewPanel:
    """Every widget of the review, reachable by name (tests click them)."""

    session: ReviewSession
    theme: Any
    card: Any
    accept: Any
    new_name: Any
    rename: Any
    merge_with: Any
    merge_name: Any
    merge: Any
    keyword: Any
    split_name: Any
    split: Any
    message: Any
    statements_box: Any
    rows: list[StatementRow] = field(default_factory=list)
    widget: Any = None

    def say(self, text: str, ok: bool = True) -> None:
        colour = "#1a7f37" if ok else "#cf222e"
        self.message.value = f"<p style='color:{colour}'>{_esc(text)}</p>"


def _choices(session: ReviewSession) -> list[tuple[str, str]]:
    th = session.tables.themes
    return [(f"{lab} ({int(n)})", str(t))
            for t, lab, n in zip(th["theme_id"], th["label"], th["size"], strict=True)]


def review_panel(session: ReviewSession, n_uncertain: int = 5) -> ReviewPanel:
    """The review UI on ``session``: one theme at a time, each button one decision."""
    import ipywidgets as w

    choices = _choices(session)
    wide = w.Layout(width="auto")
    p = ReviewPanel(
        session=session,
        theme=w.Dropdown(options=choices, description="Tema", layout=w.Layout(width="60%")),
        card=w.HTML(),
        accept=w.Button(description="Godkend tema", button_style="success"),
        new_name=w.Text(placeholder="nyt navn"), rename=w.Button(description="Omdøb"),
        merge_with=w.Dropdown(options=choices, description="med"),
        merge_name=w.Text(placeholder="navn (valgfrit)"),
        merge=w.Button(description="Slå sammen"),
        keyword=w.Text(placeholder="nøgleord"), split_name=w.Text(placeholder="navn på nyt tema"),
        split=w.Button(description="Del efter nøgleord"),
        message=w.HTML(), statements_box=w.VBox())

    def act(fn: Any, done: str) -> Any:
        def handler(_: Any = None) -> None:
            try:
                entry = fn()
            except (KeyError, ValueError) as exc:
                p.say(f"Ikke gemt: {exc.args[0] if exc.args else exc}", ok=False)
                return
            p.say(f"Gemt i {session.overrides_path.name}: {done} ({entry['action']}, "
                  f"{entry['by']}, {entry['at']}). Anvendes ved næste kørsel.")
            show()
        return handler

    def show(_: Any = None) -> None:
        tid = p.theme.value
        card = session.card(tid, n_uncertain)
        p.card.value = card_html(card)
        p.rows = [_statement_row(w, session, r, choices, wide, act)
                  for r in card.uncertain.to_dict("records")]
        heading = w.HTML("<p><b>Mindst sikre udsagn</b> (ret tema, undertema eller holdning, "
                         "eller marker som gennemgået):</p>")
        p.statements_box.children = [heading, *[_row_box(w, r) for r in p.rows]]

    p.accept.on_click(act(lambda: session.accept(p.theme.value), "tema godkendt"))
    p.rename.on_click(act(lambda: session.rename(p.theme.value, p.new_name.value), "omdøbt"))
    p.merge.on_click(act(lambda: session.merge([p.theme.value, p.merge_with.value],
                                               name=p.merge_name.value or None), "slået sammen"))
    p.split.on_click(act(lambda: session.split(p.theme.value, p.keyword.value,
                                               p.split_name.value or None), "delt"))
    p.theme.observe(show, names="value")
    show()
    p.widget = w.VBox([p.theme, p.card,
                       w.HBox([p.accept]), w.HBox([p.new_name, p.rename]),
                       w.HBox([p.merge_with, p.merge_name, p.merge]),
                       w.HBox([p.keyword, p.split_name, p.split]),
                       p.statements_box, p.message])
    return p


def _statement_row(w: Any, session: ReviewSession, rec: dict[str, Any],
                   choices: list[tuple[str, str]], layout: Any, act: Any) -> StatementRow:
    sid = str(rec["statement_id"])
    current = session.current_theme(sid)
    row = StatementRow(
        statement_id=sid,
        text=w.HTML(f"<p>{_esc(rec['text'])} <small>(sikkerhed "
                    f"{float(rec['confidence']):.2f}".replace(".", ",")
                    + f", {_esc(sid)})</small></p>"),
        target=w.Dropdown(options=choices, value=current, description="til"),
        move=w.Button(description="Flyt"),
        reviewed=w.Button(description="Gennemgået", button_style="info"))
    if session.subthemes is not None:
        subs = session.subthemes[session.subthemes["theme_id"] == current]
        row.subtheme = w.Dropdown(options=[("(intet)", None), *[
            (str(lab), str(s)) for s, lab in zip(subs["subtheme_id"], subs["label"],
                                                 strict=True)]],
            value=rec.get("subtheme_id") if rec.get("subtheme_id") in set(
                subs["subtheme_id"]) else None, description="undertema")
    row.move.on_click(act(lambda: session.move(
        sid, row.target.value,
        row.subtheme.value if row.subtheme is not None and row.target.value == current
        else None), "udsagn flyttet"))
    row.reviewed.on_click(act(lambda: session.reviewed(sid), "udsagn gennemgået"))
    if session.positions is not None:
        now = rec.get("position")
        row.position = w.Dropdown(options=list(POSITIONS),
                                  value=now if now in POSITIONS else "neutral",
                                  description="holdning")
        row.correct = w.Button(description="Ret holdning")
        row.correct.on_click(act(lambda: session.position(sid, row.position.value),
                                 "holdning rettet"))
    return row


def _row_box(w: Any, row: StatementRow) -> Any:
    controls = [row.target, *([row.subtheme] if row.subtheme is not None else []), row.move,
                row.reviewed, *([row.position, row.correct] if row.position is not None else [])]
    return w.VBox([row.text, w.HBox(controls)])
