"""The application's version as a backup records it: ``git describe`` of the checkout
when there is one, else the installed distribution's, else ``unknown``."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from importlib import metadata

from config import PROJECT_ROOT


@cache
def app_version() -> str:
    try:
        git = shutil.which("git")
        if git is None:
            raise OSError("no git")
        done = subprocess.run([git, "describe", "--always", "--dirty", "--tags"],  # noqa: S603
                              cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=5, check=False)
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return metadata.version("portal-hub")
    except metadata.PackageNotFoundError:
        return "unknown"
