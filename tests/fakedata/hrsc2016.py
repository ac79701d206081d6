"""Fake HRSC2016: the tree the publisher's RAR volumes extract to, ``HRSC2016/`` holding
``FullDataSet/AllImages/<id>.bmp`` (24-bit RGB bitmaps), ``FullDataSet/Annotations/<id>.xml``
(``HRSC_Image`` documents with every field the publisher writes), ``FullDataSet/Sysdata.xml``
and ``ImageSets/{train,val,trainval,test}.txt`` (bare ids).

Images are ``HEIGHT`` x ``WIDTH`` (not square, so a transpose shows). Pixel (row, col) of the
``k``-th image is :func:`pixel`: ramps in the column (red) and row (green) offset by ``k``;
BMP is lossless, so tests compare exactly.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

HEIGHT, WIDTH = 20, 30
#: image number k -> objects: (Class_ID, difficult, (xmin, ymin, xmax, ymax),
#: (cx, cy, w, h, angle), (header_x, header_y))
OBJECTS: dict[int, list[tuple[str, int, tuple[float, ...], tuple[float, ...],
                              tuple[int, int]]]] = {
    1: [("100000005", 0, (10, 8, 20, 12), (15, 10, 10, 4, 0.0), (20, 10)),
        # u = (4, 3), v = (-1.5, 2): corners (5.5, 7) (13.5, 13) (10.5, 17) (2.5, 11)
        ("100000013", 1, (3, 7, 13, 17), (8, 12, 10, 5, math.atan2(3, 4)), (12, 15))],
    2: [("100000002", 0, (19, 2, 21, 10), (20, 6, 8, 2, -math.pi / 2), (20, 2))],
    3: [],  # an image without ships
    4: [("100000027", 0, (1, 1, 9, 5), (5, 3, 8, 4, 0.0), (9, 3)),
        ("100000001", 0, (22, 12, 28, 18), (25, 15, 6, 6, math.pi / 4), (27, 17))],
    5: [("100000018", 0, (4, 10, 16, 14), (10, 12, 12, 4, 0.0), (16, 12))],
}
SPLITS = {"train": [1, 2], "val": [3], "trainval": [1, 2, 3], "test": [4, 5]}
#: an image in no split list (the lists decide what a split holds)
UNLISTED = 6


def image_id(k: int) -> str:
    return f"1{k:08d}"


def pixel(k: int, row: Any, col: Any) -> tuple[Any, Any, Any]:
    """The RGB value written at (row, col) of image ``k``."""
    return 10 * k + 3 * col, 7 * k + 5 * row, 40 * k


def image(k: int) -> np.ndarray:
    """The whole ``[3, HEIGHT, WIDTH]`` image ``k`` as written."""
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH]
    return np.stack(np.broadcast_arrays(*pixel(k, rows, cols))).astype(np.uint8)


def _fields(values: dict[str, Any], indent: str) -> str:
    return "".join(f"{indent}<{k}>{v}</{k}>\n" for k, v in values.items())


def annotation(k: int) -> str:
    """Image ``k``'s annotation, laid out as the publisher's (fields in their order)."""
    head = _fields({
        "Img_ID": image_id(k), "Place_ID": "100000001", "Source_ID": "100000001",
        "Img_NO": image_id(k), "Img_FileName": image_id(k), "Img_FileFmt": "bmp",
        "Img_Date": "2014-07-01", "Img_CusType": "sealand", "Img_Des": "",
        "Img_Location": "69.040297,33.070036", "Img_SizeWidth": WIDTH,
        "Img_SizeHeight": HEIGHT, "Img_SizeDepth": 3, "Img_Resolution": "1.07",
        "Img_Resolution_Layer": 18, "Img_Scale": 100, "Img_SclPxlNum": "", "segmented": 0,
        "Img_Havemask": 0, "Img_MaskFileName": "", "Img_MaskFileFmt": "", "Img_MaskType": "",
        "Img_SegFileName": "", "Img_SegFileFmt": "", "Img_Rotation": "000d",
        "Annotated": 1 if OBJECTS.get(k) else 0,
    }, "  ")
    objects = []
    for number, (class_id, difficult, box, mbox, header) in enumerate(OBJECTS.get(k, []), 1):
        fields = {"Object_ID": f"1{number:08d}", "Class_ID": class_id,
                  "Object_NO": f"1{number:08d}", "truncated": 0, "difficult": difficult}
        fields.update(zip(("box_xmin", "box_ymin", "box_xmax", "box_ymax"), box))
        fields.update(zip(("mbox_cx", "mbox_cy", "mbox_w", "mbox_h"), mbox[:4]))
        fields["mbox_ang"] = f"{mbox[4]:.7g}"  # radians, 7 significant digits as published
        fields.update({"segmented": 0, "seg_color": "", "header_x": header[0],
                       "header_y": header[1]})
        objects.append("    <HRSC_Object>\n" + _fields(fields, "      ") + "    </HRSC_Object>\n")
    return ("<HRSC_Image>\n" + head + "  <HRSC_Objects>\n" + "".join(objects)
            + "  </HRSC_Objects>\n</HRSC_Image>\n")


SYSDATA = """<HRSC_System>
  <HRSC_Classes>
    <HRSC_Class><Class_ID>100000001</Class_ID><Class_Name>ship</Class_Name>
      <Class_EngName>ship</Class_EngName><HRS_Class_ID></HRS_Class_ID></HRSC_Class>
    <HRSC_Class><Class_ID>100000002</Class_ID><Class_Name>air</Class_Name>
      <Class_EngName>aircraft carrier</Class_EngName><HRS_Class_ID>100000001</HRS_Class_ID>
    </HRSC_Class>
  </HRSC_Classes>
</HRSC_System>
"""


def make(root: Path) -> dict[str, Any]:
    """Write ``root/HRSC2016/`` as the publisher's archives extract. Returns ``dir`` (the
    ``HRSC2016`` folder)."""
    from PIL import Image

    base = root / "HRSC2016"
    full = base / "FullDataSet"
    for name in ("AllImages", "Annotations", "LandMask", "Segmentations"):
        (full / name).mkdir(parents=True)
    (base / "ImageSets").mkdir()
    for k in [*OBJECTS, UNLISTED]:
        Image.fromarray(image(k).transpose(1, 2, 0)).save(full / "AllImages" / f"{image_id(k)}.bmp")
        (full / "Annotations" / f"{image_id(k)}.xml").write_text(annotation(k), encoding="utf-8")
    (full / "Sysdata.xml").write_text(SYSDATA, encoding="utf-8")
    for split, numbers in SPLITS.items():
        (base / "ImageSets" / f"{split}.txt").write_text(
            "".join(f"{image_id(k)}\n" for k in numbers), encoding="utf-8")
    return {"dir": base}
