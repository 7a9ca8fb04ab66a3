"""Duplicate and campaign detection: exact groups and near-duplicate groups.

Why: a campaign (the same letter sent by 300 people, a post-it copied onto every board)
must count once in theme discovery, or the themes describe the campaign, not the input.
But the members must not disappear: the committee wants to see that 300 people said it.
So each group keeps one representative and the others stay as "merged" statements.

How, in about O(n log n): exact groups by a normalised key (casefold, no punctuation or
whitespace); then among the remaining distinct texts, MinHash signatures over character
5-grams with locality-sensitive hashing give candidate pairs, and only candidates are
checked with the real measure, cosine similarity of character 3-5-gram TF-IDF vectors
(idf damped to its square root; see ``char_ngram_tfidf``).
Groups are the connected components of the accepted pairs. No n x n matrix is formed,
so 100,000 statements fit in memory and minutes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

DUP_COLUMNS: tuple[str, ...] = (
    "dup_group", "representative", "dup_count", "kind", "members", "name", "senders",
)
# the same text from this many senders (voices) is a campaign, not a duplicate
CAMPAIGN_MIN_SENDERS = 3
# ... and a letter-like text: "Bevar busserne!" from four respondents is four voices
CAMPAIGN_MIN_CHARS = 150
CAMPAIGN_NAME_WORDS = 8
MIN_NEAR_CHARS = 30          # shorter texts only join exact groups
N_HASHES = 63                # MinHash permutations
BAND_ROWS = 3                # rows per LSH band: 21 bands of 3 (P >= 0.94 at Jaccard 0.5)
MIN_EST_JACCARD = 0.25       # campaign variants at cosine 0.85 have Jaccard ~0.6-0.7
_PRIME = np.uint64(2_147_483_647)
_SEED = 2024

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def exact_key(text: str) -> str:
    """Key under which two texts are the same: casefold, NFKC, punctuation and spaces out."""
    t = unicodedata.normalize("NFKC", str(text)).casefold()
    return _NON_WORD.sub("", t)


def _near_text(text: str) -> str:
    t = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(_NON_WORD.sub(" ", t).split())


def _minhash_candidates(X, lengths: np.ndarray) -> np.ndarray:  # noqa: ANN001 - sparse
    """Candidate pairs (i, j) from MinHash LSH over each row's 5-gram feature ids."""
    n = X.shape[0]
    X = X.tocsr()
    five = lengths[X.indices] == 5
    indptr = np.concatenate([[0], np.cumsum(np.add.reduceat(five.astype(np.int64),
                                                              X.indptr[:-1])
                                             if X.nnz else np.zeros(n, np.int64))])
    # rows with no entries make reduceat misbehave: fix their counts to 0
    row_nnz = np.diff(X.indptr)
    counts = np.diff(indptr)
    counts[row_nnz == 0] = 0
    indptr = np.concatenate([[0], np.cumsum(counts)])
    ids = X.indices[five]
    has = counts > 0
    if not has.any():
        return np.empty((0, 2), dtype=np.int64)
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, int(_PRIME) - 1, size=N_HASHES, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME) - 1, size=N_HASHES, dtype=np.uint64)
    sig = _signatures(ids, indptr[:-1][has], a, b)
    rows = np.flatnonzero(has)
    pairs: list[np.ndarray] = []
    for band in range(N_HASHES // BAND_ROWS):
        part = sig[:, band * BAND_ROWS:(band + 1) * BAND_ROWS]
        # one 64-bit bucket key per row for this band
        key = np.zeros(len(rows), dtype=np.uint64)
        for c in range(part.shape[1]):
            key = key * np.uint64(1_000_003) + part[:, c]
        order = np.lexsort((rows, key))
        k_sorted, r_sorted = key[order], rows[order]
        same = k_sorted[1:] == k_sorted[:-1]
        if not same.any():
            continue
        # chain edges between neighbours in a bucket, plus a star to the bucket's first
        # member: O(bucket size) checks, yet a whole campaign ends up connected
        pairs.append(np.stack([r_sorted[:-1][same], r_sorted[1:][same]], axis=1))
        first_idx = np.maximum.accumulate(np.where(np.concatenate([[True], ~same]),
                                                   np.arange(len(k_sorted)), 0))
        star = np.stack([r_sorted[first_idx], r_sorted], axis=1)
        star = star[star[:, 0] != star[:, 1]]
        pairs.append(star)
    if not pairs:
        return np.empty((0, 2), dtype=np.int64)
    allp = np.concatenate(pairs).astype(np.int64)
    allp.sort(axis=1)
    # distinct pairs in (i, j) order via one int64 key (np.unique(axis=0) sorts rows
    # as structured records, several times slower)
    key = np.unique(allp[:, 0] * np.int64(n) + allp[:, 1])
    allp = np.stack([key // n, key % n], axis=1)
    # cheap pre-filter: the share of equal signature entries estimates the Jaccard
    # similarity; pairs far below any near-duplicate are not worth a cosine
    pos = np.full(n, -1, dtype=np.int64)
    pos[rows] = np.arange(len(rows))
    keep = np.empty(len(allp), dtype=bool)
    for s in range(0, len(allp), 100_000):
        a, b = pos[allp[s:s + 100_000, 0]], pos[allp[s:s + 100_000, 1]]
        keep[s:s + 100_000] = (sig[a] == sig[b]).mean(axis=1) >= MIN_EST_JACCARD
    return allp[keep]


def _signatures(ids: np.ndarray, starts: np.ndarray, a: np.ndarray, b: np.ndarray
                ) -> np.ndarray:
    """MinHash signature (N_HASHES minima) of each row's feature ids, rows starting at ``starts``.

    The hash of a feature depends on the feature only, so each hash function is
    evaluated once per distinct feature (a small table that stays in the CPU cache) and
    looked up per occurrence: the same values as hashing every occurrence, without a
    64-bit modulo per occurrence and hash function (2.5x faster at 100,000 statements).
    """
    present = np.zeros(int(ids.max()) + 1 if len(ids) else 0, dtype=bool)
    present[ids] = True
    feats = np.flatnonzero(present).astype(np.uint64)
    local = (np.cumsum(present) - 1)[ids]
    sig = np.empty((len(starts), N_HASHES), dtype=np.uint64)
    for k in range(N_HASHES):
        table = (a[k] * feats + b[k]) % _PRIME
        sig[:, k] = np.minimum.reduceat(table[local], starts)
    return sig


def _cosine(X, pairs: np.ndarray, chunk: int = 10_000) -> np.ndarray:  # noqa: ANN001
    """Cosine (dot product of the L2 rows) of every pair of rows of CSR ``X``.

    Chunks of 10,000 pairs: each chunk gathers two copies of the rows it needs, and at
    200,000 pairs a chunk those copies were ~1 GB each at 100,000 statements (the clean
    stage's memory peak) and twice as slow for falling out of the CPU caches. The
    arithmetic per pair is unchanged, so the similarities are the same to the bit.
    """
    out = np.empty(len(pairs), dtype=np.float64)
    for s in range(0, len(pairs), chunk):
        p = pairs[s:s + chunk]
        out[s:s + chunk] = np.asarray(X[p[:, 0]].multiply(X[p[:, 1]]).sum(axis=1)).ravel()
    return out


def char_ngram_tfidf(texts: list[str], ns: tuple[int, ...] = (3, 4, 5)
                     ) -> tuple[csr_matrix, np.ndarray]:
    """Character n-gram TF-IDF (sublinear tf, square-root idf, L2 rows), vectorised.

    Why not sklearn's TfidfVectorizer: its character analyser runs per text in Python
    and dominated the run time (~10 s per 20,000 statements). Here all texts become one
    array of code points and every n-gram a 64-bit rolling hash, so the work is a few
    numpy passes and one sort. Hash collisions (2^-64) are negligible. Returns the matrix
    and the n-gram length of every column (MinHash uses the 5-grams).
    """
    n = len(texts)
    padded = [f" {t} " for t in texts]
    lens = np.fromiter((len(t) for t in padded), dtype=np.int64, count=n)
    joined = "\x00".join(padded)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    del joined
    doc = np.repeat(np.arange(n, dtype=np.int32), lens + 1)[: len(codes)]
    doc[np.cumsum(lens + 1)[:-1] - 1] = -1          # the separators belong to no text
    # One pass per n-gram length; the hashes go straight into one preallocated array
    # (int32 rows), so the peak is a few arrays of the corpus size, not a dozen.
    masks = []
    for k in ns:
        m = len(codes) - k + 1
        masks.append(((doc[:m] >= 0) & (doc[:m] == doc[k - 1:k - 1 + m])) if m > 0
                     else np.zeros(0, dtype=bool))
    sizes = [int(ok.sum()) for ok in masks]
    total = sum(sizes)
    if total == 0:
        return csr_matrix((n, 0), dtype=np.float32), np.zeros(0, dtype=np.int8)
    hcat = np.empty(total, dtype=np.uint64)
    r = np.empty(total, dtype=np.int32)
    ends = np.cumsum(sizes)
    for k, ok, end, size in zip(ns, masks, ends, sizes, strict=True):
        if size == 0:
            continue
        m = len(ok)
        h = np.full(m, np.uint64(k), dtype=np.uint64)
        for j in range(k):
            h *= np.uint64(1_000_003)
            h += codes[j:j + m]
        hcat[end - size:end] = h[ok]
        r[end - size:end] = doc[:m][ok]
        del h
    del codes, doc, masks
    # Column = rank of the hash among the distinct hashes (what np.unique's inverse was).
    # A hash table (pandas.factorize) over ~10^5 distinct n-grams is linear, where a
    # stable sort of all ~3 x corpus-length hashes was the slowest step here.
    codes_first, uniq = pd.factorize(hcat, sort=False)
    del hcat
    order = np.argsort(uniq, kind="stable")
    rank = np.empty(len(uniq), dtype=np.int32)
    rank[order] = np.arange(len(uniq), dtype=np.int32)
    col = rank[codes_first]
    # n-gram length of each column = that of its first occurrence; factorize numbers
    # codes by first occurrence and the lengths come in blocks (ns order), so a code's
    # first occurrence lies in the block where the running maximum code first reaches it
    klen_code = np.empty(len(uniq), dtype=np.int8)
    seen = 0
    for k, end, size in zip(ns, ends, sizes, strict=True):
        if size == 0:
            continue
        top = int(codes_first[end - size:end].max()) + 1
        if top > seen:
            klen_code[seen:top] = k
            seen = top
    del codes_first
    X = coo_matrix((np.ones(len(r), dtype=np.float32), (r, col)),
                   shape=(n, len(uniq))).tocsr()
    del r, col
    X.sum_duplicates()
    X.data = 1.0 + np.log(X.data)
    df = np.bincount(X.indices, minlength=X.shape[1])
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    # square-root idf: a campaign's own variant wording is rare by construction, and
    # full idf would push the variants of one campaign apart. Scaling .data in place is
    # the same float32 products as X.multiply(...) without its copies of the matrix.
    X.data *= np.sqrt(idf).astype(np.float32)[X.indices]
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    X.data *= np.repeat(1.0 / norms, np.diff(X.indptr))
    return X, klen_code[order]


def near_duplicate_pairs(texts: list[str], threshold: float) -> np.ndarray:
    """Pairs of indices into ``texts`` with character 3-5-gram cosine >= threshold."""
    idx = [i for i, t in enumerate(texts) if len(t) >= MIN_NEAR_CHARS]
    if len(idx) < 2:
        return np.empty((0, 2), dtype=np.int64)
    X, lengths = char_ngram_tfidf([texts[i] for i in idx])
    cand = _minhash_candidates(X, lengths.astype(np.int64))
    if len(cand) == 0:
        return cand
    sims = _cosine(X, cand)
    keep = cand[sims >= threshold - 1e-6]
    return np.asarray(idx, dtype=np.int64)[keep]


def campaign_name(text: str) -> str:
    """A campaign's name: the first words of its text ("Kampagne: 'Alle er en del af …'")."""
    words = str(text).split()
    head = " ".join(words[:CAMPAIGN_NAME_WORDS])
    return f"Kampagne: '{head}{' …' if len(words) > CAMPAIGN_NAME_WORDS else ''}'"


def canonical_rank(texts: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Rank of every text in the order of (BLAKE2 hash of its NFC text, id).

    Why a hash of the text and not the id: ids come from locators (file and row), so
    sorting by id makes the row order of a file decide which wording represents a
    duplicate group, and through it the themes. A stable hash (not Python's salted
    ``hash``) orders texts the same in every process and run; the id only breaks ties
    between identical texts, which then read the same whichever is chosen.
    """
    digest = [hashlib.blake2b(unicodedata.normalize("NFC", str(t)).encode("utf-8"),
                              digest_size=8).hexdigest() for t in texts]
    order = np.lexsort((np.asarray(ids, dtype=str), np.asarray(digest)))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def find_duplicates(statements: pd.DataFrame, threshold: float
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add dup_group, dup_count, is_representative, status (and a campaign's voice).

    ``statements`` needs statement_id, text and voice_id. The representative of a group is
    its first member in ``canonical_rank`` order (text hash, then statement_id), so the
    same texts give the same representative texts in any row order (a statement_id is a
    hash of the row's locator and changes when rows are reordered). A group
    of a letter-like text (``CAMPAIGN_MIN_CHARS``) whose members come from
    ``CAMPAIGN_MIN_SENDERS`` or more voices is a campaign (kind ``campaign``, with a
    name): its members share one voice. Other groups (the same
    letter sent twice, a post-it copied) keep each member's own voice. Returns the
    statements sorted by statement_id with the duplicate columns filled in, and one row
    per group of two or more (DUP_COLUMNS).
    """
    df = statements.sort_values("statement_id", kind="stable").reset_index(drop=True)
    n = len(df)
    if n == 0:
        out = df.assign(dup_group=pd.Series(dtype="string"),
                        dup_count=pd.Series(dtype="int64"),
                        is_representative=pd.Series(dtype="bool"),
                        status=pd.Series(dtype="string"))
        return out, pd.DataFrame({c: pd.Series(dtype="object") for c in DUP_COLUMNS})
    texts = df["text"].astype(str)
    sid = df["statement_id"].astype(str).to_numpy()
    # canonical order: by a hash of the text, then the id; every choice below (the text a
    # key is matched on, the numbering of keys, the representative) follows it, so the
    # same texts give the same groups and representatives in any row order
    rank = canonical_rank(texts.to_numpy(), sid)
    canon = np.argsort(rank)
    keys = texts.map(exact_key)
    # a text with no word characters has no meaningful key: it is its own group
    keys = keys.where(keys != "", "\x00" + df["statement_id"].astype(str))
    codes_canon, uniques = pd.factorize(keys.to_numpy()[canon], sort=False)
    key_codes = np.empty(n, dtype=np.int64)
    key_codes[canon] = codes_canon
    n_keys = len(uniques)
    # first text of every key in canonical order, for near-duplicate matching
    first_pos = canon[pd.Series(np.arange(n)).groupby(codes_canon).min().to_numpy()]
    unique_texts = [_near_text(t) for t in texts.to_numpy()[first_pos]]
    pairs = near_duplicate_pairs(unique_texts, threshold)
    if len(pairs):
        graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])),
                           shape=(n_keys, n_keys))
        _, comp_of_key = connected_components(graph, directed=False)
    else:
        comp_of_key = np.arange(n_keys)
    comp = comp_of_key[key_codes]
    pos = np.arange(n)
    rep_pos = canon[pd.Series(rank).groupby(comp).transform("min").to_numpy()]
    size = pd.Series(pos).groupby(comp).transform("size").to_numpy()
    n_keys_in_comp = pd.Series(key_codes).groupby(comp).transform("nunique").to_numpy()
    rep_sid = sid[rep_pos]
    grouped = size > 1
    group_id = np.where(grouped, np.char.add("dup:", rep_sid.astype(str)), sid)
    is_rep = pos == rep_pos
    df["dup_group"] = pd.array(group_id, dtype="string")
    df["dup_count"] = size.astype("int64")
    df["is_representative"] = is_rep
    df["status"] = pd.array(np.where(is_rep, "kept", "merged"), dtype="string")
    senders = pd.Series(df["voice_id"].astype(str).to_numpy()).groupby(comp).transform(
        "nunique").to_numpy()
    rep_len = texts.str.len().to_numpy()[rep_pos]
    campaign = grouped & (senders >= CAMPAIGN_MIN_SENDERS) & (rep_len >= CAMPAIGN_MIN_CHARS)
    campaign_voice = np.char.add("campaign:", rep_sid.astype(str))
    df["voice_id"] = pd.array(np.where(campaign, campaign_voice, df["voice_id"].astype(str)),
                              dtype="string")
    g = df.loc[grouped, ["dup_group", "statement_id"]].copy()
    g["kind"] = np.where(campaign[grouped], "campaign",
                         np.where(n_keys_in_comp[grouped] > 1, "near", "exact"))
    g["senders"] = senders[grouped]
    g["rep_text"] = texts.to_numpy()[rep_pos[grouped]]
    g["rep_sid"] = rep_sid[grouped]
    groups = (g.groupby("dup_group", sort=True)
              .agg(representative=("rep_sid", "first"),
                   dup_count=("statement_id", "size"),
                   kind=("kind", "first"),
                   members=("statement_id", lambda s: ";".join(sorted(s))),
                   senders=("senders", "first"),
                   rep_text=("rep_text", "first"))
              .reset_index())
    groups["name"] = np.where(groups["kind"] == "campaign",
                              groups["rep_text"].map(campaign_name), "")
    groups["senders"] = groups["senders"].astype("int64")
    return df, groups[list(DUP_COLUMNS)]
