"""The dataset spec's bands, wavelengths, bandwidths and GSD reach any-sensor models, through
a data module in Python and through ``geoplug fit`` configs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from geoplug.core import sensors
from geoplug.trainers import (
    ClassificationTask,
    GeoDataModule,
    NonGeoDataModule,
    SemanticSegmentationTask,
)
from geoplug.trainers.cli import build_cli
from geoplug.trainers.spectral import dataset_inputs, model_accepts
from testkit.standins import standin_models

EUROSAT_BANDS = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09", "B10", "B11",
                 "B12", "B8A"]


@pytest.fixture
def received() -> Iterator[list[dict[str, Any]]]:
    with standin_models() as log:
        yield log


def test_eurosat_spec_gives_bands_wavelengths_in_micrometres_and_gsd() -> None:
    info = dataset_inputs("eurosat")
    assert info["bands"] == EUROSAT_BANDS and info["gsd"] == 10.0
    waves = dict(zip(EUROSAT_BANDS, info["wavelengths"]))
    # Sentinel-2 MSI centre wavelengths (ESA): B02 ~0.49 um, B04 ~0.665, B8A ~0.865, B12 ~2.19
    assert waves["B02"] == pytest.approx(0.49, abs=0.01)
    assert waves["B04"] == pytest.approx(0.665, abs=0.01)
    assert waves["B8A"] == pytest.approx(0.865, abs=0.01)
    assert waves["B12"] == pytest.approx(2.19, abs=0.03)
    table = sensors.wavelengths(EUROSAT_BANDS, "sentinel2")  # nm, the one sensor table
    assert info["wavelengths"] == pytest.approx([w / 1000 for w in table])
    assert len(info["bandwidths"]) == 13 and all(0 < b < 0.2 for b in info["bandwidths"])
    # a band subset keeps its order
    subset = dataset_inputs("eurosat", {"bands": ["B04", "B03", "B02"]})
    assert subset["bands"] == ["B04", "B03", "B02"]
    assert subset["wavelengths"] == pytest.approx([waves["B04"], waves["B03"], waves["B02"]])
    assert dataset_inputs("not_a_dataset") == {}


def test_a_task_built_through_the_data_module_gets_the_wavelengths(
        tmp_path: Path, received: list[dict[str, Any]]) -> None:
    dm = NonGeoDataModule("eurosat", root=str(tmp_path))
    kwargs = dm.task_kwargs("recording_model")
    task = ClassificationTask(model="recording_model", num_classes=10, **kwargs)
    got = received[-1]
    assert got["in_chans"] == 13 and task.hparams["bands"] == EUROSAT_BANDS
    assert got["wavelengths"] == pytest.approx(dataset_inputs("eurosat")["wavelengths"])
    assert got["bandwidths"] == pytest.approx(dataset_inputs("eurosat")["bandwidths"])
    assert got["gsd"] == 10.0
    # a model without spectral arguments gets the bands, sensor and the spec's RGB bands only
    plain = dm.task_kwargs("timm/test_resnet")
    assert plain["bands"] == EUROSAT_BANDS and plain["in_chans"] == 13
    assert plain["model_kwargs"] == {"sensor": "Sentinel-2 MSI L1C",
                                     "rgb_bands": ["B04", "B03", "B02"]}
    # what the caller sets wins; wavelengths of other bands than the model's are not given
    mine = dm.task_kwargs("recording_model", model_kwargs={"gsd": 20.0})
    assert mine["model_kwargs"]["gsd"] == 20.0
    other = dm.task_kwargs("recording_model", in_chans=3, bands=["B04", "B03", "B02"])
    assert "wavelengths" not in other["model_kwargs"] and other["bands"] == ["B04", "B03", "B02"]


def test_geo_data_module_reads_the_image_layer(received: list[dict[str, Any]]) -> None:
    dm = GeoDataModule([{"name": "sentinel2", "paths": "nowhere", "bands": ["B04", "B08"]},
                        "tiny_scene_mask"])
    info = dm.model_inputs()
    assert info["bands"] == ["B04", "B08"]
    assert info["wavelengths"] == pytest.approx(
        [w / 1000 for w in sensors.wavelengths(["B04", "B08"], "sentinel2")])


def test_task_kwargs_give_segmentation_tasks_the_specs_no_data_mask_value(
        tmp_path: Path, received: list[dict[str, Any]]) -> None:
    # Sen1Floods11 marks unlabelled pixels -1: trained and scored as a class without it
    floods = NonGeoDataModule("sen1floods11", root=str(tmp_path))
    kwargs = floods.task_kwargs("recording_model")
    assert kwargs["ignore_index"] == -1
    task = SemanticSegmentationTask(model="recording_model", num_classes=2, **kwargs)
    assert task.hparams["ignore_index"] == -1
    assert floods.task_kwargs("recording_model",
                              task=SemanticSegmentationTask)["ignore_index"] == -1
    # a task without the argument (told by ``task``) is not given it
    assert "ignore_index" not in floods.task_kwargs("recording_model", task=ClassificationTask)
    # a spec without one gives none
    assert "ignore_index" not in NonGeoDataModule(
        "eurosat", root=str(tmp_path)).task_kwargs("recording_model")
    # masks whose code 0 is the publisher's no data / unlabelled (trained as a class before)
    for name in ("loveda", "five_billion_pixels"):
        assert NonGeoDataModule(name, root=str(tmp_path)).task_kwargs(
            "recording_model")["ignore_index"] == 0
    assert GeoDataModule([{"name": "agrifieldnet", "paths": "nowhere"}]).task_kwargs(
        "recording_model")["ignore_index"] == 0
    from geoplug.trainers.spectral import label_ignore_index

    for name in ("benin_cashew", "chesapeake_cvpr", "esa_worldcover", "esri2020",
                 "south_africa_crop_type", "enviroatlas", "dfc2022"):
        assert label_ignore_index(name) == 0, name
    for name, value in (("pastis", 19), ("pastis100", 19), ("openearthmap", 0),
                        ("deepglobe_land_cover", 6)):  # void, unknown: not scored
        assert label_ignore_index(name) == value, name
    assert label_ignore_index({"name": "pastis", "target": "instance"}) is None
    # CVPR's building masks: 0 is "no building", a class
    assert label_ignore_index({"name": "chesapeake_cvpr", "mask_layer": "buildings"}) is None
    # a geo data module: the label layer's (Chesapeake's 0 = no data)
    geo = GeoDataModule([{"name": "naip", "paths": "nowhere"},
                         {"name": "chesapeake", "paths": "nowhere"}])
    assert geo.task_kwargs("recording_model")["ignore_index"] == 0
    assert GeoDataModule([{"name": "naip", "paths": "nowhere"},
                          "tiny_scene_mask"]).label_ignore_index() is None


def test_decoder_models_take_wavelengths_when_their_encoder_does(
        received: list[dict[str, Any]]) -> None:
    assert model_accepts("recording_model", "wavelengths")
    assert model_accepts("upernet", "wavelengths", {"encoder": "recording_model"})
    assert not model_accepts("upernet", "wavelengths", {"encoder": "timm/test_vit"})
    assert not model_accepts("upernet", "wavelengths")  # default encoder: a plain ViT
    assert not model_accepts("unet", "wavelengths")  # **kwargs does not count
    assert not model_accepts("timm/test_resnet", "wavelengths")


def test_geoplug_fit_config_passes_the_spec_to_the_model(
        tmp_path: Path, received: list[dict[str, Any]]) -> None:
    config = {
        "model": {"class_path": "classification",
                  "init_args": {"model": "recording_model", "in_chans": 13, "num_classes": 10}},
        "data": {"class_path": "nongeo_datamodule",
                 "init_args": {"dataset": "eurosat", "root": str(tmp_path)}},
        "trainer": {"logger": False, "default_root_dir": str(tmp_path)},
    }
    path = tmp_path / "dofa_like.yaml"
    path.write_text(yaml.safe_dump(config))
    cli = build_cli(["--config", str(path)], run=False)
    got = received[-1]
    assert got["wavelengths"] == pytest.approx(dataset_inputs("eurosat")["wavelengths"])
    assert got["gsd"] == 10.0
    assert cli.model.hparams["bands"] == EUROSAT_BANDS
    assert cli.model.hparams["model_kwargs"]["wavelengths"] == got["wavelengths"]
    # wavelengths written in the config win over the spec's
    config["model"]["init_args"]["model_kwargs"] = {"wavelengths": [0.5] * 13}
    path.write_text(yaml.safe_dump(config))
    build_cli(["--config", str(path)], run=False)
    assert received[-1]["wavelengths"] == [0.5] * 13
    # model bands in another order than the data's would put kernels on other channels
    config["model"]["init_args"]["bands"] = [EUROSAT_BANDS[3], *EUROSAT_BANDS[:3],
                                             *EUROSAT_BANDS[4:]]
    path.write_text(yaml.safe_dump(config))
    with pytest.raises(ValueError, match=r"the model's bands .* are not the data's"):
        build_cli(["--config", str(path)], run=False)
    config["model"]["init_args"]["bands"] = EUROSAT_BANDS  # the data's: accepted
    path.write_text(yaml.safe_dump(config))
    assert build_cli(["--config", str(path)], run=False).model.hparams["bands"] == EUROSAT_BANDS


def test_geoplug_fit_takes_the_label_layers_ignore_index(tmp_path: Path) -> None:
    # Sen1Floods11 marks unlabelled pixels -1: left out of loss and metrics unless the config
    # says otherwise (a 0 "No Data" class would be trained and scored as a class)
    import geoplug.datasets

    bands = geoplug.datasets.info("sen1floods11").bands
    config = {
        "model": {"class_path": "segmentation",
                  "init_args": {"model": "fcn", "in_chans": len(bands), "num_classes": 2,
                                "model_kwargs": {"num_filters": 4}}},
        "data": {"class_path": "nongeo_datamodule",
                 "init_args": {"dataset": "sen1floods11", "root": str(tmp_path)}},
        "trainer": {"logger": False, "default_root_dir": str(tmp_path)},
    }
    path = tmp_path / "floods.yaml"
    path.write_text(yaml.safe_dump(config))
    assert build_cli(["--config", str(path)], run=False).model.hparams["ignore_index"] == -1
    config["model"]["init_args"]["ignore_index"] = 7  # the config's own wins
    path.write_text(yaml.safe_dump(config))
    assert build_cli(["--config", str(path)], run=False).model.hparams["ignore_index"] == 7


def test_a_multi_sensor_spec_names_the_sensor_of_the_chosen_bands() -> None:
    optical = dataset_inputs("pastis", {"bands": ["B02", "B8A"]})
    assert optical["sensor"] == "Sentinel-2"
    assert optical["wavelengths"] == pytest.approx(
        [w / 1000 for w in sensors.wavelengths(["B02", "B8A"], "sentinel2")])
    mixed = dataset_inputs("pastis")  # Sentinel-2 and Sentinel-1 bands: no one sensor has all
    assert "sensor" not in mixed and "wavelengths" not in mixed  # SAR has no wavelength
    assert mixed["bands"][-3:] == ["VV", "VH", "VV/VH"]


@pytest.mark.parametrize(("kwargs", "sensor", "band", "nm"), [
    # TM's band 1 is blue (~485 nm), OLI's band 1 coastal aerosol (~443 nm): a TM product
    # must not get the default OLI product's wavelengths, nor an ETM+ one TM's sensor
    ({"product": "tm_toa"}, "Landsat 5 TM", "B1", 485),
    ({"product": "etm_sr"}, "Landsat 7 ETM+", "SR_B4", 835),
    ({"product": "oli_tirs_toa"}, "Landsat 8 OLI/TIRS", "B1", 443),
    ({}, "Landsat 8 OLI/TIRS", "SR_B1", 443),
])
def test_an_argument_that_picks_the_product_picks_its_bands_and_sensor(
        kwargs: dict[str, str], sensor: str, band: str, nm: float) -> None:
    info = dataset_inputs("ssl4eo_l", kwargs)
    assert info["sensor"] == sensor
    waves = dict(zip(info["bands"], info["wavelengths"]))
    assert waves[band] == pytest.approx(nm / 1000, abs=0.006)
    assert info["wavelengths"] == pytest.approx(
        [w / 1000 for w in sensors.wavelengths(info["bands"], sensor)])


def test_sar_and_multispectral_products_and_their_resolution() -> None:
    radar = dataset_inputs("ssl4eo_s12", {"product": "s1"})
    assert radar["bands"] == ["VV", "VH"] and radar["sensor"] == "Sentinel-1"
    assert dataset_inputs("spacenet1", {"image": "8band"})["gsd"] == 2.0
    assert len(dataset_inputs("spacenet1", {"image": "8band"})["bands"]) == 8
    assert dataset_inputs("spacenet1")["gsd"] == 0.5
    # a subset picked with bands= is a subset of the product's bands
    assert dataset_inputs("ssl4eo_l", {"product": "tm_toa", "bands": ["B3"]})["bands"] == ["B3"]
    with pytest.raises(ValueError, match="tm_oli"):
        dataset_inputs("ssl4eo_l", {"product": "tm_oli"})


def test_augmented_masks_take_the_specs_no_data_value_outside_the_image(
        tmp_path: Path) -> None:
    # a rotation brings pixels in from outside the chip: they were class 0 (Sen1Floods11's
    # "no water"), trained as such; the data module gives them the spec's ignore index
    import kornia.augmentation as K
    import torch

    from geoplug.core.transforms import AugmentationSequential

    rotate = AugmentationSequential(K.RandomRotation((30.0, 30.0), p=1.0))
    floods = NonGeoDataModule("sen1floods11", root=str(tmp_path), augmentations=rotate)
    augment = floods._augmenter(temporal=False)
    assert augment is rotate and rotate.mask_fill == -1
    out = augment({"image": torch.rand(1, 2, 16, 16), "mask": torch.ones(1, 16, 16,
                                                                          dtype=torch.long)})
    assert set(out["mask"].unique().tolist()) == {-1, 1}
    # a fill the user chose stays
    own = AugmentationSequential(K.RandomRotation((30.0, 30.0), p=1.0), mask_fill=7)
    NonGeoDataModule("sen1floods11", root=str(tmp_path), augmentations=own)._augmenter(False)
    assert own.mask_fill == 7
