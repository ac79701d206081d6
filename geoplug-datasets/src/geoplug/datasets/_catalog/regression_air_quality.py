"""Spec of the UCI Air Quality time series (plain data: imported when listing).

Facts: the UCI Machine Learning Repository entry (https://archive.ics.uci.edu/dataset/360/
air+quality): 9,358 hourly rows of March 2004 to February 2005 from a multisensor device at
road level in an Italian city, ``-200`` tagging missing values, columns Date (DD/MM/YYYY),
Time (HH.MM.SS) and the 13 variables below; ``AirQualityUCI.csv`` uses ``;`` and decimal
commas. TorchGeo's ``AirQuality`` reads ``https://archive.ics.uci.edu/static/public/360/
data.csv`` with past/future windows.
"""

from __future__ import annotations

from typing import Any

__all__ = ["AIR_QUALITY_VARIABLES", "SPECS"]

#: the measured variables, as the CSV header names them (reference analyser "GT" values,
#: sensor responses "PT08.S<n>", temperature, relative and absolute humidity)
AIR_QUALITY_VARIABLES = (
    "CO(GT)", "PT08.S1(CO)", "NMHC(GT)", "C6H6(GT)", "PT08.S2(NMHC)", "NOx(GT)",
    "PT08.S3(NOx)", "NO2(GT)", "PT08.S4(NO2)", "PT08.S5(O3)", "T", "RH", "AH",
)

SPECS: list[dict[str, Any]] = [
    {
        "name": "air_quality",
        "target": "geoplug.datasets.air_quality:AirQuality",
        "task": "regression",
        "kind": "nongeo",
        "sensors": ("Air Quality Chemical Multisensor Device",),
        "bands": AIR_QUALITY_VARIABLES,
        "splits": ("train",),
        "num_samples": 9357,
        "license": "CC-BY-4.0",
        "homepage": "https://archive.ics.uci.edu/dataset/360/air+quality",
        "citation": (
            "@article{devito2008field,\n  title={On field calibration of an electronic nose "
            "for benzene estimation in an urban pollution monitoring scenario},\n"
            "  author={De Vito, S. and Massera, E. and Piga, M. and Martinotto, L. and "
            "Di Francia, G.},\n  journal={Sensors and Actuators B: Chemical},\n"
            "  volume={129},\n  number={2},\n  pages={750--757},\n  year={2008},\n"
            "  doi={10.1016/j.snb.2007.09.060}\n}"),
        "download_size": "about 0.8 MB (data.csv)",
        "description": "Hourly air quality of an Italian city (March 2004 - February 2005): "
                       "reference concentrations of CO, NMHC, benzene, NOx and NO2, five "
                       "metal-oxide sensor responses, temperature and humidity; -200 marks "
                       "a missing value (NaN here). Samples are windows: 'image' float32 "
                       "[past, C, 1, 1] (the hours as time steps, variables as channels) "
                       "and 'label' float32 [future * k] (the next hours' targets).",
    },
]
