"""Reading and validating an index set (bộ chỉ số CCHC) from a spreadsheet (CSV or XLSX).

Columns are found by name, in any order, whatever their case or diacritics: ``Mã`` (code), ``Tên`` (name),
``Điểm tối đa`` (maximum), ``Hình thức`` (``tự đánh giá`` or ``điều tra xã hội học``), ``Cách chấm`` (the rule,
see ``cchc.core.scoring``; empty for a field or criterion that has sub-criteria), ``Đơn vị chủ trì``
(responsible office), ``Tài liệu kiểm chứng`` (evidence expected); optional ``Hướng dẫn`` (guidance),
``Chỉ số đo`` (an indicator of the KPI engine that measures the rate automatically) and ``Ghi chú`` (note,
e.g. "minh họa"). The file is read by ``cchc.core.sheet`` (CSV, XLSX or XLS): the header may come after a title
block, blank rows or comment lines, its names may be written in any case, NFC or NFD, or by an alias ("Tên
tiêu chí", "Cách chấm điểm"…). A group — an item with children, e.g. a field ``1`` scored as the sum of its
criteria — needs no method and no rule.

The tree comes from the codes: "1.2" is a child of "1", "1.2.3" of "1.2". A set is refused whole when any
problem is found; every problem names the criterion code (or the line when the code itself is wrong).
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from cchc.core import numbers
from cchc.core.scoring import fmt, parse_rule, rule_problems
from cchc.core.sheet import Column, Layout, Record, TableError, read_records

TOTAL = Decimal(100)
MULTILINE = frozenset({"evidence", "guidance"})  # the other columns are one line (docs/security.md)
MAX_SCORE = Decimal("9999.99")  # the stored maximum has four integer digits and two decimals
INDICATORS = ("online_rate", "on_time_rate", "digitised_rate", "online_payment_rate", "e_result_rate")
METHODS = {"tự đánh giá": "self", "tự chấm": "self", "điều tra xã hội học": "survey", "điều tra": "survey"}
COLUMNS = (
    Column("code", "Mã", ("Mã tiêu chí", "Mã số"), required=True),
    Column("name", "Tên", ("Tên tiêu chí", "Lĩnh vực, tiêu chí", "Tiêu chí", "Nội dung"), required=True),
    Column("max_score", "Điểm tối đa", ("Điểm tối đa (điểm)", "Điểm chuẩn"), required=True),
    Column("method", "Hình thức", ("Hình thức đánh giá", "Hình thức chấm"), required=True),
    Column("rule", "Cách chấm", ("Cách chấm điểm", "Phương pháp chấm"), required=True),
    Column("responsible", "Đơn vị chủ trì", ("Cơ quan chủ trì", "Đơn vị thực hiện"), required=True),
    Column("evidence", "Tài liệu kiểm chứng", ("Tài liệu kiểm chứng (TLKC)",), required=True),
    Column("guidance", "Hướng dẫn", ("Hướng dẫn chấm",)),
    Column("indicator", "Chỉ số đo"),
    Column("note", "Ghi chú"),
)
LAYOUT = Layout.of(COLUMNS)
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


def parse_set(data: bytes, filename: str = "") -> list[CriterionRow]:
    """Parse and validate a whole set; return its rows in file order or raise ``SetFileError``."""
    try:
        _, records = read_records(data, filename, LAYOUT, multiline=MULTILINE)
    except TableError as error:
        raise SetFileError([str(error)]) from error

    problems: list[str] = []
    rows: list[CriterionRow] = []
    seen: dict[str, int] = {}
    for record in records:
        line = record.line
        code = record["code"].rstrip(".")
        if not _CODE.match(code):
            problems.append(f"Dòng {line}: mã '{code}' không đúng dạng (ví dụ 1, 1.2, 1.2.3).")
            continue
        if code in seen:
            problems.append(f"Tiêu chí {code}: mã bị trùng (dòng {seen[code]} và dòng {line}).")
            continue
        seen[code] = line
        row = _row(line, code, record, problems)
        if row is not None:
            rows.append(row)

    problems.extend(tree_problems(rows, seen))
    problems.extend(_group_methods(rows))
    if not rows and not problems:
        problems.append("Tệp không có tiêu chí nào.")
    if problems:
        raise SetFileError(problems)
    return rows


def _group_methods(rows: list[CriterionRow]) -> list[str]:
    """A group (an item with children) needs no method: it is a survey when all its children are, else self.

    Deepest groups first, so that a group of groups sees its children's methods. A leaf needs one.
    """
    for row in sorted(rows, key=lambda r: -r.depth):
        if not row.method and row.children:
            row.method = "survey" if all(c.method == "survey" for c in row.children) else "self"
    return [
        f"Tiêu chí {row.code}: thiếu hình thức (tự đánh giá hoặc điều tra xã hội học)."
        for row in rows
        if not row.method
    ]


def _row(line: int, code: str, values: Record, problems: list[str]) -> CriterionRow | None:
    found: list[str] = []
    name = values["name"]
    if not name:
        found.append("thiếu tên")
    try:
        max_score = numbers.parse_decimal(values["max_score"], maximum=MAX_SCORE, places=2)
        if max_score <= 0:
            raise numbers.NumberError("điểm tối đa phải dương")
    except numbers.NumberError:
        found.append(f"điểm tối đa '{values['max_score']}' phải là số dương, tối đa 2 chữ số thập phân")
        max_score = Decimal(0)
    method = METHODS.get(" ".join(values["method"].casefold().split()), "")
    if values["method"] and not method:
        found.append(f"hình thức '{values['method']}' không hợp lệ (tự đánh giá hoặc điều tra xã hội học)")
    indicator = values["indicator"]
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
        rule=values["rule"],
        responsible=values["responsible"],
        evidence=values["evidence"],
        guidance=values["guidance"],
        indicator=indicator,
        note=values["note"],
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
