"""ReportLab's C accelerators (``rl_accel``) change the speed of PDF writing, never its bytes.

The demo handout is rendered in two fresh processes, one with ``_rl_accel`` importable and one
with it hidden (ReportLab then formats numbers and escapes strings in Python): same PDF.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RENDER = """
import sys
if sys.argv[1] == "hidden":
    sys.modules["_rl_accel"] = None  # import fails: ReportLab's pure-Python functions
from pathlib import Path
from reportlab.lib import rl_accel
from handouts.pipeline import RenderContext, render
Path(sys.argv[3]).write_bytes(render("back-pain-after-surgery", "demo", "th", RenderContext(Path(sys.argv[2]))).pdf)
print(len(rl_accel._c_funcs))
"""


def test_same_bytes_with_and_without_the_accelerator(workspace: Path, tmp_path: Path) -> None:
    pytest.importorskip("_rl_accel")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HANDOUTS_NO_CACHE": "1", "SOURCE_DATE_EPOCH": "1795564800"}
    out = {}
    for mode in ("accelerated", "hidden"):
        pdf = tmp_path / f"{mode}.pdf"
        done = subprocess.run([sys.executable, "-c", RENDER, mode, str(workspace), str(pdf)], env=env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        out[mode] = (int(done.stdout.strip()), pdf.read_bytes())
    assert out["accelerated"][0] > 0 and out["hidden"][0] == 0  # the accelerator was used, then not
    assert out["accelerated"][1] == out["hidden"][1]
