"""Known vulnerabilities in the packages the service ships: `make audit` and CI run this.

    python scripts/audit_dependencies.py python   # pip-audit on the packages locked in uv.lock
    python scripts/audit_dependencies.py npm      # npm audit --omit=dev on package-lock.json

Exit status: 0 when nothing needs doing; 1 when a known vulnerability has a fixed version to move
to (upgrade it, or relock); 2 when the advisory data could not be reached or a package could not
be checked. Not audited is never a pass: a network that blocks the advisory service fails here
with a message saying so. A vulnerability with no fix yet is listed but does not fail the run,
as there is nothing to upgrade to.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASS, FIXABLE, NOT_AUDITED = 0, 1, 2
SEVERITIES = ["info", "low", "moderate", "high", "critical"]


@dataclass
class Findings:
    fixable: list[str] = field(default_factory=list)
    unfixed: list[str] = field(default_factory=list)
    not_audited: list[str] = field(default_factory=list)

    def exit_status(self) -> int:
        if self.not_audited:
            return NOT_AUDITED
        return FIXABLE if self.fixable else PASS


def pip_audit_findings(report: dict[str, Any]) -> Findings:
    """Read pip-audit's JSON report (`-f json`)."""
    findings = Findings()
    for dependency in report.get("dependencies", []):
        name = f"{dependency.get('name')} {dependency.get('version', '')}".strip()
        if dependency.get("skip_reason"):
            # pip-audit itself counts a package it could not look up as "no known
            # vulnerabilities"; here it is a package nobody checked.
            findings.not_audited.append(f"{name}: {dependency['skip_reason']}")
            continue
        for vuln in dependency.get("vulns", []):
            fixes = vuln.get("fix_versions") or []
            line = f"{name}: {vuln.get('id')}"
            if fixes:
                findings.fixable.append(f"{line} (fixed in {', '.join(fixes)})")
            else:
                findings.unfixed.append(f"{line} (no fixed version yet)")
    return findings


def npm_audit_findings(report: dict[str, Any], audit_level: str = "low") -> Findings:
    """Read `npm audit --json` (report version 2)."""
    findings = Findings()
    if "error" in report or "vulnerabilities" not in report:
        error = report.get("error")
        summary = (error.get("summary") if isinstance(error, dict) else error) or ""
        message = report.get("message") or summary or "no vulnerability report in npm's answer"
        findings.not_audited.append(f"npm audit: {message}")
        return findings
    floor = SEVERITIES.index(audit_level)
    for name, vuln in sorted(report["vulnerabilities"].items()):
        severity = vuln.get("severity", "critical")
        if severity in SEVERITIES and SEVERITIES.index(severity) < floor:
            continue
        fix = vuln.get("fixAvailable")
        line = f"{name} {vuln.get('range', '')} ({severity})"
        if fix:
            to = f" → {fix['name']} {fix['version']}" if isinstance(fix, dict) else ""
            findings.fixable.append(f"{line}: fix available{to}")
        else:
            findings.unfixed.append(f"{line}: no fix available yet")
    return findings


def _uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if found:
        return found
    return str(ROOT / ".tools" / "bin" / "uv")


def run_pip_audit(include_dev: bool) -> Findings:
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        report_path = Path(tmp) / "report.json"
        export = [_uv(), "export", "--frozen", "--format", "requirements-txt",
                  "--no-emit-project", "--output-file", str(requirements)]
        if not include_dev:
            export.append("--no-dev")
        subprocess.run(export, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        pip_audit = str(Path(sys.executable).parent / "pip-audit")
        result = subprocess.run(
            [pip_audit, "--requirement", str(requirements), "--no-deps", "--disable-pip",
             "--progress-spinner", "off", "--format", "json", "--output", str(report_path)],
            cwd=ROOT, capture_output=True, text=True, check=False)
        if not report_path.exists() or not report_path.read_text():
            tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
            return Findings(not_audited=["pip-audit could not run: " + " / ".join(tail)])
        return pip_audit_findings(json.loads(report_path.read_text()))


def run_npm_audit(audit_level: str) -> Findings:
    result = subprocess.run(["npm", "audit", "--omit=dev", "--json"],  # noqa: S607
                            cwd=ROOT, capture_output=True, text=True, check=False)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        tail = result.stderr.strip().splitlines()[-3:]
        return Findings(not_audited=["npm audit gave no report: " + " / ".join(tail)])
    return npm_audit_findings(report, audit_level)


def report(kind: str, findings: Findings) -> int:
    for line in findings.unfixed:
        print(f"{kind}: known vulnerability, nothing to upgrade to yet: {line}")
    for line in findings.fixable:
        print(f"{kind}: VULNERABLE, upgrade: {line}")
    if findings.not_audited:
        shown = findings.not_audited[:5]
        more = len(findings.not_audited) - len(shown)
        for line in shown:
            print(f"{kind}: NOT AUDITED: {line}")
        if more:
            print(f"{kind}: NOT AUDITED: … and {more} more")
        print(f"{kind}: the advisory data could not be reached or read, so these packages were "
              "not checked (exit status 2: not audited, never reported as a pass).")
    status = findings.exit_status()
    if status == PASS:
        print(f"{kind}: no known vulnerability with a fix available")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("kind", choices=["python", "npm"])
    parser.add_argument("--include-dev", action="store_true",
                        help="python: audit the dev dependency group too")
    parser.add_argument("--audit-level", choices=SEVERITIES, default="low",
                        help="npm: the lowest severity that counts")
    args = parser.parse_args(argv)
    if args.kind == "python":
        return report("pip-audit", run_pip_audit(args.include_dev))
    return report("npm audit", run_npm_audit(args.audit_level))


if __name__ == "__main__":
    sys.exit(main())
