"""Fake UCI Air Quality: ``data.csv`` and ``air+quality.zip`` (``AirQualityUCI.csv``).

Both hold the same :data:`HOURS` rows. ``data.csv`` is comma-separated with decimal points;
``AirQualityUCI.csv`` is the repository's semicolon-separated file with decimal commas,
``DD/MM/YYYY`` dates, ``HH.MM.SS`` times, two empty trailing columns and empty trailing rows.
Cell (hour, variable) holds :func:`value`; a few hold the missing tag ``-200``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from fakedata._dc_util import md5

VARIABLES = ("CO(GT)", "PT08.S1(CO)", "NMHC(GT)", "C6H6(GT)", "PT08.S2(NMHC)", "NOx(GT)",
             "PT08.S3(NOx)", "NO2(GT)", "PT08.S4(NO2)", "PT08.S5(O3)", "T", "RH", "AH")
HOURS = 10
MISSING = {(2, 2), (5, 0), (6, 11)}  # (hour, variable) tagged -200


def value(hour: int, var: int) -> float:
    """Exactly representable in float32: the hour and variable, with a fraction."""
    return -200.0 if (hour, var) in MISSING else 100.0 * var + hour + 0.25 * (hour % 4)


def _fmt(v: float, comma: bool) -> str:
    text = f"{v:g}"
    return text.replace(".", ",") if comma else text


def make(out: Path) -> dict[str, Any]:
    """``data.csv`` and ``air+quality.zip`` in ``out``; ``archives``: file -> md5."""
    out.mkdir(parents=True, exist_ok=True)
    plain = ["Date,Time," + ",".join(VARIABLES)]
    uci = ["Date;Time;" + ";".join(VARIABLES) + ";;"]
    for h in range(HOURS):
        hour = 18 + h
        day, hh = 10 + hour // 24, hour % 24
        cells = [value(h, v) for v in range(len(VARIABLES))]
        plain.append(f"3/{day}/2004,{hh}:00:00," + ",".join(_fmt(c, False) for c in cells))
        uci.append(f"{day:02d}/03/2004;{hh:02d}.00.00;" + ";".join(_fmt(c, True) for c in cells)
                   + ";;")
    uci += [";" * (len(VARIABLES) + 3)] * 2
    (out / "data.csv").write_text("\n".join(plain) + "\n", encoding="utf-8")
    with zipfile.ZipFile(out / "air+quality.zip", "w") as zf:
        zf.writestr("AirQualityUCI.csv", "\r\n".join(uci) + "\r\n")
        zf.writestr("AirQualityUCI.xlsx", b"PK placeholder")
    return {"dir": out, "archives": {n: md5(out / n) for n in ("data.csv", "air+quality.zip")}}
