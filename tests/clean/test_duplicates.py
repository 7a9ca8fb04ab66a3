"""Duplicate and campaign groups: one representative, members kept as merged."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd

from rus_analysis.clean.duplicates import DUP_COLUMNS, exact_key, find_duplicates, near_duplicate_pairs

CAMPAIGN = ("Vi er en gruppe borgere i Halsnæs, der er dybt bekymrede over forringelserne af "
            "den kollektive trafik. Lokalbanen mellem Hillerød og Hundested er livsnerven for "
            "vores område, og omlægningen af de regionale busser har gjort det sværere at komme "
            "på arbejde og til sygehuset. Vi opfordrer regionen til at sikre halvtimesdrift.")


def frame(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"statement_id": [f"s{i:05d}:00" for i in range(len(texts))],
                         "text": texts, "voice_id": [f"v{i}" for i in range(len(texts))]})


def test_exact_key_ignores_case_punctuation_whitespace() -> None:
    assert exact_key("Flere  busser, tak!") == exact_key("flere busser tak")
    assert exact_key("Ærø") != exact_key("aero")


def test_exact_group_representative_and_members() -> None:
    out, groups = find_duplicates(frame(["Flere busser!", "Grundvand", "flere   BUSSER"]), 0.85)
    g = out.set_index("statement_id")
    assert g.loc["s00000:00", "dup_group"] == g.loc["s00002:00", "dup_group"] == "dup:s00000:00"
    assert g.loc["s00000:00", "status"] == "kept" and g.loc["s00002:00", "status"] == "merged"
    assert bool(g.loc["s00000:00", "is_representative"]) is True
    assert bool(g.loc["s00002:00", "is_representative"]) is False
    assert g.loc["s00002:00", "dup_count"] == 2
    # two senders of the same text are not a campaign: each keeps its own voice
    assert (g.loc["s00000:00", "voice_id"], g.loc["s00002:00", "voice_id"]) == ("v0", "v2")
    # singleton keeps its own voice and group
    assert g.loc["s00001:00", "voice_id"] == "v1"
    assert g.loc["s00001:00", "dup_group"] == "s00001:00"
    assert g.loc["s00001:00", "dup_count"] == 1
    assert list(groups.columns) == list(DUP_COLUMNS)
    assert groups.iloc[0].to_dict() == {"dup_group": "dup:s00000:00",
                                        "representative": "s00000:00", "dup_count": 2,
                                        "kind": "exact", "members": "s00000:00;s00002:00",
                                        "name": "", "senders": 2}


def test_the_same_sender_twice_is_a_duplicate_not_a_campaign() -> None:
    df = frame(["Flere busser til Helsinge om aftenen, tak.", "Flere busser til Helsinge "
                "om aftenen, tak!", "Flere busser til Helsinge om aftenen tak"])
    df["voice_id"] = ["org:dsb", "org:dsb", "org:dsb"]
    out, groups = find_duplicates(df, 0.85)
    assert groups.iloc[0]["kind"] == "exact" and groups.iloc[0]["senders"] == 1
    assert set(out["voice_id"]) == {"org:dsb"}


def test_campaign_variants_form_one_near_group() -> None:
    variants = [CAMPAIGN,
                CAMPAIGN.replace("sværere", "svære"),
                CAMPAIGN.replace("livsnerven", "livsnerve").replace("kollektive", "kolektive"),
                CAMPAIGN.replace("halvtimesdrift", "kvarterdrift i myldretiden")]
    others = ["Grundvandet skal beskyttes mod pesticider fra landbruget og byerne.",
              "Der mangler faglærte i byggeriet og praktikpladser til de unge."]
    out, groups = find_duplicates(frame(variants + others), 0.85)
    assert len(groups) == 1
    # four senders of one text: a campaign, named, one voice with its copy count
    g = groups.iloc[0]
    assert g["dup_count"] == 4 and g["kind"] == "campaign" and g["senders"] == 4
    assert g["name"].startswith("Kampagne: 'Vi er en gruppe")
    assert (out["status"] == "merged").sum() == 3
    camp = out[out["dup_group"] == g["dup_group"]]
    assert set(camp["voice_id"]) == {f"campaign:{g['representative']}"}


def test_unrelated_texts_not_grouped() -> None:
    texts = ["Flere busser mellem Helsinge og Hillerød om aftenen og i weekenden.",
             "Flere cykelstier mellem Helsinge og Hillerød langs landevejen.",
             "Grundvandet i Nordsjælland skal beskyttes bedre mod pesticider.",
             "Vi mangler uddannede sygeplejersker på hospitalerne i hele regionen."]
    out, groups = find_duplicates(frame(texts), 0.85)
    assert len(groups) == 0 and (out["status"] == "kept").all()


def test_result_independent_of_row_order() -> None:
    texts = [CAMPAIGN, "Mere bus", CAMPAIGN.replace("sværere", "svære"), "mere bus!", "Vand"]
    a, ga = find_duplicates(frame(texts), 0.85)
    b, gb = find_duplicates(frame(texts).sample(frac=1, random_state=7), 0.85)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(ga, gb)


def test_empty_and_punctuation_only_texts() -> None:
    out, groups = find_duplicates(frame([]), 0.85)
    assert len(out) == 0 and len(groups) == 0
    out, groups = find_duplicates(frame(["?!", "..."]), 0.85)
    assert len(groups) == 0      # no words: never one group


def test_near_duplicate_pairs_threshold() -> None:
    a = CAMPAIGN
    b = CAMPAIGN.replace("sværere", "svære")
    assert len(near_duplicate_pairs([a, b], 0.85)) == 1
    assert len(near_duplicate_pairs([a, "Noget helt andet om grundvand og jord her."], 0.5)) == 0


def _zipf_texts(n: int, seed: int) -> list[str]:
    """Distinct texts over a Zipf-distributed vocabulary, like real statements: frequent
    function words, rarer content words."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnoprstuvyæøå"))
    vocab = ["".join(rng.choice(letters, size=rng.integers(2, 10))) for _ in range(5000)]
    ranks = np.arange(1, len(vocab) + 1)
    prob = (1 / ranks) / (1 / ranks).sum()
    lengths = rng.integers(6, 40, size=n)
    words = rng.choice(len(vocab), size=int(lengths.sum()), p=prob)
    out, pos = [], 0
    for k in lengths:
        out.append(" ".join(vocab[w] for w in words[pos:pos + k]))
        pos += k
    return out


def test_scales_without_dense_matrix() -> None:
    """10,000 statements with campaigns: every campaign copy found (the time of this and
    of the 100,000-statement run is in benchmarks/ingest_clean_throughput.md)."""
    rnd = random.Random(3)
    texts = _zipf_texts(10_000, seed=5)
    for i in range(0, 10_000, 100):
        texts[i] = CAMPAIGN.replace("sværere", rnd.choice(["svære", "sværere", "svært"]))
    out, groups = find_duplicates(frame(texts), 0.85)  # timed in benchmarks/, not here
    camp = out[out["text"].str.startswith("Vi er en gruppe")]
    assert camp["dup_group"].nunique() == 1 and len(camp) == 100
    assert (camp["status"] == "merged").sum() == 99
    assert np.all(out["dup_count"] >= 1)


def test_minhash_signatures_equal_hashing_every_occurrence() -> None:
    """The table lookup in _signatures gives the values of hashing each occurrence."""
    from rus_analysis.clean.duplicates import _PRIME, N_HASHES, _signatures

    rng = np.random.default_rng(1)
    counts = rng.integers(1, 30, size=200)
    ids = rng.integers(0, 5_000, size=int(counts.sum())).astype(np.int32)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    a = rng.integers(1, int(_PRIME) - 1, size=N_HASHES, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME) - 1, size=N_HASHES, dtype=np.uint64)
    naive = np.stack([np.minimum.reduceat((a[k] * ids.astype(np.uint64) + b[k]) % _PRIME, starts)
                      for k in range(N_HASHES)], axis=1)
    assert np.array_equal(_signatures(ids, starts, a, b), naive)
