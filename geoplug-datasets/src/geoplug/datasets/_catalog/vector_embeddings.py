"""Specs of the embedding products: patch embeddings in GeoParquet, pixel embeddings in GeoTIFF.

A query of a patch product returns the chips whose footprint centre lies in the box:
``embedding`` ``[N, D]``, ``points`` ``[N, 2]``, ``bbox_xyxy`` ``[N, 4]`` and ``time`` ``[N]``
(no raster); a pixel product (``presto_embeddings``) is a raster layer, ``image`` ``[D, H, W]``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SPECS"]

SPECS: list[dict[str, Any]] = [
    {
        "name": "clay_embeddings",
        "target": "geoplug.datasets.geo_embeddings:ClayEmbeddings",
        "task": "generic",
        "kind": "geo",
        "sensors": ["Sentinel-2", "Sentinel-1", "Copernicus DEM"],
        "license": "ODC-BY-1.0",
        "homepage": "https://source.coop/clay/clay-model-v0-embeddings",
        "citation": "Clay Foundation Model (Clay Foundation, 2024), "
                    "https://clay-foundation.github.io/model/",
        "download_size": "v0: one {MGRS}_{MINDATE}_{MAXDATE}_v{VERSION}.gpq per MGRS tile of "
                         "the training data (a few MB each)",
        "description": "Clay model embeddings (v0: 768 floats per chip of 13-band Sentinel-2, "
                       "Sentinel-1 and DEM stacks; columns index, source_url, date, embeddings, "
                       "geometry) queried by box: the chips' vectors, centres, footprints, dates.",
    },
    {
        "name": "earth_index_embeddings",
        "target": "geoplug.datasets.geo_embeddings:EarthIndexEmbeddings",
        "task": "generic",
        "kind": "geo",
        "sensors": ["Sentinel-2"],
        "resolution": 10.0,
        "license": "CC-BY-4.0",
        "homepage": "https://source.coop/earthgenome/earthindexembeddings",
        "citation": "Earth Genome, Earth Index embeddings, "
                    "https://source.coop/earthgenome/earthindexembeddings",
        "download_size": "about 8.5 TB (one <MGRS>_<start>_<end>.parquet per tile and year)",
        "description": "Earth Index v2 embeddings (SoftCon ViT-S/14, 384 floats per 320 m chip "
                       "of an annual Sentinel-2 mosaic on a Major TOM-style grid; columns id, "
                       "embedding, geometry) queried by box.",
    },
    {
        "name": "major_tom_embeddings",
        "target": "geoplug.datasets.geo_embeddings:MajorTOMEmbeddings",
        "task": "generic",
        "kind": "geo",
        "sensors": ["Sentinel-2"],
        "resolution": 10.0,
        "license": "CC-BY-SA-4.0",
        "homepage": "https://huggingface.co/datasets/Major-TOM/Core-S2L2A-SSL4EO",
        "citation": "M. Czerkawski, M. Kluczek, J. S. Bojanowski, Global and Dense Embeddings "
                    "of Earth: Major TOM Floating in the Latent Space, arXiv:2412.05600, 2024",
        "download_size": "per dataset: embeddings/part_<first>-<last>.parquet files, tens of "
                         "millions of fragments",
        "description": "Major TOM embedding datasets (Core-S2L2A-SSL4EO, Core-S2L1C-SSL4EO, "
                       "Core-S1RTC-SSL4EO, Core-S2RGB-SigLIP, Core-S2RGB-DINOv2): one embedding "
                       "per fragment of a grid cell, with grid_cell, product_id, timestamp and "
                       "footprint, queried by box.",
    },
    {
        "name": "presto_embeddings",
        "target": "geoplug.datasets.presto_embeddings:PrestoEmbeddings",
        "task": "generic",
        "kind": "geo",
        "sensors": ["Sentinel-1", "Sentinel-2", "ERA5", "SRTM"],
        "resolution": 10.0,
        "license": "CC-BY-4.0",
        "homepage": "https://huggingface.co/datasets/izvonkov/Togo_Presto_Embeddings",
        "citation": "G. Tseng, R. Cartuyvels, I. Zvonkov, M. Purohit, D. Rolnick, H. Kerner, "
                    "Lightweight, Pre-trained Transformers for Remote Sensing Timeseries, "
                    "arXiv:2304.14065, 2023 (embeddings: arXiv:2511.02923)",
        "download_size": "Togo at 10 m: Earth Engine export tiles of 128 uint16 bands",
        "description": "Presto pixel embeddings of Togo (a year of Sentinel-1, Sentinel-2, "
                       "ERA5 and SRTM compressed into 128 dimensions) as GeoTIFF tiles "
                       "Togo_Presto_embeddings_v2025_06_19<row>-<col>.tif, EPSG:25231, 10 m.",
    },
]
