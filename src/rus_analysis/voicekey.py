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
import os
import secrets
from pathlib import Path

KEY_FILE = "voice_key"
KEY_BYTES = 32   # blake2b takes keys of up to 64 bytes


def project_voice_key(state: Path) -> bytes:
    """The key in ``state/voice_key``; created (atomically, mode 0600) when missing, so
    two runs starting at once end up with the same key."""
    path = Path(state) / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file():
        key = secrets.token_hex(KEY_BYTES)
        tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key + "\n")
        try:
            os.link(tmp, path)   # fails if another run created it first: theirs wins
        except FileExistsError:
            pass
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
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
