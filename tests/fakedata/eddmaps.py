"""Fake EDDMapS query result: ``mappings.csv`` with EDDMapS's columns (``ObsDate`` as
``MM-DD-YY``)."""

from __future__ import annotations

from pathlib import Path

from fakedata._points import write_rows

__all__ = ["COLUMNS", "SIGHTINGS", "mappings_csv"]

COLUMNS = (  # noqa: SIM905 - the header as the publisher writes it
    "gbifID,decimalLatitude,decimalLongitude,objectid,reporter,RecOwner,SciName,ComName,"
    "Nativity,OccStatus,Status,ObsDate,DateEnt,DateUp,Location,Latitude,Longitude,Datum,Method,"
    "CoordAcc,DataType,Centroid,Abundance,InfestAcre,GrossAcre,Percentcov,Density,Quantity,"
    "QuantityU,APPXQuant,NumCollect,Smallest,Largest,Incidence,Severity,Host,Host_Name,"
    "HostPheno,HostDamage,ManageStat,PopStat,Habitat,LocalOwner,Site,RecBasis,Museum,MuseumRec,"
    "Voucher,ObsIDer,CollectTme,UUID,OrgSrcID,OrigName,RecSrcTyp,Surveyor,DateAcc,VisitType,"
    "DataMthd,TrapType,NumTraps,TargetName,TargetCnt,TargetRnge,Phenology,LifeStatus,Sex,PID,"
    "WaterName,WaterType,Substrate,TreatArea,PlantTreat,TreatComm,Reference,Locality,Comments,"
    "ReviewDate,Reviewer,VerifyMthd,Verified,IDCred,ReviewComm"
).split(",")

#: (Longitude, Latitude, ObsDate, DateEnt, the UTC day the sighting means or None)
SIGHTINGS = [
    ("-83.3776", "33.9519", "05-07-22", "05-09-22", "2022-05-07"),
    ("-83.3676", "33.9569", "11-30-19", "12-01-19", "2019-11-30"),
    ("-83.3576", "33.9619", "", "12-01-19", None),
    ("-83.3476", "33.9669", "01-02-21", "01-05-21", "2021-01-02"),
    ("", "33.9719", "01-02-21", "01-05-21", None),  # no longitude: skipped
]


def mappings_csv(root: str | Path) -> Path:
    """Write ``root/mappings.csv``; return its path."""
    rows = [dict(objectid=str(9000 + i), SciName="Pueraria montana var. lobata",
                 ComName="kudzu", Nativity="Introduced", OccStatus="Detected",
                 Status="Positive", ObsDate=obs, DateEnt=entered, DateUp=entered,
                 Location="Athens, Georgia, United States", Latitude=lat, Longitude=lon,
                 decimalLatitude=lat, decimalLongitude=lon, Datum="WGS84")
            for i, (lon, lat, obs, entered, _) in enumerate(SIGHTINGS)]
    return write_rows(Path(root) / "mappings.csv", COLUMNS, rows)
