"""scripts/mutation.py's own arithmetic (issue 18): what counts as killed, which survivors an
equivalent entry excuses, and the score. The mutation run itself is `make mutation`."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_script",
                                                  ROOT / "scripts" / "mutation.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


DIFF = """--- workgroups/schools/facts.py
+++ workgroups/schools/facts.py
@@ -1,4 +1,4 @@
 def derive(raw):
-        serves = bool(raw.pupils and raw.pupils > 0)
+        serves = bool(raw.pupils and raw.pupils >= 0)
"""


def test_a_mutant_knows_its_function_and_changed_lines(script):
    mutant = script.Mutant("workgroups.schools.facts.x_derive__mutmut_15", "survived", DIFF)
    assert mutant.function == "x_derive"
    assert mutant.changed_lines() == ("serves = bool(raw.pupils and raw.pupils > 0)",
                                      "serves = bool(raw.pupils and raw.pupils >= 0)")
    method = script.Mutant("workgroups.schools.facts.xǁ_Namesǁ__missing____mutmut_2", "killed")
    assert method.function == "xǁ_Namesǁ__missing__"


@pytest.mark.parametrize(("statuses", "equivalent", "killed", "survivors", "score"), [
    (["killed", "killed", "survived", "no tests"], 0, 2, 2, 0.5),
    (["killed", "timeout", "survived", "survived"], 0, 2, 2, 0.5),   # a timeout is killed
    (["killed", "killed", "killed", "survived"], 1, 3, 0, 1.0),      # the survivor excused
    (["killed"] * 9 + ["survived"], 0, 9, 1, 0.9),                    # exactly the target
    ([], 0, 0, 0, 1.0),
])
def test_the_score_counts_killed_over_mutants_less_equivalent(script, statuses, equivalent,
                                                              killed, survivors, score):
    result = script.ModuleResult(module="m.py", tests=[])
    result.mutants = [script.Mutant(f"m.x_f__mutmut_{n}", status)
                      for n, status in enumerate(statuses)]
    result.equivalent = [(m, script.Equivalent("x_f", "a", "b", "why"))
                         for m in result.mutants if m.status == "survived"][:equivalent]
    assert (result.killed, len(result.survivors)) == (killed, survivors)
    assert result.score == pytest.approx(score)


def test_every_equivalent_names_a_module_the_script_mutates(script):
    assert set(script.EQUIVALENT) <= set(script.MODULES)
    for entries in script.EQUIVALENT.values():
        for entry in entries:
            assert entry.function.startswith("x") and entry.before != entry.after and entry.why
