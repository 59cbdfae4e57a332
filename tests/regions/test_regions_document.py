"""questionnaires/REGIONS.md says the same as helplines.yaml: every number, with the page it was read from and the
date, under its region, so a reviewer checks the numbers without reading YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
REGIONS = yaml.safe_load((ROOT / "questionnaires" / "helplines.yaml").read_text(encoding="utf-8"))["regions"]
SOURCES = yaml.safe_load((ROOT / "questionnaires" / "sources.yaml").read_text(encoding="utf-8"))
DOCUMENT = (ROOT / "questionnaires" / "REGIONS.md").read_text(encoding="utf-8")


def section(code: str) -> list[str]:
    """The table rows under the region's heading."""
    after = DOCUMENT.split(f"(`{code}`)\n", 1)[1]
    return [line for line in after.split("\n## ", 1)[0].splitlines() if line.startswith("| ")]


@pytest.mark.parametrize("code", list(REGIONS))
def test_every_service_of_the_region_is_a_row_with_its_number_page_and_date(code):
    rows = section(code)
    for service in REGIONS[code]["services"]:
        wanted = [service["name"], SOURCES[service["source"]]["url"], service["checked"], *service["links"].values()]
        if service.get("number"):
            wanted.append(service["number"])
        assert any(all(piece in row for piece in wanted) for row in rows), (code, service["name"], service["kind"])


@pytest.mark.parametrize("code", list(REGIONS))
def test_what_the_region_leaves_out_is_said_with_the_reason(code):
    left_out = REGIONS[code].get("not_listed") or {}
    row = next((row for row in section(code) if row.startswith("| Left out")), "")
    for reason in left_out.values():
        assert reason in row, code
    assert len(row.split(", ")) == len(left_out) or not left_out, code
