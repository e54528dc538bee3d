"""The Friday report of 25 November 2022, as ``cchc weekly-report --date 2022-11-25`` makes it.

Usage (on a database filled by bench/kpi_dashboard.py):
    CCHC_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench .venv/bin/python bench/weekly_report.py
Options: --runs 5, --json FILE (the figures, for bench/suite.py).

In-process, median of ``--runs``, with the figure cache emptied before each run (what the Friday job pays):
the whole report (figures, DOCX and XLSX, archived in the media folder and the database), and apart its two
parts: the figures (the month-to-date and week boards and the overdue list) and writing the two documents.
PDF (LibreOffice) is timed apart, once, when ``soffice`` is installed: the reports are written with
``CCHC_REPORT_PDF=0`` so that it never hides in the total.
"""

import argparse
import os
import sys
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
if "CCHC_DATABASE_URL" not in os.environ:
    sys.exit("Name the database with CCHC_DATABASE_URL (a benchmark never writes to the default one).")
os.environ["CCHC_REPORT_PDF"] = "0"
import django  # noqa: E402

django.setup()

from common import median_seconds, stop_on_sigterm, write_json  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from cchc.dossiers.documents import docx_to_pdf, pdf_converter  # noqa: E402
from cchc.reports import documents  # noqa: E402
from cchc.reports.services import weekly_content, weekly_report_make  # noqa: E402

FRIDAY = date(2022, 11, 25)


def cold(action):
    def run():
        cache.clear()
        return action()

    return run


def weekly(runs: int) -> dict:
    total = median_seconds(cold(lambda: weekly_report_make(actor=None, report_date=FRIDAY)), runs)
    content_seconds = median_seconds(cold(lambda: weekly_content(report_date=FRIDAY)), runs)
    content = weekly_content(report_date=FRIDAY)
    docx = documents.docx(content)
    writing = median_seconds(lambda: (documents.docx(content), documents.xlsx(content)), runs)
    pdf = None
    if pdf_converter():
        began = time.perf_counter()
        docx_to_pdf(docx)
        pdf = time.perf_counter() - began
    return {"total": total, "figures": content_seconds, "documents": writing, "pdf": pdf, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json")
    options = parser.parse_args()
    stop_on_sigterm()
    figures = weekly(options.runs)
    print(
        f"Friday report of {FRIDAY:%d/%m/%Y} ({connection.vendor}), median of {options.runs}, cache emptied:"
    )
    print(f"  DOCX + XLSX, archived: {figures['total']:.2f} s")
    print(
        f"  of which the figures {figures['figures']:.2f} s, the two documents {figures['documents']:.2f} s"
    )
    print(
        f"  PDF: {f'{figures["pdf"]:.1f} s' if figures['pdf'] is not None else 'LibreOffice not installed'}"
    )
    write_json(options.json, figures)


if __name__ == "__main__":
    main()
