"""The dependency audit of CI (``.ci/audit``) reads pip-audit's report: it fails on a
known vulnerability with a fixed version, not on one without a fix, and never passes an
audit that could look nothing up (unless told to, for a machine without the network)."""

from __future__ import annotations

import json
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit"


def load() -> ModuleType:
    loader = SourceFileLoader("ci_audit", str(SCRIPT))
    module = module_from_spec(spec_from_loader("ci_audit", loader))
    loader.exec_module(module)
    return module


def run(monkeypatch: pytest.MonkeyPatch, dependencies: list[dict] | None) -> int:
    """``.ci/audit`` with pip-audit replaced by a report of ``dependencies`` (None: no
    report at all, as when pip-audit could not resolve the requirements)."""
    script = load()

    def audit(report: Path) -> int:
        if dependencies is None:
            return 1
        report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
        return 1 if any(d.get("vulns") for d in dependencies) else 0

    monkeypatch.setattr(script, "audit", audit)
    return script.main()


CLEAN = {"name": "flask", "version": "3.1.3", "vulns": []}
SKIPPED = {"name": "jinja2", "skip_reason": "Dependency not found on PyPI and could not "
                                            "be audited: jinja2 (3.1.6)"}


def vulnerable(*fixes: str) -> dict:
    return {"name": "werkzeug", "version": "3.0.0",
            "vulns": [{"id": "PYSEC-0000-1", "fix_versions": list(fixes), "aliases": []}]}


def test_a_vulnerability_with_a_fix_fails_the_build(monkeypatch, capsys):
    assert run(monkeypatch, [CLEAN, vulnerable("3.0.6")]) == 1
    assert "werkzeug 3.0.0: PYSEC-0000-1 (fixed in 3.0.6)" in capsys.readouterr().err


def test_a_vulnerability_without_a_fix_is_listed_not_failed(monkeypatch, capsys):
    assert run(monkeypatch, [CLEAN, vulnerable()]) == 0
    assert "no fix yet: werkzeug 3.0.0" in capsys.readouterr().out


def test_a_clean_audit_passes_and_names_what_it_could_not_look_up(monkeypatch, capsys):
    assert run(monkeypatch, [CLEAN, SKIPPED]) == 0
    assert "1 of 2 dependencies looked up" in capsys.readouterr().out


def test_an_audit_that_looked_nothing_up_fails_unless_told(monkeypatch):
    monkeypatch.delenv("AUDIT_UNREACHABLE", raising=False)
    assert run(monkeypatch, [SKIPPED, SKIPPED]) == 1
    monkeypatch.setenv("AUDIT_UNREACHABLE", "warn")
    assert run(monkeypatch, [SKIPPED, SKIPPED]) == 0
    assert run(monkeypatch, [SKIPPED, vulnerable("3.0.6")]) == 1


def test_no_report_fails(monkeypatch):
    assert run(monkeypatch, None) == 1
