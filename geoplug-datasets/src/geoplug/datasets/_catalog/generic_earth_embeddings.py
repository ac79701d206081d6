"""Specs of the published Earth embedding rasters (plain data: imported when listing).

Each pixel of these layers is a learned feature vector, not a measurement: AlphaEarth
Foundations' 64-D annual embeddings (Google Satellite Embedding), Copernicus-FM's 768-D
0.25 degree map (Copernicus-Embed) and ESDNet's monthly quantised codes (Embedded Seamless
Data). Their band names are the publishers' (``A00``-``A63``) or, where the files name none,
this module's; the decoders of the stored integers live with the loaders.
"""

from __future__ import annotations

from typing import Any

#: Google Satellite Embedding: the 64 axes, in file order (the COGs' own band descriptions)
GSE_BANDS: tuple[str, ...] = tuple(f"A{n:02d}" for n in range(64))
#: Copernicus-Embed: the 768 embedding dimensions in file order (the GeoTIFF names none)
COPERNICUS_EMBED_BANDS: tuple[str, ...] = tuple(f"E{n:03d}" for n in range(768))
#: Tessera: the 128 embedding dimensions in the arrays' channel order
TESSERA_BANDS: tuple[str, ...] = tuple(f"E{n:03d}" for n in range(128))
#: ESD: the FSQ quantiser's levels per code dimension (ESDNet's published quantiser)
ESD_LEVELS: tuple[int, ...] = (8, 8, 8, 5, 5, 5)
#: ESD: the 12 monthly code bands of a tile (band 13 is a QA band, not read)
ESD_MONTHS: int = 12
#: ESD: channel ``M<month>_C<dim>`` is dimension ``dim`` of month ``month`` decoded
ESD_BANDS: tuple[str, ...] = tuple(f"M{m:02d}_C{c}" for m in range(1, ESD_MONTHS + 1)
                                   for c in range(1, len(ESD_LEVELS) + 1))

SPECS: list[dict[str, Any]] = [
    {
        "name": "google_satellite_embedding",
        "target": "geoplug.datasets.google_satellite_embedding:GoogleSatelliteEmbedding",
        "task": "generic",
        "kind": "geo",
        "sensors": ["AlphaEarth Foundations"],
        "bands": GSE_BANDS,
        "resolution": 10.0,
        "license": "CC-BY-4.0",
        "homepage": "https://developers.google.com/earth-engine/datasets/catalog/"
                    "GOOGLE_SATELLITE_EMBEDDING_V1_ANNUAL",
        "citation": (
            "The AlphaEarth Foundations Satellite Embedding dataset is produced by Google and "
            "Google DeepMind.\n@article{brown2025alphaearth,\n  title={AlphaEarth Foundations: "
            "An embedding field model for accurate and efficient global mapping from sparse "
            "label data},\n  author={Brown, Christopher F. and others},\n  journal={arXiv "
            "preprint arXiv:2507.22291},\n  year={2025}\n}"),
        "download_size": "about 2 GB per 8192 x 8192 px COG (64 int8 bands); "
                         "download=True fetches the files asked for",
        "description": "AlphaEarth Foundations annual embeddings: 64 int8 bands A00-A63 "
                       "(-128 masked) de-quantised as sign(v) * (|v| / 127.5)^2 to unit-length "
                       "vectors, 10 m, WGS 84 / UTM, 8192 x 8192 px bottom-up COGs "
                       "<year>/<zone>/<id>-<row offset>-<col offset>.tiff on Source "
                       "Cooperative (tge-labs/aef/v1/annual, 2018-2024) and GCS "
                       "(alphaearth_foundations/satellite_embedding/v1/annual, 2017-).",
    },
    {
        "name": "copernicus_embed",
        "target": "geoplug.datasets.copernicus_embed:CopernicusEmbed",
        "task": "generic",
        "kind": "geo",
        "sensors": ["Copernicus-FM"],
        "bands": COPERNICUS_EMBED_BANDS,
        "resolution": 27830.0,
        "license": "CC-BY-4.0",
        "homepage": "https://github.com/zhu-xlab/Copernicus-FM/tree/main/"
                    "Copernicus-Embed-025deg",
        "citation": (
            "@misc{wang2025unifiedcopernicusfoundationmodel,\n  title={Towards a Unified "
            "Copernicus Foundation Model for Earth Vision},\n  author={Yi Wang and Zhitong "
            "Xiong and Chenying Liu and Adam J. Stewart and Thomas Dujardin and Nikolaos "
            "Ioannis Bountos and Angelos Zavras and Franziska Gerken and Ioannis Papoutsis and "
            "Laura Leal-Taix\u00e9 and Xiao Xiang Zhu},\n  year={2025},\n  eprint={2503.11849},\n"
            "  archivePrefix={arXiv},\n  primaryClass={cs.CV}\n}"),
        "download_size": "one GeoTIFF embed_map_310k.tif (721 x 1440 px, 768 float32 bands)",
        "description": "Copernicus-FM embedding map: one 768-D vector per 0.25 degree ERA5 "
                       "grid cell averaged over the Copernicus-Pretrain modalities (0 where no "
                       "data, mostly ocean), WGS 84, embed_map_310k.tif.",
    },
    {
        "name": "embedded_seamless_data",
        "target": "geoplug.datasets.embedded_seamless_data:EmbeddedSeamlessData",
        "task": "generic",
        "kind": "geo",
        "sensors": ["ESDNet"],
        "bands": ESD_BANDS,
        "resolution": 30.0,
        "license": "not stated by the publisher (see the homepage)",
        "homepage": "https://data-starcloud.pcl.ac.cn/iearthdata/64",
        "citation": (
            "@article{chen2026esd,\n  title={Democratizing planetary-scale analysis: An "
            "ultra-lightweight Earth embedding database for accurate and flexible global land "
            "monitoring},\n  author={Chen, Shuang and Wang, Jie and Yuan, Shuai and others},\n"
            "  journal={Earth System Science Data Discussions},\n  year={2026},\n"
            "  doi={10.5194/essd-2026-57},\n  note={arXiv:2601.11183}\n}"),
        "download_size": "about 2.4 TB a year worldwide; tiles of 3600 x 3600 px "
                         "(13 uint16 bands) per MGRS tile",
        "description": "ESDNet monthly embeddings 2000-2024 from Landsat 5/7/8/9, MODIS and "
                       "NASADEM: per MGRS tile and year SDC30_EBD_V001_<tile>_<year>.tif, 30 m "
                       "WGS 84 / UTM, 12 uint16 bands of FSQ code indices (levels 8, 8, 8, "
                       "5, 5, 5) decoded to 6 values in [-1, 1] per month, and a QA band.",
    },
    {
        "name": "tessera",
        "target": "geoplug.datasets.tessera:TesseraEmbeddings",
        "task": "generic",
        "kind": "geo",
        "sensors": ["TESSERA"],
        "bands": TESSERA_BANDS,
        "resolution": 10.0,
        "license": "not confirmed (see https://github.com/ucam-eo/geotessera)",
        "homepage": "https://geotessera.readthedocs.io",
        "citation": (
            "@article{feng2025tessera,\n  title={TESSERA: Temporal Embeddings of Surface "
            "Spectra for Earth Representation and Analysis},\n  author={Feng, Zhengpeng and "
            "Atzberger, Clement and Jaffer, Sadiq and Knezevic, Jovana and Sormunen, Silja and "
            "Young, Robin and Lisaius, Madeline C. and Immitzer, Markus and Coomes, David A. "
            "and Madhavapeddy, Anil and Blake, Andrew and Keshav, Srinivasan},\n  "
            "journal={arXiv preprint arXiv:2506.20380},\n  year={2025}\n}"),
        "download_size": "a few tens of MB per 0.1 degree tile and year (int8 (H, W, 128) and "
                         "float32 scales); download=True fetches the tiles asked for",
        "description": "TESSERA annual embeddings from Sentinel-1/2 time series: per 0.1 "
                       "degree tile grid_<lon>_<lat> (its centre) and year, an int8 (H, W, 128) "
                       ".npy and its float32 _scales.npy (embedding = int8 * scale), "
                       "georeferenced by the tile's land mask GeoTIFF (10 m, WGS 84 / UTM of "
                       "the tile's centre).",
    },
]
