"""Is a line of a participant section an entry of the list, or a sentence of the minutes?

Why a module of its own: a participant section runs to the next heading, and minutes
often go on with the discussion below the list with no heading between. Whatever is
taken for an entry becomes attendance (the municipality "attended") and is lost as a
statement, so the test decides both what the meeting said and who was there. An entry
names someone ("Gribskov Kommune – borgmester", "Mette Holm (Gribskov Kommune)",
"Søren Nielsen, enhedschef, Region Hovedstaden"); it says nothing: it has no finite verb,
no "at"-clause, no clause after a comma ("..., især om aftenen") and is not a long
sentence.
"""

from __future__ import annotations

import re

# "pegede på, at ...": a clause; a participant entry names someone, it says nothing
CLAUSE = re.compile(r"\bat\b")
# the finite verbs minutes report with ("Halsnæs Kommune savnede flere busser"), the
# auxiliaries and "ikke"; lower case only: a name or an organisation is capitalised
FINITE_VERB = re.compile(
    r"\b(?:er|var|har|havde|skal|skulle|kan|kunne|vil|ville|bør|burde|må|måtte|blev|"
    r"bliver|får|fik|gør|gjorde|ser|så|sagde|siger|mener|mente|ønsker|ønskede|foreslår|"
    r"foreslog|peger|pegede|savner|savnede|mangler|manglede|fremhæver|fremhævede|"
    r"understreger|understregede|efterlyser|efterlyste|påpeger|påpegede|nævner|nævnte|"
    r"spørger|spurgte|tilføjer|tilføjede|støtter|støttede|bakker|bakkede|opfordrer|"
    r"opfordrede|oplever|oplevede|gav|giver|ikke|[a-zæøå]{3,}ede)\b")
# a part after a comma that opens a clause or an adverbial ("..., især om aftenen"),
# never a name or a role ("..., enhedschef, Region Hovedstaden")
CLAUSE_PART = re.compile(
    r"(?i)^(?:især|også|men|og|dog|fx|f\.eks\.|bl\.a\.|blandt|både|hvor|hvis|som|der|når|"
    r"fordi|selvom|mens|da|så|om|i|på|til|fra|med|uden|efter|under|ved|for|mod|hvilket)\b")
MAX_ENTRY_WORDS = 12          # "Region Hovedstaden – formand for Udvalget for trafik ..."
MAX_BARE_ENTRY_WORDS = 6      # an entry without a dash, comma or bracket is a name
MAX_SENTENCE_ENTRY_WORDS = 6  # "Søren Nielsen, enhedschef, Region Hovedstaden."


def looks_like_list_entry(line: str) -> bool:
    """True for a line of a participant list ("Gribskov Kommune – borgmester", "Mette Holm
    (Gribskov Kommune)"), False for a sentence.

    Why: "Gribskov Kommune pegede på, at ..." made Gribskov attend, and "Halsnæs Kommune
    savnede flere busser, især om aftenen." was lost as a statement and made the
    organisations "Halsnæs Kommune savnede flere busser" and "især om aftenen" attend:
    a comma alone made a line "structured". Words in brackets ("(Gribskov Kommune, er
    referent)") are the entry's annotation and are not tested.
    """
    t = " ".join(line.split()).rstrip(";")
    if not t or t.endswith(":") or CLAUSE.search(t):
        return False
    bare = re.sub(r"\([^()]*\)", " ", t)
    n = len(bare.split())
    structured = bool(re.search(r"[,–—(]|\s-\s", t))
    if n > MAX_ENTRY_WORDS or (not structured and n > MAX_BARE_ENTRY_WORDS):
        return False
    if FINITE_VERB.search(bare):
        return False
    sentence = t.endswith((".", "!", "?"))
    if sentence and n > MAX_SENTENCE_ENTRY_WORDS:
        return False
    if any(CLAUSE_PART.match(p.strip()) for p in bare.split(",")[1:]):
        return False
    return structured or n < 3 or not sentence
