"""Fake GBIF 'simple CSV' download: ``<key>.csv`` (tab-delimited, GBIF's columns, values never
quoted: a ``"`` is text) and ``<key>.zip`` holding it, as GBIF delivers a download."""

from __future__ import annotations

from pathlib import Path

from fakedata._points import write_rows, zip_single

__all__ = ["COLUMNS", "KEY", "RECORDS", "download_csv", "download_zip"]

KEY = "0012345-240506114902167"

#: the columns of a GBIF simple download, in GBIF's order
COLUMNS = (  # noqa: SIM905 - the header as the publisher writes it
    "gbifID datasetKey occurrenceID kingdom phylum class order family genus species "
    "infraspecificEpithet taxonRank scientificName verbatimScientificName "
    "verbatimScientificNameAuthorship countryCode locality stateProvince occurrenceStatus "
    "individualCount publishingOrgKey decimalLatitude decimalLongitude "
    "coordinateUncertaintyInMeters coordinatePrecision elevation elevationAccuracy depth "
    "depthAccuracy eventDate day month year taxonKey speciesKey basisOfRecord institutionCode "
    "collectionCode catalogNumber recordNumber identifiedBy dateIdentified license "
    "rightsHolder recordedBy typeStatus establishmentMeans lastInterpreted mediaType issue"
).split()

#: (lon, lat, eventDate, year, month, day, the UTC start the record means or None)
RECORDS = [
    ("-87.6231", "41.8818", "2022-04-16T10:13:35", "2022", "4", "16", "2022-04-16T10:13:35"),
    ("-87.6131", "41.8868", "2022-04-17", "2022", "4", "17", "2022-04-17T00:00:00"),
    ("-87.6031", "41.8918", "", "2021", "7", "", "2021-07-01T00:00:00"),
    ("-87.5931", "41.8968", "2020-03-01/2020-03-31", "2020", "", "", "2020-03-01T00:00:00"),
    ("-87.5831", "41.9018", "", "", "", "", None),
    ("", "", "2022-04-16", "2022", "4", "16", None),  # no coordinates: skipped
    ("-87.5731", "41.9068", "2019", "2019", "", "", "2019-01-01T00:00:00"),
]


#: localities as GBIF writes them (unquoted; the first is a real record's, quotes included)
LOCALITIES = ('"NSG Chemnitzaue bei Draisdorf" Mitte "Heinersdorfer Teiche"',
              "Chicago, Illinois", '"Teich am Wald', "Chicago, Illinois")


def download_csv(root: str | Path, key: str = KEY) -> Path:
    """Write ``root/<key>.csv`` (tab-delimited, unquoted); return its path."""
    rows = [dict(gbifID=str(4000000000 + i), kingdom="Plantae", species="Quercus alba",
                 countryCode="US", locality=LOCALITIES[i % len(LOCALITIES)],
                 occurrenceStatus="PRESENT",
                 decimalLatitude=lat, decimalLongitude=lon, eventDate=event, year=year,
                 month=month, day=day, basisOfRecord="HUMAN_OBSERVATION", license="CC_BY_4_0")
            for i, (lon, lat, event, year, month, day, _) in enumerate(RECORDS)]
    return write_rows(Path(root) / f"{key}.csv", COLUMNS, rows, delimiter="\t",
                      lineterminator="\n", quoted=False)


def download_zip(root: str | Path, key: str = KEY) -> Path:
    """Write ``root/<key>.zip`` holding ``<key>.csv``; return the zip."""
    return zip_single(root, lambda folder: download_csv(folder, key), f"{key}.zip")
