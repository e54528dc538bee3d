"""Reading and validating an index set (bộ chỉ số CCHC) from a spreadsheet (CSV or XLSX).

Columns are found by name, in any order, whatever their case or diacritics: ``Mã`` (code), ``Tên`` (name),
``Điểm tối đa`` (maximum), ``Hình thức`` (``tự đánh giá`` or ``điều tra xã hội học``), ``Cách chấm`` (the rule,
see ``cchc.core.scoring``; empty for a field or criterion that has sub-criteria), ``Đơn vị chủ trì``
(responsible office), ``Tài liệu kiểm chứng`` (evidence expected); optional ``Hướng dẫn`` (guidance),
``Chỉ số đo`` (an indicator of the KPI engine that measures the rate automatically) and ``Ghi chú`` (note,
e.g. "minh họa"). In a CSV, lines starting with ``#`` before the header are comments.

The tree comes from the codes: "1.2" is a child of "1", "1.2.3" of "1.2". A set is refused whole when any
problem is found; every problem names the criterion code (or the line when the code itself is wrong).
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from cchc.core.scoring import fmt, parse_rule, rule_problems
from cchc.core.text import clean, nul_problem
from cchc.core.xlsx import expansion_problem

TOTAL = Decimal(100)
INDICATORS = ("online_rate", "on_time_rate", "digitised_rate", "online_payment_rate", "e_result_rate")
METHODS = {"tự đánh giá": "self", "tự chấm": "self", "điều tra xã hội học": "survey", "điều tra": "survey"}
COLUMNS = {
    "code": "Mã",
    "name": "Tên",
    "max_score": "Điểm tối đa",
    "method": "Hình thức",
    "rule": "Cách chấm",
    "responsible": "Đơn vị chủ trì",
    "evidence": "Tài liệu kiểm chứng",
    "guidance": "Hướng dẫn",
    "indicator": "Chỉ số đo",
    "note": "Ghi chú",
}
REQUIRED = ("code", "name", "max_score", "method", "rule", "responsible", "evidence")
MULTILINE = frozenset({"evidence", "guidance"})  # the other columns are one line (docs/security.md)
_CODE = re.compile(r"^\d+(\.\d+)*$")


class SetFileError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Bộ chỉ số bị từ chối, không nạp tiêu chí nào:\n" + "\n".join(problems))


@dataclass
class CriterionRow:
    line: int
    code: str
    name: str
    max_score: Decimal
    method: str
    rule: str
    responsible: str
    evidence: str
    guidance: str = ""
    indicator: str = ""
    note: str = ""
    children: list["CriterionRow"] = field(default_factory=list)

    @property
    def parent_code(self) -> str | None:
        return self.code.rpartition(".")[0] or None

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1


def _key(text: str) -> str:
    """Header matching: case, diacritics, đ and spacing do not matter."""
    decomposed = unicodedata.normalize("NFD", str(text or "").casefold().replace("đ", "d"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_BY_KEY = {_key(label): name for name, label in COLUMNS.items()}


def read_table(data: bytes, filename: str = "") -> list[list[str]]:
    """The rows of the first sheet (XLSX) or of the CSV, as NFC strings, comment lines dropped."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if problem := nul_problem(data):
        raise SetFileError([f"Tệp bị từ chối: {problem}."])
    try:
        text = unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SetFileError([f"Tệp không phải UTF-8 (byte thứ {exc.start + 1})."]) from exc
    lines = text.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    dialect = ";" if lines and lines[0].count(";") > lines[0].count(",") else ","
    return [row for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=dialect)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    problem = expansion_problem(io.BytesIO(data))
    if problem:
        raise SetFileError([f"Tệp bị từ chối: {problem}."])
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SetFileError([f"Không đọc được tệp Excel: {exc}."]) from exc
    rows = []
    for values in sheet.iter_rows(values_only=True):
        cells = ["" if v is None else unicodedata.normalize("NFC", str(v)) for v in values]
        if not rows and (not any(c.strip() for c in cells) or cells[0].startswith("#")):
            continue
        rows.append(cells)
    return rows


def parse_set(data: bytes, filename: str = "") -> list[CriterionRow]:
    """Parse and validate a whole set; return its rows in file order or raise ``SetFileError``."""
    table = read_table(data, filename)
    if not table:
        raise SetFileError(["Tệp không có dòng nào."])
    header = [_BY_KEY.get(_key(cell)) for cell in table[0]]
    missing = [COLUMNS[name] for name in REQUIRED if name not in header]
    if missing:
        found = ", ".join(c for c in table[0] if c.strip()) or "không có"
        raise SetFileError([f"Thiếu cột: {', '.join(missing)} (các cột tìm thấy: {found})."])

    problems: list[str] = []
    rows: list[CriterionRow] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(table[1:], start=2):
        values = {
            name: clean(cell, lines=name in MULTILINE)
            for name, cell in zip(header, cells, strict=False)
            if name
        }
        if not any(values.values()):
            continue
        code = values.get("code", "").rstrip(".")
        if not _CODE.match(code):
            problems.append(f"Dòng {line}: mã '{code}' không đúng dạng (ví dụ 1, 1.2, 1.2.3).")
            continue
        if code in seen:
            problems.append(f"Tiêu chí {code}: mã bị trùng (dòng {seen[code]} và dòng {line}).")
            continue
        seen[code] = line
        row = _row(line, code, values, problems)
        if row is not None:
            rows.append(row)

    problems.extend(tree_problems(rows, seen))
    if not rows and not problems:
        problems.append("Tệp không có tiêu chí nào.")
    if problems:
        raise SetFileError(problems)
    return rows


def _row(line: int, code: str, values: dict[str, str], problems: list[str]) -> CriterionRow | None:
    found: list[str] = []
    name = values.get("name", "")
    if not name:
        found.append("thiếu tên")
    raw_max = values.get("max_score", "").replace(",", ".")
    try:
        max_score = Decimal(raw_max)
        if not max_score.is_finite() or max_score <= 0 or max_score != round(max_score, 2):
            raise InvalidOperation
    except InvalidOperation:
        found.append(
            f"điểm tối đa '{values.get('max_score', '')}' phải là số dương, tối đa 2 chữ số thập phân"
        )
        max_score = Decimal(0)
    method = METHODS.get(" ".join(values.get("method", "").casefold().split()))
    if method is None:
        found.append(
            f"hình thức '{values.get('method', '')}' không hợp lệ (tự đánh giá hoặc điều tra xã hội học)"
        )
    indicator = values.get("indicator", "")
    if indicator and indicator not in INDICATORS:
        found.append(f"chỉ số đo '{indicator}' không có (chỉ nhận: {', '.join(INDICATORS)})")
    if found:
        problems.extend(f"Tiêu chí {code}: {p}." for p in found)
        return None
    return CriterionRow(
        line=line,
        code=code,
        name=name,
        max_score=max_score,
        method=method,
        rule=values.get("rule", ""),
        responsible=values.get("responsible", ""),
        evidence=values.get("evidence", ""),
        guidance=values.get("guidance", ""),
        indicator=indicator,
        note=values.get("note", ""),
    )


def tree_problems(rows: list[CriterionRow], all_codes: dict[str, int] | None = None) -> list[str]:
    """Problems of the tree: missing parents, maxima that do not add up, rules that are not well-formed."""
    if all_codes is None:
        all_codes = {row.code: row.line for row in rows}
    for row in rows:
        row.children = []
    problems: list[str] = []
    by_code = {row.code: row for row in rows}
    for row in rows:
        parent = row.parent_code
        if parent is None:
            continue
        if parent not in all_codes:
            problems.append(f"Tiêu chí {row.code}: không có tiêu chí cha '{parent}' trong bộ chỉ số.")
        elif parent in by_code:
            by_code[parent].children.append(row)
    for row in rows:
        problems.extend(f"Tiêu chí {row.code}: {p}." for p in _node_problems(row))
    roots = [row for row in rows if row.parent_code is None]
    total = sum((row.max_score for row in roots), Decimal(0))
    if rows and total != TOTAL and len(roots) == len([c for c in all_codes if "." not in c]):
        problems.append(f"Tổng điểm tối đa của các lĩnh vực là {fmt(total)}, phải là {fmt(TOTAL)}.")
    return problems


def _node_problems(row: CriterionRow) -> list[str]:
    if row.children:
        found = []
        total = sum((child.max_score for child in row.children), Decimal(0))
        if total != row.max_score:
            codes = ", ".join(child.code for child in row.children)
            found.append(
                f"tổng điểm tối đa của các tiêu chí con ({codes}) là {fmt(total)}, "
                f"khác điểm tối đa {fmt(row.max_score)}"
            )
        if row.rule:
            found.append("có tiêu chí con nên không ghi cách chấm (điểm là tổng của các tiêu chí con)")
        if row.indicator:
            found.append("có tiêu chí con nên không gắn chỉ số đo")
        return found
    if row.method == "survey":
        if row.indicator:
            return ["tiêu chí điều tra xã hội học không gắn chỉ số đo"]
        return rule_problems(row.rule, Fraction(row.max_score)) if row.rule else []
    found = rule_problems(row.rule, Fraction(row.max_score))
    if not found and row.indicator and parse_rule(row.rule).input_kind != "rate":
        found.append("tiêu chí gắn chỉ số đo phải chấm theo bậc tỷ lệ hoặc tỷ lệ thuận")
    return found
