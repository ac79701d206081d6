"""Every installed weights entry names its bands as the sensor table does (a typo or a new
naming shows up here; the exceptions, with reasons, are in testkit.sensor_names)."""

from __future__ import annotations

import pytest

from testkit.sensor_names import check_entry, installed_entries

ENTRIES = installed_entries("weights")


def test_entries_were_found() -> None:
    assert len(ENTRIES) > 10  # the plugin is installed and its entries name known sensors


@pytest.mark.parametrize(("kind", "name", "names", "bands"), ENTRIES)
def test_bands_are_the_sensors(kind: str, name: str, names: tuple[str, ...],
                               bands: tuple[str, ...]) -> None:
    check_entry(kind, name, names, bands)
