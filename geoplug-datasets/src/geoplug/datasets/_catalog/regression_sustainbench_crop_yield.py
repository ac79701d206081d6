"""Spec of SustainBench crop yield (MODIS histograms -> county soybean yield). Plain data
only: this module is imported whenever the registry is listed."""

from __future__ import annotations

from typing import Any

#: the nine histogram bands: MOD09A1 surface reflectance bands 1-7, then MYD11A2 daytime and
#: night-time land surface temperature (You et al. 2017; SustainBench crop yield page)
SUSTAINBENCH_CROP_YIELD_BANDS = (
    "sur_refl_b01", "sur_refl_b02", "sur_refl_b03", "sur_refl_b04", "sur_refl_b05",
    "sur_refl_b06", "sur_refl_b07", "LST_Day_1km", "LST_Night_1km",
)
#: the countries of the release, each a folder of soybeans/
SUSTAINBENCH_CROP_YIELD_COUNTRIES = ("usa", "argentina", "brazil")

SPECS: list[dict[str, Any]] = [
    {
        "name": "sustainbench_crop_yield",
        "target": "geoplug.datasets.sustainbench_crop_yield:SustainBenchCropYield",
        "task": "regression",
        "kind": "nongeo",
        "sensors": ("MODIS Terra MOD09A1 / Aqua MYD11A2 (histograms)",),
        "bands": SUSTAINBENCH_CROP_YIELD_BANDS,
        "splits": ("train", "val", "test"),
        "resolution": 500.0,
        "patch_size": 32,
        "num_samples": 11048,
        "license": "see homepage (the SustainBench code is MIT; no data licence is stated)",
        "homepage": "https://sustainlab-group.github.io/sustainbench/docs/datasets/sdg2/"
                    "crop_yield.html",
        "citation": (
            "@inproceedings{yeh2021sustainbench,\n  title={SustainBench: Benchmarks for "
            "Monitoring the Sustainable Development Goals with Machine Learning},\n  "
            "author={Yeh, Christopher and Meng, Chenlin and Wang, Sherrie and Driscoll, Anne "
            "and Rozi, Erik and Liu, Patrick and Lee, Jihyeon and Burke, Marshall and Lobell, "
            "David B. and Ermon, Stefano},\n  booktitle={Thirty-fifth Conference on Neural "
            "Information Processing Systems Datasets and Benchmarks Track (Round 2)},\n  "
            "year={2021}\n}\n@inproceedings{wang2018transfer,\n  title={Deep Transfer "
            "Learning for Crop Yield Prediction with Remote Sensing Data},\n  author={Wang, "
            "Anna X. and Tran, Caelin and Desai, Nikhil and Lobell, David and Ermon, "
            "Stefano},\n  booktitle={COMPASS '18},\n  year={2018},\n  "
            "doi={10.1145/3209811.3212707}\n}"
        ),
        "download_size": "soybeans.zip (one archive of the three country folders)",
        "description": (
            "SustainBench crop yield: county soybean yields (t/ha) of 2005-2016 in the USA "
            "(9,049), Argentina (1,615) and Brazil (384) with a 32-bin x 32-timestep "
            "histogram of 9 MODIS bands over the county's season, soybeans/<country>/"
            "{train,dev,test}_{hists,yields,ndvi,years,keys}.npz (array 'data'). Samples: "
            "'image' float32 [9, 32 bins, 32 timesteps], 'label' float32 yield, 'year', "
            "'ndvi', 'key'; countries= picks the folders (default usa). The 'val' split "
            "reads the dev_ files."
        ),
    },
]
