"""What the global layers published as whole-degree WGS 84 tiles share.

ESA WorldCover (3 x 3 degree tiles) and the Copernicus DEM (1 x 1 degree) name each tile by
the lower-left corner of its cell (``N45E006``: 45-46 N, 6-7 E for a 1 degree tile) and publish
several releases side by side (WorldCover 2020 and 2021, DEM GLO-30 and GLO-90). Users fetch
the tiles covering their area of interest, and pick one release when a folder holds several:
the helpers here name those tiles and make that choice the same way for every such layer.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.raster import find_files, path_list
from geoplug.datasets._geodownload import download_folder

__all__ = ["cell_name", "cells_to_download", "check_cells", "choose_release", "parse_cell",
           "releases_found", "tiles_covering"]

_CELL = re.compile(r"^([NS])(\d{2})([EW])(\d{3})$")


def cell_name(lat: int, lon: int) -> str:
    """``N45E006`` for the cell whose lower-left corner is (``lat``, ``lon``)."""
    return (f"{'N' if lat >= 0 else 'S'}{abs(lat):02d}"
            f"{'E' if lon >= 0 else 'W'}{abs(lon):03d}")


def parse_cell(name: str) -> tuple[int, int]:
    """The lower-left corner (lat, lon) of a cell named like ``N45E006`` or ``S01W073``.

    Raises:
        ValueError: ``name`` is not such a name.
    """
    match = _CELL.match(name)
    if match is None:
        raise ValueError(f"{name!r} is not a tile name like 'N45E006' (lower-left corner: "
                         "N/S and two digits of latitude, E/W and three of longitude)")
    ns, lat, ew, lon = match.groups()
    return int(lat) * (1 if ns == "N" else -1), int(lon) * (1 if ew == "E" else -1)


def check_cells(tiles: Iterable[str], step: int) -> list[str]:
    """``tiles`` validated as names of cells of a ``step``-degree grid, in order.

    Raises:
        ValueError: a name is malformed or its corner is not on the ``step``-degree grid.
    """
    checked = []
    for name in tiles:
        lat, lon = parse_cell(name)
        if lat % step or lon % step:
            raise ValueError(f"{name!r} is not a tile of the {step}-degree grid (its corner "
                             f"latitude and longitude are multiples of {step})")
        checked.append(name)
    return checked


def cells_to_download(name: str, paths: Any, tiles: Sequence[str] | None, step: int,
                      module: str) -> tuple[Path, list[str]]:
    """The folder to download into and the ``step``-degree ``tiles`` checked.

    Raises:
        ValueError: no ``tiles`` (``module``'s ``tiles_covering`` names those of an area), a
            malformed tile name or one off the grid, or ``paths`` not one local folder.
    """
    if not tiles:
        raise ValueError(f"download=True needs tiles=[...]: the {step} degree tiles to fetch "
                         f"(e.g. ['N45E006']; {module}.tiles_covering(west, south, east, "
                         "north) names those of an area)")
    return download_folder(paths, name), check_cells(tiles, step)


def tiles_covering(west: float, south: float, east: float, north: float,
                   step: int = 1) -> list[str]:
    """Names of the ``step``-degree tiles meeting a WGS 84 box (degrees), south-west first.

    A box edge lying on a tile edge does not take in the tile beyond it; a point (or a line)
    gets the tile it lies in.

    Raises:
        ValueError: ``west > east`` or ``south > north``, or the box leaves -180..180 / -90..90.
    """
    if west > east or south > north:
        raise ValueError(f"the box ({west}, {south}, {east}, {north}) is not (west, south, "
                         "east, north)")
    if west < -180 or east > 180 or south < -90 or north > 90:
        raise ValueError(f"the box ({west}, {south}, {east}, {north}) is not in degrees of "
                         "WGS 84")

    def corners(low: float, high: float, top: int) -> range:
        first = math.floor(low / step) * step
        last = max(math.ceil(high / step) * step, first + step)
        return range(first, min(last, top), step)

    return [cell_name(lat, lon) for lat in corners(south, north, 90)
            for lon in corners(west, east, 180)]


def releases_found(paths: Any, glob: str, regex: str, group: str) -> list[str]:
    """The values of ``group`` among the file names under ``paths`` matching ``regex``."""
    pattern = re.compile(regex)
    found = {m.group(group) for f in find_files(paths, glob)
             if (m := pattern.match(os.path.basename(f)))}
    return sorted(found)


def choose_release(name: str, paths: Any, found: Sequence[str], chosen: str | None,
                   argument: str, hint: str) -> str | None:
    """The release to read: ``chosen``, else the only one ``found`` (``None`` if none is).

    Raises:
        ValueError: several releases are there and none was chosen (``argument`` picks one).
        DatasetNotFoundError: the release ``chosen`` is not there but another is (``hint``
            says where to get it).
    """
    if chosen is None:
        if len(found) > 1:
            raise ValueError(f"{name}: the folder holds {', '.join(found)}: pass "
                             f"{argument}= to read one of them")
        return found[0] if found else None
    if found and chosen not in found:
        raise DatasetNotFoundError(
            name, path_list(paths),
            hint=f"No tile of {argument}={chosen}, but tiles of {', '.join(found)} are there: "
                 f"pass {argument}= accordingly. {hint}")
    return chosen
