"""Fake Western USA Live Fuel Moisture releases, in both published layouts.

Source Cooperative (``layout="source_coop"``): ``feature_<nnnn>.geojson`` point features in
``root`` (what ``azcopy sync`` of the ``su-sar-moisture-content`` prefix gives), plus
:func:`listing`, the container's "List Blobs" XML for a download test. Radiant MLHub
(``layout="mlhub"``): ``su_sar_moisture_content.tar.gz`` holding
``su_sar_moisture_content/su_sar_moisture_content_<n>/labels.geojson`` and ``stac.json``
(``<n>`` the number of the Source Cooperative name: 1, 2, 3, 10).

Feature ``i`` (0-based, in name order) holds :func:`value` ``1000 i + j + 0.25`` for the
``j``-th variable of :data:`FEATURES` (so a sample proves both the file and the column),
``percent(t)`` = :func:`target`, ``site`` ``"Site <i>"``, ``date`` ``"6/<i+1>/15"`` and lies
at lon ``-120 + i / 2``, lat ``40 + i / 4``. Feature :data:`NULL_AT` has ``vh(t-3)`` null.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from fakedata._made import unstage
from fakedata._segutil import md5, tar_tree
from geoplug.datasets._catalog.regression_western_usa_live_fuel_moisture import LFM_FEATURES

__all__ = ["FEATURES", "NAMES", "NULL_AT", "listing", "make", "target", "value"]

#: the 136 published variables (properties), then the point's lat and lon
FEATURES = LFM_FEATURES
#: Source Cooperative file names, in the loader's order (10 sorts after 3)
NAMES = ("feature_0001.geojson", "feature_0002.geojson", "feature_0003.geojson",
         "feature_0010.geojson")
NULL_AT = 2
COLLECTION = "su_sar_moisture_content"


def value(i: int, j: int) -> float:
    """Variable ``j`` of feature ``i`` (lat and lon: the point's coordinates)."""
    if FEATURES[j] == "lat":
        return 40.0 + i / 4
    if FEATURES[j] == "lon":
        return -120.0 + i / 2
    return 1000.0 * i + j + 0.25


def target(i: int) -> float:
    return 50.0 + 10.0 * i + 0.5


def feature(i: int) -> dict[str, Any]:
    properties: dict[str, Any] = {"percent(t)": target(i), "site": f"Site {i}",
                                  "date": f"6/{i + 1}/15"}
    for j, name in enumerate(FEATURES[:-2]):
        properties[name] = value(i, j)
    if i == NULL_AT:
        properties["vh(t-3)"] = None
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "Point", "coordinates": [value(i, len(FEATURES) - 1),
                                                          value(i, len(FEATURES) - 2)]}}


def listing(files: dict[str, Path], wrong: str | None = None) -> str:
    """An Azure "List Blobs" answer naming ``files`` (blob name -> local file) with their
    base64 ``Content-MD5`` (a wrong one for the blob ``wrong``)."""
    blobs = []
    for name, path in sorted(files.items()):
        digest = hashlib.md5(b"other" if name == wrong else path.read_bytes()).digest()
        blobs.append(f"<Blob><Name>{escape(name)}</Name><Properties><Content-Length>"
                     f"{path.stat().st_size}</Content-Length><Content-MD5>"
                     f"{base64.b64encode(digest).decode()}</Content-MD5></Properties></Blob>")
    return ('<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint='
            '"https://radiantearth.blob.core.windows.net/" ContainerName="mlhub"><Blobs>'
            + "".join(blobs) + "</Blobs><NextMarker /></EnumerationResults>")


def make(root: Path, layout: str = "source_coop", extract: bool = False) -> dict[str, Any]:
    """Write the fake release into ``root``.

    Returns:
        ``files`` (name -> path of the written GeoJSON files, in the loader's order) and
        ``archives`` (archive name -> md5; mlhub only).
    """
    root.mkdir(parents=True, exist_ok=True)
    if layout == "source_coop":
        files = {}
        for i, name in enumerate(NAMES):
            path = root / name
            path.write_text(json.dumps(feature(i)))
            files[name] = path
        return {"dir": root, "files": files, "archives": {}}
    stage = root / ".stage"
    folder = stage / COLLECTION
    folder.mkdir(parents=True)
    (folder / "collection.json").write_text(json.dumps({"id": COLLECTION, "links": []}))
    for i, name in enumerate(NAMES):  # unpadded item numbers: 10 must sort after 3
        item = folder / f"{COLLECTION}_{int(name[8:12])}"
        item.mkdir()
        (item / "labels.geojson").write_text(json.dumps(feature(i)))
        (item / "stac.json").write_text(json.dumps({"id": item.name, "assets": {}}))
    archive = tar_tree(root / f"{COLLECTION}.tar.gz", stage,
                       [p for p in folder.rglob("*") if p.is_file()])
    unstage(stage, root, extract)
    return {"dir": root, "files": {}, "archives": {archive.name: md5(archive)}}


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(make(Path(sys.argv[1] if len(sys.argv) > 1 else "western_usa_live_fuel_moisture")))
