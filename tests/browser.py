"""Headless Chromium for tests: open a report as a committee member would, offline.

The flags keep Chromium off the network entirely (no background services, every host
name resolves to nothing, any proxy connection refused), so a chart that needs a CDN
shows up as a chart that did not render.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def dump_dom(html_path: Path, budget_ms: int = 20000, timeout: int = 180) -> str:
    """The DOM after scripts ran (what the reader sees), with the network off."""
    exe = chromium()
    if exe is None:
        raise RuntimeError("Chromium is not installed: `apt-get install chromium` (CI does this)")
    with tempfile.TemporaryDirectory() as profile:
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
               f"--user-data-dir={profile}",
               "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
               f"--virtual-time-budget={budget_ms}", "--dump-dom",
               html_path.resolve().as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"chromium failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return proc.stdout


def screenshot(html_path: Path, png: Path, width: int = 1280, height: int = 1600,
               budget_ms: int = 20000) -> Path:
    exe = chromium()
    if exe is None:
        raise RuntimeError("Chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
                        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                        f"--window-size={width},{height}", f"--virtual-time-budget={budget_ms}",
                        f"--screenshot={png}", html_path.resolve().as_uri()],
                       capture_output=True, timeout=180, check=True)
    return png
