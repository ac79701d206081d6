"""Fake iNaturalist export: ``observations-<id>.csv`` with the website's columns, and the
``observations-<id>.csv.zip`` the export page delivers."""

from __future__ import annotations

from pathlib import Path

from fakedata._points import write_rows, zip_single

__all__ = ["COLUMNS", "EXPORT_ID", "OBSERVATIONS", "export_csv", "export_zip"]

EXPORT_ID = "284517"

COLUMNS = (  # noqa: SIM905 - the header as the publisher writes it
    "id,observed_on_string,observed_on,time_observed_at,time_zone,user_id,user_login,"
    "created_at,updated_at,quality_grade,license,url,image_url,sound_url,tag_list,description,"
    "num_identification_agreements,num_identification_disagreements,captive_cultivated,"
    "oauth_application_id,place_guess,latitude,longitude,positional_accuracy,"
    "private_place_guess,private_latitude,private_longitude,public_positional_accuracy,"
    "geoprivacy,taxon_geoprivacy,coordinates_obscured,positioning_method,positioning_device,"
    "species_guess,scientific_name,common_name,iconic_taxon_name,taxon_id"
).split(",")

#: (lon, lat, observed_on, time_observed_at, the UTC start the row means or None)
OBSERVATIONS = [
    ("-122.4194", "37.7749", "2022-05-07", "2022-05-07 18:02:53 UTC", "2022-05-07T18:02:53"),
    ("-122.4094", "37.7799", "2022-05-08", "2022-05-08 11:02:53 +0100", "2022-05-08T10:02:53"),
    ("-122.3994", "37.7849", "2021-09-30", "", "2021-09-30T00:00:00"),
    ("-122.3894", "37.7899", "", "", None),
    ("", "", "2022-05-07", "", None),  # no coordinates (obscured): skipped
]


def export_csv(root: str | Path, export_id: str = EXPORT_ID) -> Path:
    """Write ``root/observations-<id>.csv``; return its path."""
    rows = [dict(id=str(110000 + i), observed_on_string=day, observed_on=day,
                 time_observed_at=when, time_zone="Pacific Time (US & Canada)",
                 created_at="2023-01-02 03:04:05 UTC", quality_grade="research",
                 latitude=lat, longitude=lon, scientific_name="Quercus agrifolia",
                 description="coast live oak, by the road")
            for i, (lon, lat, day, when, _) in enumerate(OBSERVATIONS)]
    return write_rows(Path(root) / f"observations-{export_id}.csv", COLUMNS, rows)


def export_zip(root: str | Path, export_id: str = EXPORT_ID) -> Path:
    """Write ``root/observations-<id>.csv.zip`` holding the CSV; return the zip."""
    return zip_single(root, lambda folder: export_csv(folder, export_id),
                      f"observations-{export_id}.csv.zip")
