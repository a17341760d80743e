"""Issue 14 item 7: production security defaults and the dependency audit's verdicts."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Kq3vZ8pLw2" * 6
READ = ("import json, config.settings as s; print(json.dumps([s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE]))")


def security_settings(env: dict[str, str]) -> list[object]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WORKGROUPS_"))}
    result = subprocess.run([sys.executable, "-c", READ], cwd=ROOT, capture_output=True,
                            text=True, env={**clean, **env}, check=True)
    return list(json.loads(result.stdout))


@pytest.mark.parametrize(("env", "expected"), [
    ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": SECRET}, [True, 31536000, True, True]),
    ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": SECRET, "DJANGO_SECURE_SSL_REDIRECT": "0",
      "DJANGO_SECURE_HSTS_SECONDS": "0", "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "0"},
     [False, 0, False, True]),
    ({"DJANGO_DEBUG": "1"}, [False, 0, False, False]),
    ({"DJANGO_DEBUG": "1", "WORKGROUPS_DEMO": "1"}, [False, 0, False, False]),
])
def test_https_redirect_and_hsts_are_on_by_default_in_production_only(env, expected):
    assert security_settings(env) == expected


def test_the_test_client_is_not_sent_to_https(client, settings):
    assert settings.DEBUG is False and settings.SECURE_SSL_REDIRECT is False
    assert client.get("/privacy/").status_code == 200


def load_audit_script():
    spec = importlib.util.spec_from_file_location(
        "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_pip_audit_fails_on_a_fix_available_lists_one_without_and_never_passes_unchecked():
    audit = load_audit_script()
    clean = audit.pip_audit_findings({"dependencies": [
        {"name": "django", "version": "6.1.3", "vulns": []}]})
    assert clean.exit_status() == audit.PASS
    unfixed = audit.pip_audit_findings({"dependencies": [
        {"name": "tqdm", "version": "4.67", "vulns": [{"id": "PYSEC-1", "fix_versions": []}]}]})
    assert unfixed.exit_status() == audit.PASS and unfixed.unfixed
    fixable = audit.pip_audit_findings({"dependencies": [
        {"name": "django", "version": "6.1.0",
         "vulns": [{"id": "PYSEC-2", "fix_versions": ["6.1.1"]}]}]})
    assert fixable.exit_status() == audit.FIXABLE
    assert fixable.fixable == ["django 6.1.0: PYSEC-2 (fixed in 6.1.1)"]
    skipped = audit.pip_audit_findings({"dependencies": [
        {"name": "django", "skip_reason": "Dependency not found on PyPI"}]})
    assert skipped.exit_status() == audit.NOT_AUDITED


def test_npm_audit_fails_on_a_fix_available_and_when_the_advisories_cannot_be_reached():
    audit = load_audit_script()
    report = {"auditReportVersion": 2, "vulnerabilities": {
        "htmx.org": {"severity": "high", "range": "<2.0.12", "fixAvailable": True},
        "sass": {"severity": "moderate", "range": "*", "fixAvailable": False},
        "govuk-frontend": {"severity": "low", "range": "<6", "fixAvailable": {
            "name": "govuk-frontend", "version": "6.7.0", "isSemVerMajor": False}},
    }}
    findings = audit.npm_audit_findings(report)
    assert findings.exit_status() == audit.FIXABLE
    assert len(findings.fixable) == 2 and len(findings.unfixed) == 1
    high_only = audit.npm_audit_findings(report, "high")
    assert high_only.fixable == ["htmx.org <2.0.12 (high): fix available"]
    assert audit.npm_audit_findings({"auditReportVersion": 2, "vulnerabilities": {}}
                                    ).exit_status() == audit.PASS
    unreachable = audit.npm_audit_findings({"message": "405 Method Not Allowed", "error": {
        "summary": "", "detail": ""}})
    assert unreachable.exit_status() == audit.NOT_AUDITED
