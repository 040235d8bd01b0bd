"""Playwright driving Debian's Chromium (never a downloaded browser)."""

import os
import shutil

CHROMIUM = os.environ.get("PASSERELLE_CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium off the network and quiet on a closed machine.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)
