"""Add up the JUnit reports of the test sessions; fail if one is missing or ran no test."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

#: the nox sessions that write a JUnit report (nox's default sessions that run tests)
TEST_SESSIONS = ("core", "datasets", "models", "trainers", "plugins", "template")


def main(folder: str, *sessions: str) -> int:
    sessions = sessions or TEST_SESSIONS
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    missing: list[str] = []
    for name in sessions:
        path = Path(folder) / f"{name}.xml"
        if not path.exists():
            missing.append(name)
            continue
        root = ET.parse(path).getroot()
        suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
        ran = 0
        for suite in suites:
            for key in totals:
                totals[key] += int(suite.get(key, 0))
            ran += int(suite.get("tests", 0)) - int(suite.get("skipped", 0))
        print(f"session {name}: {ran} tests ran")
        if ran == 0:
            missing.append(name)
    failed = totals["failures"] + totals["errors"]
    passed = totals["tests"] - failed - totals["skipped"]
    print(f"{passed} passed, {failed} failed, {totals['skipped']} skipped")
    if missing:
        print(f"no tests ran for session(s): {', '.join(missing)}", file=sys.stderr)
        return 1
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *sys.argv[2:]))
