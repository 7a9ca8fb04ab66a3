"""Build realistic benchmark input of about N statements from the demo's own texts.

    python benchmarks/generate.py --n 10000 --out benchmarks/work/n10000 [--seed 7]

Writes a *collection* of round folders (``r2024/``, ``r2025/``, ``r2026/``), each with a
``manifest.yaml`` as described in docs/input-formats.md, holding survey exports (xlsx and
``;``/cp1252 csv), meeting notes (.md and .docx), workshop post-its (.csv) and written
responses (.txt, .docx, .pdf), in the demo's proportions by statement:

    survey ~45 %, meeting ~25 %, workshop ~21 %, written ~9 %   (measured from the demo)

Caps (files that are slow to write and add nothing new at scale): at most 300 letters
(of which at most 80 .docx and 60 .pdf) and at most 80 .docx meeting notes; what the
letter cap cuts off goes to the surveys, so at 100,000 statements letters are ~1.5 %
and surveys ~53 % of the statements. Meeting notes, post-it sheets and surveys grow by
getting more files *and* longer files.

Texts are the demo's (read with the project's own ``ingest`` and ``clean``: survey
answers, meeting bullets, post-its, letter paragraphs), split into sentences and
recombined, with word swaps, municipality swaps, openers/closers and typos, so that most
generated statements are new texts; campaigns and copies are added at the demo's rate
(exact copies + near copies), as are non-answers ("ved ikke", "-"), personal data
(e-mails, phone numbers, CPR-like numbers in answers; a signature block in every
letter) and mojibake (UTF-8 read as cp1252). Municipalities (all 29) are drawn with
uneven (Zipf-like) weights and typed the way respondents type them. Deterministic: the
same ``--n`` and ``--seed`` give the same files.

A ``generated.json`` next to the rounds records what was written and the demo rates
aimed at.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
import shutil
import sys
import time
import warnings
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FIXED_DT = dt.datetime(2026, 1, 15, 12, 0, 0)
ZIP_DT = (2026, 1, 15, 12, 0, 0)

MAX_LETTERS = 300
MAX_LETTER_DOCX = 80
MAX_LETTER_PDF = 60
MAX_MEETING_DOCX = 80

ROUNDS = (
    ("r2024", "Strategidialog 2024 (benchmark)", dt.date(2024, 3, 1), dt.date(2024, 9, 30)),
    ("r2025", "Årligt dialogmøde 2025 (benchmark)", dt.date(2025, 1, 6), dt.date(2025, 6, 30)),
    ("r2026", "Høring over RUS 2026 (benchmark)", dt.date(2026, 1, 5), dt.date(2026, 4, 30)),
)

Q_XLSX = [("Hvad er de største udfordringer for jeres område frem mod 2035?", "q1"),
          ("Hvilke løsninger eller indsatser bør den regionale udviklingsstrategi prioritere?",
           "q2"),
          ("Hvor ser I de største muligheder for samarbejde på tværs af kommuner, region og "
           "andre aktører?", "q3"),
          ("Har I øvrige kommentarer eller input til den regionale udviklingsstrategi?", "q4")]
Q_CSV = [("Hvordan oplever I udviklingen inden for strategiens indsatsområder det seneste år?",
          "q1"),
         ("Hvilke fælles udfordringer bør region og kommuner samarbejde om i 2025-2026?", "q2"),
         ("Hvilke konkrete initiativer eller partnerskaber foreslår I?", "q3"),
         ("Øvrige kommentarer", "q4")]
SURVEY_HEAD = ["Respondent-ID", "Besvarelsesdato", "Kommune", "Organisationstype", "Organisation"]

# Word swaps (both directions are applied); chosen so the meaning stays.
SWAPS = [("vigtigt", "afgørende"), ("borgere", "indbyggere"), ("bør", "skal"),
         ("mange", "rigtig mange"), ("svært", "vanskeligt"), ("stor", "betydelig"),
         ("hurtigere", "hurtigt"), ("mangler", "savner"), ("flere", "mere"),
         ("samarbejde", "samspil"), ("kræver", "forudsætter"), ("udfordring", "problem"),
         ("løsninger", "tiltag"), ("indsats", "satsning"), ("regionen", "Region Hovedstaden"),
         ("virksomheder", "erhvervslivet"), ("unge", "de unge"), ("bedre", "langt bedre"),
         ("også", "ligeledes"), ("gerne", "meget gerne"), ("lang", "alt for lang"),
         ("nødvendigt", "påkrævet"), ("område", "felt"), ("ser", "oplever")]
OPENERS = ["Vi mener, at {s}", "Efter vores opfattelse gælder det, at {s}",
           "Set fra {m}: {S}", "I {m} oplever vi, at {s}", "Det er vores erfaring, at {s}",
           "Helt overordnet: {S}", "Vi vil understrege, at {s}", "Kort sagt: {S}",
           "Som kommune ser vi, at {s}", "Fra vores side: {S}", "Vi hører ofte, at {s}",
           "Det er tydeligt, at {s}", "For os er det klart, at {s}",
           "Vi vil gerne fremhæve, at {s}", "Erfaringen fra {m} viser, at {s}"]
CLOSERS = ["Det gælder især i {m}.", "Det haster.", "Det bør prioriteres i {y}.",
           "Det hører vi fra mange borgere.", "Det kan vi se i {m}.",
           "Her kan regionen gå forrest.", "Det skal med i strategien.",
           "Vi bidrager gerne.", "Det mærker man tydeligt i {m}.",
           "Det bør følges op med penge.", "Det er ikke sket endnu.",
           "Det gælder også for {m} og omegn.", "Tak for muligheden for at bidrage.",
           "Vi håber, regionen vil tage det op.", "Det er et fælles ansvar."]
SHORT_MODS = ["i {m}", "nu!", "– tak", "også i {m}", "hurtigst muligt", "for alle",
              "i hele regionen", "og bedre skilte", "om aftenen", "for de unge",
              "i yderområderne", "i {m} og {m2}"]
NON_ANSWERS = ["Ved ikke", "-", "ved ikke.", "Nej", "Ingen kommentarer", "Intet at tilføje",
               "?", "nej tak", "x", "Ingen bemærkninger"]
FIRST = ["Anne", "Mette", "Lars", "Peter", "Søren", "Camilla", "Jens", "Ida", "Mads",
         "Louise", "Henrik", "Sofie", "Niels", "Karen", "Rasmus", "Julie", "Thomas", "Line"]
LAST = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
        "Sørensen", "Rasmussen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen"]
TITLES = ["direktør", "kontorchef", "planchef", "borgmester", "chefkonsulent",
          "afdelingsleder", "formand", "specialkonsulent"]
LETTER_ORGS = [("DSB", ""), ("Movia", ""), ("Novafos", ""), ("HOFOR", ""),
               ("Bygherreforeningen", ""), ("MTHøjgaard", ""), ("Dansk Industri", ""),
               ("DTU", ""), ("Københavns Universitet", ""),
               ("Danmarks Naturfredningsforening", ""), ("Banedanmark", ""),
               ("Vejdirektoratet", ""), ("Privatperson", ""), ("Dansk Erhverv", ""),
               ("Friluftsrådet", ""), ("Dansk Ungdoms Fællesråd", "")]
MEETING_ORGS = ["DSB – strategichef", "Movia – planlægningschef", "Novafos – direktør",
                "HOFOR – udviklingschef", "Dansk Industri – regionsdirektør",
                "Bygherreforeningen – direktør", "Københavns Professionshøjskole – rektor"]
DEPARTMENTS = ["Center for Plan og Miljø", "Teknik og Miljø", "Borgmesterens Afdeling",
               "Klimasekretariatet", "Erhverv"]
ROLES = ["borgmester", "kommunaldirektør", "formand for teknik- og miljøudvalget",
         "planchef", "direktør for Børn og Unge", "beskæftigelseschef"]


# --------------------------------------------------------------------------- demo pools
class Demo:
    """Texts and rates taken from the demo (data/raw/demo) via the project's own stages."""

    def __init__(self) -> None:
        from rus_analysis.clean import clean_records
        from rus_analysis.config import load_config
        from rus_analysis.ingest import read_rounds
        from rus_analysis.pipeline import find_round_dirs
        from rus_analysis.reference import capital_region

        cfg = load_config(ROOT / "config" / "rus.yaml",
                          overrides={"paths": {"raw": str(ROOT / "data" / "raw" / "demo")}})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ing = read_rounds(find_round_dirs(cfg.paths.raw), cfg)
            cl = clean_records(ing.records, cfg, problems=ing.problems,
                               private_names=ing.private_names)
        rec, st = ing.records, cl.statements
        cap = capital_region()
        self.munis: list[tuple[str, str]] = list(zip(cap["kommunekode"], cap["navn"],
                                                     strict=True))
        names = sorted((n for _, n in self.munis), key=len, reverse=True)
        extra = ["Bornholms Regionskommune", "Lyngby", "Frederiksværk", "Farum", "Værløse",
                 "Gilleleje", "Hundested", "Taastrup", "Måløv", "Ballerup", "Nordkysten"]
        self.muni_re = re.compile(r"\b(" + "|".join(map(re.escape, names + extra)) + r")\b")

        # --- rates of the demo
        n_st = len(st)
        by_type = st["source_type"].value_counts()
        self.shares = {t: float(by_type.get(t, 0)) / n_st for t in
                       ("survey", "meeting", "workshop", "written")}
        self.merged_rate = float((st["status"] == "merged").mean())
        self.distinct_rate = float(st["text"].nunique() / n_st)
        exact = st.groupby("text")["text"].transform("size") > 1
        self.exact_copy_rate = float(1 - self.distinct_rate)
        self.near_rate = max(0.0, self.merged_rate - self.exact_copy_rate)
        _ = exact
        surv = rec[rec["source_type"] == "survey"]
        self.answers_per_respondent = float(len(surv) / max(surv["respondent_id"].nunique(), 1))
        rej = cl.rejects
        self.non_answer_rate = float((rej["reason_code"] == "non_answer").sum() / max(len(rec), 1))
        pii = st["text"].str.contains(r"\[(?:EMAIL|TELEFON|CPR)\]", regex=True)
        non_letter = st["source_type"] != "written"
        self.pii_rate = float(pii[non_letter].mean())
        raw_txt = rec.loc[rec["source_type"].isin(["survey", "workshop", "meeting"]), "text_raw"]
        self.mojibake_rate = float(raw_txt.str.contains("Ã", regex=False).mean())

        # --- text pools (cleaned, personal data already replaced: leave those out)
        ok = ~st["text"].str.contains(r"\[(?:EMAIL|TELEFON|CPR|NAVN)\]", regex=True)
        kept = st[ok]
        sents: set[str] = set()
        for t in kept.loc[kept["source_type"] != "workshop", "text"].unique():
            for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", str(t)):
                s = s.strip()
                if len(s) >= 25 and s[-1] in ".!?":
                    sents.add(re.sub(r"^[A-ZÆØÅ][\w .-]{1,40}: ", "", s))
        self.sentences = sorted(sents)
        ws = kept[kept["source_type"] == "workshop"]
        self.postits = sorted(set(ws["text"].astype(str)))
        heads = rec.loc[rec["source_type"] == "workshop"]
        self.boards = sorted(set(heads["question"].astype(str).str.split(" / ").str[-1])
                             - {""}) or ["Kollektiv trafik og mobilitet"]
        mh = rec.loc[rec["source_type"] == "meeting", "question"].astype(str)
        self.meeting_heads = sorted(set(mh.str.split(" / ").str[-1]) - {""}) or ["Drøftelse"]
        orgs = surv[["organisation_type_raw", "organisation"]].astype(str)
        self.org_types = orgs["organisation_type_raw"].tolist()
        self.orgs_by_type: dict[str, list[str]] = {}
        for t, o in orgs.itertuples(index=False):
            self.orgs_by_type.setdefault(t, []).append(o)

    def rates(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in {
            "share_survey": self.shares["survey"], "share_meeting": self.shares["meeting"],
            "share_workshop": self.shares["workshop"], "share_written": self.shares["written"],
            "merged_rate": self.merged_rate, "distinct_text_rate": self.distinct_rate,
            "non_answer_rate": self.non_answer_rate, "pii_rate_non_letters": self.pii_rate,
            "mojibake_rate": self.mojibake_rate,
            "answers_per_respondent": self.answers_per_respondent}.items()}


# --------------------------------------------------------------------------- text maker
class Texts:
    """Fresh variants, copies/campaigns, non-answers, PII and mojibake at the demo's rates."""

    def __init__(self, demo: Demo, rng: random.Random) -> None:
        self.d = demo
        self.rng = rng
        codes = [c for c, _ in demo.munis]
        order = list(range(len(codes)))
        # København first, then a seeded shuffle: uneven (Zipf-like) weights over all 29
        rest = order[1:]
        random.Random(11).shuffle(rest)
        order = [0] + rest
        self.muni_weights = [0.0] * len(codes)
        for rank, i in enumerate(order, start=1):
            self.muni_weights[i] = 1.0 / rank ** 0.9
        self.names = [n for _, n in demo.munis]
        self.codes = codes
        # exact copies make the distinct-text rate; near copies the rest of the merges
        self.p_exact = demo.exact_copy_rate
        self.p_near = demo.near_rate * 0.6 + 0.02
        self.history: dict[str, list[str]] = {}
        self.seen: set[str] = set()
        heads, tails = set(), set()
        for sent in demo.sentences:
            for sep in (", ", " og ", " men ", " – ", " så "):
                if sep in sent:
                    h, t = sent.split(sep, 1)
                    if len(h) > 12 and len(t) > 12:
                        heads.add(h)
                        tails.add(t)
        self.heads, self.tails = sorted(heads), sorted(tails)
        self.campaigns: dict[str, list[str]] = {}
        self.swaps = {}
        for a, b in SWAPS:
            self.swaps[a] = b
            self.swaps[b] = a
        self.swap_re = re.compile(r"\b(" + "|".join(map(re.escape, sorted(self.swaps, key=len,
                                                                           reverse=True)))
                                  + r")\b")

    # -- municipalities
    def muni(self) -> int:
        return self.rng.choices(range(len(self.codes)), weights=self.muni_weights)[0]

    def muni_name(self) -> str:
        return self.names[self.muni()]

    def muni_cell(self, i: int) -> str:
        name, code = self.names[i], self.codes[i]
        r = self.rng.random()
        if r < 0.10:
            return ""
        if r < 0.55:
            return name
        if r < 0.70:
            return f"{name} Kommune"
        if r < 0.78:
            return name.lower()
        if r < 0.84:
            return f"{name} kommune"
        if r < 0.87:
            return name.upper()
        if r < 0.90:
            return code
        if r < 0.93 and len(name) > 6:  # a typo the resolver has to cope with
            j = self.rng.randrange(2, len(name) - 1)
            return name[:j] + name[j + 1:]
        return name

    # -- variation
    def _vary_sentence(self, s: str) -> str:
        rng = self.rng
        s = self.d.muni_re.sub(lambda m: self.muni_name() if rng.random() < 0.7
                               else m.group(0), s)
        s = self.swap_re.sub(lambda m: self.swaps[m.group(0)] if rng.random() < 0.4
                             else m.group(0), s)
        return s

    def _typo(self, s: str) -> str:
        words = s.split(" ")
        cand = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
        if not cand:
            return s
        i = self.rng.choice(cand)
        w = words[i]
        j = self.rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:] if self.rng.random() < 0.6 \
            else w[:j] + w[j + 1:]
        return " ".join(words)

    def _fill(self, template: str, s: str) -> str:
        low = s[0].lower() + s[1:] if len(s) > 1 and s[1].islower() and \
            not self.d.muni_re.match(s) else s
        return template.format(s=low, S=s, m=self.muni_name(), m2=self.muni_name(),
                               y=self.rng.choice(["2026", "2027", "den kommende periode"]))

    def _sentence(self) -> str:
        """A demo sentence, varied; mostly two demo sentences' clauses recombined (the demo
        holds ~700 sentences; 100,000 statements need far more distinct material)."""
        rng = self.rng
        if rng.random() < 0.85:
            head = rng.choice(self.heads)
            tail = rng.choice(self.tails)
            sep = rng.choice((", ", " og ", ", men ", ", så "))
            return self._vary_sentence(f"{head}{sep}{tail}")
        return self._vary_sentence(rng.choice(self.d.sentences))

    def _unique(self, make) -> str:  # noqa: ANN001
        """A fresh text whose exact key was not produced before (a few tries)."""
        for _ in range(6):
            t = make()
            key = _key(t)
            if key not in self.seen:
                break
        self.seen.add(key)
        return t

    def fresh_long(self, k_weights: tuple[float, ...] = (0.55, 0.4, 0.05)) -> str:
        def make() -> str:
            rng = self.rng
            k = rng.choices((1, 2, 3), weights=k_weights)[0]
            parts = [self._sentence() for _ in range(k)]
            if rng.random() < 0.25:
                parts[0] = self._fill(rng.choice(OPENERS), parts[0])
            if rng.random() < 0.2:
                parts.append(self._fill(rng.choice(CLOSERS), ""))
            text = " ".join(parts)
            if rng.random() < 0.08:
                text = self._typo(text)
            return text
        return self._unique(make)

    def fresh_short(self) -> str:
        def make() -> str:
            rng = self.rng
            base = self._vary_sentence(rng.choice(self.d.postits))
            r = rng.random()
            if r < 0.5:
                base = base.rstrip(".!") + " " + self._fill(rng.choice(SHORT_MODS), "")
            elif r < 0.7:
                other = self._vary_sentence(rng.choice(self.d.postits)).rstrip(".!")
                base = base.rstrip(".!") + " og " + (other[0].lower() + other[1:]
                                                     if other[1:2].islower() else other)
            if rng.random() < 0.05:
                base = self._typo(base)
            return base
        return self._unique(make)

    def text(self, kind: str, short: bool = False) -> str:
        """One statement text of ``kind`` (survey/meeting/workshop/written)."""
        rng = self.rng
        hist = self.history.setdefault(kind, [])
        camp = self.campaigns.setdefault(kind, [])
        r = rng.random()
        if hist and r < self.p_exact:
            # a copy: half from a few campaigns that many send, half one-off copies
            if camp and rng.random() < 0.5:
                t = camp[min(int(rng.paretovariate(1.2)) - 1, len(camp) - 1)]
            else:
                t = rng.choice(hist)
            return t
        if hist and r < self.p_exact + self.p_near:
            t = rng.choice(camp) if camp and rng.random() < 0.5 else rng.choice(hist)
            if len(t) >= 30:
                return self._typo(t) if rng.random() < 0.5 else t.rstrip(".!") + "!"
            return t
        t = self.fresh_short() if short else self.fresh_long()
        hist.append(t)
        if rng.random() < 0.01 or not camp:
            camp.append(t)
        return t

    def survey_answer(self) -> str:
        rng = self.rng
        if rng.random() < self.d.non_answer_rate:
            return rng.choice(NON_ANSWERS)
        t = self.text("survey", short=rng.random() < 0.12)
        if rng.random() < self.d.pii_rate:
            t = t + " " + self.pii()
        if rng.random() < self.d.mojibake_rate:
            t = t.encode("utf-8").decode("cp1252", errors="replace")
        return t

    def pii(self) -> str:
        rng = self.rng
        f, la = rng.choice(FIRST), rng.choice(LAST)
        r = rng.random()
        if r < 0.4:
            return f"Kontakt mig gerne på {f.lower()}.{la.lower()}@example.dk."
        if r < 0.8:
            return f"Ring på {rng.randint(20, 99)} {rng.randint(10, 99)} " \
                   f"{rng.randint(10, 99)} {rng.randint(10, 99)} for uddybning."
        return f"Mit CPR er {rng.randint(10, 28):02d}{rng.randint(1, 12):02d}" \
               f"{rng.randint(50, 99)}-{rng.randint(1000, 9999)}."

    def person(self) -> tuple[str, str]:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}", self.rng.choice(TITLES)


# --------------------------------------------------------------------------- writers
def _normalise_zip(path: Path) -> None:
    """Fixed timestamps inside docx/xlsx so the same seed gives the same bytes."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>2026-01-15T12:00:00Z\3", data)
            zi = zipfile.ZipInfo(name, date_time=ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    path.write_bytes(buf.getvalue())


def _docx_props(doc, title: str) -> None:  # noqa: ANN001
    cp = doc.core_properties
    cp.author, cp.title = "benchmarks/generate.py (syntetisk)", title
    cp.created = cp.modified = cp.last_printed = FIXED_DT
    cp.revision = 1


def write_xlsx(path: Path, questions, rows) -> None:  # noqa: ANN001
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Besvarelser")
    ws.append(SURVEY_HEAD + [q for q, _ in questions])
    for r in rows:
        ws.append(r)
    wb.properties.created = wb.properties.modified = FIXED_DT
    wb.save(path)
    _normalise_zip(path)


def write_csv(path: Path, questions, rows) -> None:  # noqa: ANN001
    with open(path, "w", encoding="cp1252", errors="replace", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(SURVEY_HEAD + [q for q, _ in questions])
        for r in rows:
            w.writerow([v.strftime("%d-%m-%Y") if isinstance(v, dt.date) else v for v in r])


def write_meeting(path: Path, title: str, participants: list[str],
                  groups: list[tuple[str, list[str]]]) -> None:
    if path.suffix == ".md":
        lines = [f"# {title}", "", "## Deltagere", ""] + [f"- {p}" for p in participants]
        for head, items in groups:
            lines += ["", f"## {head}", ""] + [f"- {t}" for t in items]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
        return
    from docx import Document

    doc = Document()
    _docx_props(doc, title)
    h1, h2, bullet = (doc.styles[n] for n in ("Heading 1", "Heading 2", "List Bullet"))
    doc.add_paragraph(title, style=h1)
    doc.add_paragraph("Deltagere", style=h2)
    for p in participants:
        doc.add_paragraph(p, style=bullet)
    for head, items in groups:
        doc.add_paragraph(head, style=h2)
        for t in items:
            doc.add_paragraph(t, style=bullet)
    doc.save(path)
    _normalise_zip(path)


def write_letter(path: Path, org: str, greeting: str, body: list[str], sig: list[str]) -> None:
    if path.suffix == ".txt":
        path.write_text("\n\n".join([greeting, *body]) + "\n\n" + "\n".join(sig) + "\n",
                        encoding="utf-8", newline="\n")
        return
    if path.suffix == ".docx":
        from docx import Document

        doc = Document()
        _docx_props(doc, f"Høringssvar - {org}")
        for p in [greeting, *body, *[s for s in sig if s]]:
            doc.add_paragraph(p)
        doc.save(path)
        _normalise_zip(path)
        return
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DT.replace(tzinfo=dt.UTC))
    pdf.set_creator("benchmarks/generate.py")
    pdf.set_producer("benchmarks/generate.py")
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    # core font (latin-1 holds æøå): embedding DejaVu costs 0.3 s a file in fontTools
    pdf.set_font("Helvetica", size=11)

    def enc(s: str) -> str:
        return s.replace("–", "-").encode("latin-1", "replace").decode("latin-1")
    w = pdf.epw
    for p in [greeting, *body]:
        pdf.multi_cell(w, 6, enc(p), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    for line in sig:
        if line:
            pdf.multi_cell(w, 6, enc(line), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(4)
    pdf.output(str(path))


def _yq(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _ylist(items) -> str:  # noqa: ANN001
    return "[" + ", ".join(_yq(str(i)) for i in items) + "]"


# --------------------------------------------------------------------------- planning
def plan(n: int, d: Demo) -> dict[str, int]:
    """Statements per source type, and how many files of each kind."""
    sh = d.shares
    written = round(n * sh["written"])
    stmts_per_letter = 4.0
    letters = max(3, min(MAX_LETTERS, round(written / stmts_per_letter)))
    written = round(letters * stmts_per_letter)
    meeting = round(n * sh["meeting"])
    workshop = round(n * sh["workshop"])
    survey = max(0, n - written - meeting - workshop)
    return {"survey": survey, "meeting": meeting, "workshop": workshop, "written": written,
            "letters": letters}


def _split(total: int, per_file: int) -> list[int]:
    k = max(1, round(total / per_file))
    base, extra = divmod(total, k)
    return [base + (1 if i < extra else 0) for i in range(k)]


def generate(n: int, out: Path, seed: int = 7) -> dict:
    t0 = time.perf_counter()
    rng = random.Random(seed)
    demo = Demo()
    tx = Texts(demo, rng)
    p = plan(n, demo)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    sources: dict[str, list[str]] = {r[0]: [] for r in ROUNDS}
    invited: dict[str, set[str]] = {r[0]: set() for r in ROUNDS}
    counts: Counter[str] = Counter()
    files: Counter[str] = Counter()

    def rnd_of(i: int) -> tuple:
        return ROUNDS[i % len(ROUNDS)]

    def day(r: tuple) -> dt.date:
        span = (r[3] - r[2]).days
        return r[2] + dt.timedelta(days=rng.randrange(max(span, 1)))

    # -- surveys: respondents of ~3 answers; half xlsx, half csv
    apr = demo.answers_per_respondent
    p_answer = min(0.95, apr / 4)
    n_resp = max(4, round(p["survey"] / (4 * p_answer * (1 - demo.non_answer_rate))))
    per_file = max(60, n_resp // 20)
    rid = 100000
    for fi, nrows in enumerate(_split(n_resp, per_file)):
        r = rnd_of(fi)
        xlsx = fi % 2 == 0
        qs = Q_XLSX if xlsx else Q_CSV
        rows = []
        for _ in range(nrows):
            rid += rng.randint(1, 9)
            otype = rng.choice(demo.org_types)
            mi = tx.muni()
            if otype == "Kommune":
                org = f"{tx.names[mi]} Kommune, {rng.choice(DEPARTMENTS)}"
            else:
                org = rng.choice(demo.orgs_by_type.get(otype, [""]))
            answers = [tx.survey_answer() if rng.random() < p_answer else "" for _ in qs]
            counts["survey_answers"] += sum(1 for a in answers if a)
            date = day(r)
            rows.append([str(rid), date, tx.muni_cell(mi), otype, org,
                         *answers])
        name = f"spoergeskema_{fi + 1:03d}.{'xlsx' if xlsx else 'csv'}"
        (write_xlsx if xlsx else write_csv)(_mk(out / r[0]) / name, qs, rows)
        files["xlsx" if xlsx else "csv (survey)"] += 1
        cols = "\n".join(f"        {_yq(q)}: {qid}" for q, qid in qs)
        sources[r[0]].append(
            f"  - file: {name}\n    type: survey\n    name: {_yq('Spørgeskema ' + str(fi + 1))}\n"
            f"    date: {r[3]}\n    columns:\n      respondent_id: \"Respondent-ID\"\n"
            f"      date: \"Besvarelsesdato\"\n      municipality: \"Kommune\"\n"
            f"      organisation_type: \"Organisationstype\"\n      organisation: \"Organisation\"\n"
            f"      questions:\n{cols}\n" + ("    sheet: \"Besvarelser\"\n" if xlsx else ""))

    # -- meetings: ~37 bullets per file at small n, longer files at large n
    per_meeting = max(37, p["meeting"] // 200)
    for fi, nb in enumerate(_split(p["meeting"], per_meeting)):
        r = rnd_of(fi)
        docx = fi % 5 in (0, 2, 4) and files["docx (meeting)"] < MAX_MEETING_DOCX
        ext = "docx" if docx else "md"
        part_idx = sorted({tx.muni() for _ in range(rng.randint(5, 12))})
        participants = [f"{tx.names[i]} Kommune – {rng.choice(ROLES)}" for i in part_idx]
        participants += rng.sample(MEETING_ORGS, 3)
        speakers = [f"{tx.names[i]} Kommune" for i in part_idx] + \
                   [m.split(" – ")[0] for m in participants[len(part_idx):]]
        n_groups = max(2, nb // 12)
        groups = []
        left = nb
        for g in range(n_groups):
            k = left // (n_groups - g)
            left -= k
            items = []
            for _ in range(k):
                t = tx.text("meeting")
                if rng.random() < demo.mojibake_rate:
                    t = t.encode("utf-8").decode("cp1252", errors="replace")
                if rng.random() < 0.78:
                    t = f"{rng.choice(speakers)}: {t}"
                items.append(t)
            groups.append((f"{rng.choice(demo.meeting_heads)} ({g + 1})", items))
        counts["meeting_bullets"] += nb
        date = day(r)
        title = f"Dialogmøde {fi + 1}, {date:%d.%m.%Y}"
        name = f"referat_{fi + 1:03d}.{ext}"
        write_meeting(_mk(out / r[0]) / name, title, participants, groups)
        files[f"{ext} (meeting)"] += 1
        inv = sorted({tx.names[i] for i in part_idx} | {tx.muni_name() for _ in range(2)})
        invited[r[0]].update(inv)
        sources[r[0]].append(
            f"  - file: {name}\n    type: meeting\n    name: {_yq(title)}\n    date: {date}\n"
            f"    invited_municipalities: {_ylist(inv)}\n")

    # -- workshops: post-its, ~78 per sheet at small n
    per_ws = max(78, p["workshop"] // 100)
    for fi, nr in enumerate(_split(p["workshop"], per_ws)):
        r = rnd_of(fi)
        boards = rng.sample(demo.boards, min(len(demo.boards), 6))
        name = f"postits_{fi + 1:03d}.csv"
        with open(_mk(out / r[0]) / name, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["bord", "overskrift", "tekst", "kommune"])
            for _ in range(nr):
                b = rng.randrange(len(boards))
                t = tx.text("workshop", short=rng.random() < 0.75)
                if rng.random() < demo.mojibake_rate:
                    t = t.encode("utf-8").decode("cp1252", errors="replace")
                kom = tx.muni_cell(tx.muni()) if rng.random() < 0.7 else ""
                w.writerow([b + 1, boards[b], t, kom])
        counts["postits"] += nr
        files["csv (workshop)"] += 1
        date = day(r)
        sources[r[0]].append(
            f"  - file: {name}\n    type: workshop\n    name: {_yq(f'Workshop {fi + 1}')}\n"
            f"    date: {date}\n    invited_organisations: [\"DSB\", \"Movia\", \"Novafos\"]\n")

    # -- letters: greeting, 2-6 paragraphs (~4 statements), signature block with PII
    n_pdf = min(MAX_LETTER_PDF, round(p["letters"] * 5 / 17))
    n_docx = min(MAX_LETTER_DOCX, round(p["letters"] * 5 / 17))
    fmts = ["pdf"] * n_pdf + ["docx"] * n_docx + ["txt"] * (p["letters"] - n_pdf - n_docx)
    random.Random(seed + 1).shuffle(fmts)
    for fi, ext in enumerate(fmts):
        r = rnd_of(fi)
        if rng.random() < 0.45:
            mi = tx.muni()
            org, muni = f"{tx.names[mi]} Kommune", tx.names[mi]
        else:
            org, muni = rng.choice(LETTER_ORGS)[0], ""
        k = rng.choices((2, 3, 4, 5, 6), weights=(1, 2, 3, 2, 2))[0]
        body = []
        for _ in range(k):
            if rng.random() < 0.15:
                body.append(tx.text("written"))
            else:
                body.append(tx.fresh_long((0.0, 0.35, 0.65)))
        counts["letter_paragraphs"] += k
        person, title = tx.person()
        mail = person.lower().replace(" ", ".").replace("ø", "oe").replace("æ", "ae") \
            .replace("å", "aa") + "@example.dk"
        sig = ["Med venlig hilsen", "", person, title.capitalize(), org,
               f"Tlf.: {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
               f"{rng.randint(10, 99)}", f"E-mail: {mail}"]
        greeting = rng.choice(["Kære Region Hovedstaden", "Til Region Hovedstaden,",
                               "Kære udvalg for trafik og regional udvikling"])
        slug = re.sub(r"[^a-z0-9]+", "_", org.lower().translate(
            str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}))).strip("_")
        name = f"hoeringssvar_{fi + 1:04d}_{slug}.{ext}"
        write_letter(_mk(out / r[0]) / name, org, greeting, body, sig)
        files[f"{ext} (letter)"] += 1
        src = (f"  - file: {name}\n    type: written\n    name: {_yq('Høringssvar fra ' + org)}\n"
               f"    date: {r[3]}\n    organisation: {_yq(org)}\n")
        if muni:
            src += f"    municipality: {_yq(muni)}\n"
        sources[r[0]].append(src)

    # -- manifests: round 1 invites all 29; the later rounds leave some out
    all_names = [nm for _, nm in demo.munis]
    for i, (rid_, title, start, end) in enumerate(ROUNDS):
        if i == 0:
            inv_line = "[alle]"
        else:
            left_out = set(random.Random(seed + 10 + i).sample(all_names, 3))
            inv_line = _ylist([nm for nm in all_names if nm not in left_out])
        text = (f"# SYNTETISKE BENCHMARKDATA - genereret af benchmarks/generate.py "
                f"(n={n}, seed={seed}). Alt indhold er opdigtet.\n"
                f"round: {_yq(rid_)}\ntitle: {_yq(title)}\n"
                f"period: {{start: {start}, end: {end}}}\n"
                f"invited_municipalities: {inv_line}\n"
                f"invited_organisations: [\"DSB\", \"Movia\", \"Novafos\", \"HOFOR\", "
                f"\"Bygherreforeningen\", \"Dansk Industri\"]\nsources:\n"
                + "".join(sources[rid_]))
        (_mk(out / rid_) / "manifest.yaml").write_text(text, encoding="utf-8")
    info = {"n_target": n, "seed": seed, "plan": p, "units_written": dict(counts),
            "files": dict(files), "n_files": int(sum(files.values())),
            "demo_rates": demo.rates(), "seconds": round(time.perf_counter() - t0, 1),
            "caps": {"letters": MAX_LETTERS, "letter_docx": MAX_LETTER_DOCX,
                     "letter_pdf": MAX_LETTER_PDF, "meeting_docx": MAX_MEETING_DOCX}}
    (out / "generated.json").write_text(json.dumps(info, ensure_ascii=False, indent=2),
                                        encoding="utf-8")
    return info


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _mk(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, required=True, help="target number of statements")
    ap.add_argument("--out", type=Path, required=True, help="output collection folder")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    info = generate(a.n, a.out, a.seed)
    print(json.dumps({k: info[k] for k in ("n_target", "plan", "files", "n_files", "seconds")},
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
