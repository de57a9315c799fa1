"""The layering of ``.importlinter`` holds, and names every package of the hub."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold() -> None:
    # A process of its own: import-linter configures logging, which would silence the
    # loggers of the tests that run after it in this one.
    result = subprocess.run(  # noqa: S603 - this interpreter, our own arguments
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
         "lint_imports_command()", "--config", str(ROOT / ".importlinter"), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_package_of_the_hub_has_a_layer() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    layered = {name.strip() for line in config["importlinter:contract:layers"]["layers"]
               .split("\n") for name in line.replace(":", "|").split("|") if name.strip()}
    packages = {f"hub.{path.parent.name}" for path in (ROOT / "hub").glob("*/__init__.py")}
    modules = {f"hub.{path.stem}" for path in (ROOT / "hub").glob("*.py")
               if path.stem != "__init__"}
    core = {f"hub.core.{path.stem}" for path in (ROOT / "hub" / "core").glob("*.py")
            if path.stem != "__init__"}
    unlayered = (packages - {"hub.core", "hub.static", "hub.templates"}) | modules | core
    assert sorted(unlayered - layered) == []
