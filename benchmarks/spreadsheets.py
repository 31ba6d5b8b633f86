"""Reading and validating a 10,000-row customer spreadsheet, XLSX and CSV (issue 5, figure c).

The files are generated in the run: a header with Italian aliases, MACs in mixed forms, one URL per
row (the worst case: real files repeat one URL), a provider, a label, and 1 % malformed rows.
``load_sheet`` (read + header detection + validation of every row) is timed against two baselines
measured in the same run on the same files:

* XLSX: python-calamine reading the sheet into Python lists, without validation;
* CSV: the stdlib ``csv`` module decoding and splitting the file, without validation.

Targets on the reference machine (issue 5): <= 1.5 s for the XLSX, <= 0.5 s for the CSV.
Each figure is the best of ``--repeat`` runs (the machine is shared; the minimum is the least noisy).

    .venv/bin/python benchmarks/spreadsheets.py [--rows 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from falconieri_desktop.core.spreadsheets import load_sheet

TARGETS = {"xlsx": 1.5, "csv": 0.5}
HEADER = ["Indirizzo MAC", "URL di provisioning", "Fornitore", "Descrizione", "Numero di serie"]


def rows(count: int) -> list[list[str]]:
    rng = random.Random(20250301)
    forms = ("{}:{}:{}:{}:{}:{}", "{}-{}-{}-{}-{}-{}", "{}{}{}{}{}{}", "{}{}.{}{}.{}{}")
    out = [HEADER]
    for i in range(count):
        octets = ["00", "04", "13", f"{i >> 16 & 255:02X}", f"{i >> 8 & 255:02X}", f"{i & 255:02X}"]
        mac = rng.choice(forms).format(*octets)
        if rng.random() < 0.5:
            mac = mac.lower()
        if i % 100 == 99:
            mac = mac[:-1] + "G"  # a typo: 1 % malformed
        out.append([mac, f"https://pbx{i % 7}.example.com/prov/{i}/{{mac}}.xml", "snom", f"Ufficio {i}",
                    f"SN{i:08d}"])
    return out


def best(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def calamine_only(path: Path) -> int:
    with CalamineWorkbook.from_path(path) as workbook:
        return len(workbook.get_sheet_by_index(0).to_python(skip_empty_area=False))


def csv_only(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    data = rows(args.rows)
    with tempfile.TemporaryDirectory() as folder:
        xlsx = Path(folder) / "phones.xlsx"
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Telefoni")
        for row in data:
            sheet.append(row)
        workbook.save(xlsx)
        csv_path = Path(folder) / "phones.csv"
        with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows(data)

        print(f"spreadsheets: {args.rows:,} data rows, best of {args.repeat} runs")
        cases: tuple[tuple[str, Path, str, Callable[[Path], int]], ...] = (
            ("xlsx", xlsx, "calamine read", calamine_only), ("csv", csv_path, "csv.reader", csv_only))
        for name, path, baseline_name, baseline in cases:
            base_time, _ = best(args.repeat, partial(baseline, path))
            load_time, parsed = best(args.repeat, partial(load_sheet, path))
            valid, invalid = len(parsed.candidates), len(parsed.invalid)
            assert valid + invalid == args.rows, "every row ends valid or with a problem"
            target = TARGETS[name]
            print(f"  {name:4}  load_sheet {load_time:6.3f} s  ({valid:,} valid, {invalid:,} with problems, "
                  f"{path.stat().st_size / 1e6:.1f} MB)")
            print(f"        target <= {target:.2f} s: {load_time / target:.2f} of target "
                  f"({'met' if load_time <= target else 'MISSED'})")
            print(f"        baseline {baseline_name} without validation {base_time:6.3f} s: "
                  f"load_sheet = {load_time / base_time:.1f}x baseline; "
                  f"{(load_time - base_time) / args.rows * 1e6:.1f} us/row for detection + validation")


if __name__ == "__main__":
    main()
