"""The layering of ``.importlinter`` holds, and names every package of the hub."""

from __future__ import annotations

import configparser
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold() -> None:
    assert lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True) == 0


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
