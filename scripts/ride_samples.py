"""`make ride-samples`: a PDF and a first-page PNG of each RIDE template, multi-page invoice included,
and of the plain layout (a quotation and a sales order, with the sample logo).

Writes to $RUN_DIR/samples (default .run/samples) and prints each path. The PNG needs
pdftoppm (poppler-utils); without it only the PDFs are written.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.renderer_mailer.ride import render_pdf, render_plain_pdf  # noqa: E402
from tests.renderer_mailer.rides import LOGO, PLAIN_DATE, PLAIN_NUMBER, plain_samples, samples  # noqa: E402


def documents() -> dict[str, bytes]:
    """Each sample's PDF, by file name."""
    pdfs = {name: render_pdf(ride) for name, ride in samples().items()}
    for name, (kind, plain) in plain_samples().items():
        pdfs[name] = render_plain_pdf(plain, document_type=kind, number=PLAIN_NUMBER, issue_date=PLAIN_DATE,
                                      logo=LOGO)
    return pdfs


def main() -> int:
    out = Path(os.environ.get("RUN_DIR", ROOT / ".run")) / "samples"
    out.mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    for name, data in documents().items():
        pdf = out / f"{name}.pdf"
        pdf.write_bytes(data)
        print(pdf)
        if pdftoppm:
            subprocess.run([pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            str(out / name)], check=True)
            print(out / f"{name}.png")
    if not pdftoppm:
        print("pdftoppm not found (apt-get install poppler-utils): PNGs not written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
