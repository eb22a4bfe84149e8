"""Build the same issue as real .docx and .pdf files (python-docx; Chromium's PDF printer)."""

import html
import io

import docx

# Printed on a wide page in a small size, so no line wraps: the PDF keeps the text's lines.
PDF_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><style>"
    "body{font-family:'Noto Sans CJK SC';font-size:8pt}p{margin:0;white-space:pre}"
    "</style></head><body>{body}</body></html>"
)


def as_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def as_pdf(text: str, browser) -> bytes:
    body = "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>" for line in text.splitlines())
    page = browser.new_page()
    try:
        page.set_content(PDF_PAGE.replace("{body}", body))
        return page.pdf(format="A4", landscape=True)
    finally:
        page.close()


def scanned_pdf(browser) -> bytes:
    """A page with a picture and no text, as a scanner makes."""
    page = browser.new_page()
    try:
        page.set_content(
            "<!doctype html><html><body><svg width='400' height='300'>"
            "<rect width='400' height='300' fill='#888'/></svg></body></html>"
        )
        return page.pdf(format="A4")
    finally:
        page.close()
