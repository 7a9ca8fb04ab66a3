"""The project's own key for voice ids, kept with the analyst's state (``paths.state``).

Why: a ``voice_id`` is a keyed hash of what defines a voice, and for a named meeting
participant that includes the name (``person:``, round, file, name; see
``clean/voices.py``). With the key that ships in the code, anyone holding the workbook
and a guess ("was it Jens Hansen at the dialogue meeting?") could compute the id and
confirm it: a pseudonym only while the key is secret. So each project draws its own
random key on its first run and keeps it in ``<paths.state>/voice_key`` (readable by its
owner only, next to the theme registry and the overrides, never in ``data/processed`` or
a report). The same key gives the same ids run after run; a project that loses the file
gets new ids on its next run (counts do not change, only the pseudonyms).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import tempfile
from pathlib import Path

KEY_FILE = "voice_key"
KEY_BYTES = 32   # blake2b takes keys of up to 64 bytes


def _create(path: Path, text: str) -> None:
    """Write ``path`` once, owner-only: a unique temporary file (threads of one process
    and other processes alike) linked into place, so a reader never sees half a key and
    the first writer wins; where hard links are not supported, an exclusive create."""
    fd, tmp = tempfile.mkstemp(prefix=f".{KEY_FILE}.", dir=path.parent)   # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(text)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass                      # another run made it first: its key is the key
        except OSError:               # no hard links on this file system
            try:
                fd2 = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return
            with os.fdopen(fd2, "w", encoding="ascii") as f:
                f.write(text)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def project_voice_key(state: Path) -> bytes:
    """The key in ``state/voice_key``; created (atomically, mode 0600) when missing, so
    two runs starting at once end up with the same key."""
    path = Path(state) / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file():
        _create(path, secrets.token_hex(KEY_BYTES) + "\n")
    text = path.read_text(encoding="ascii").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if not 16 <= len(key) <= 64:
        raise ValueError(f"{path}: not a voice key (expected {2 * KEY_BYTES} hex digits); "
                         "restore it from the project's backup, or delete it to start new "
                         "voice ids (counts stay the same)")
    return key


def key_id(key: bytes) -> str:
    """A short public name of a key (a domain-separated hash: it tells two keys apart and
    says nothing about the key), stored in the run's fingerprint so that tables written
    with another key, whose voice ids differ, are not reused."""
    return hashlib.blake2b(b"rus_analysis voice key id", key=key, digest_size=8).hexdigest()
