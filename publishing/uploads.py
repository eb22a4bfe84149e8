"""Read an uploaded issue (.txt in any encoding the parser reads, .docx, .pdf with text) as text."""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile

from django.conf import settings

from gazette_site.importing.files import ImportRefused, megabytes
from gazette_text import TextError, decode_bytes

ALLOWED_EXTENSIONS = (".txt", ".docx", ".pdf")

# Fonts such as Noto CJK draw 民, 见, 门 … with the glyph of a CJK radical, and PDF writers
# then map the glyph back to the radical's code point. The Kangxi radicals fold to their
# ideographs under NFKC; these, from the CJK Radicals Supplement, have no decomposition.
# Found by printing U+4E00–U+9FA5 in Noto Sans CJK SC with Chromium and reading it back.
RADICAL_SUPPLEMENT = str.maketrans(
    "⺃⺂⺅⺉⺏⺐⺒⺓⺔⺕⺖⺘⺙⺛⺞⺠⺡⺣⺤⺦⺨⺭⺯⺰⺱⺹⺺⺾⻂⻅⻆⻈⻉⻋⻌⻐⻑⻒⻓⻔⻖⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻮⻯⻰⻱⻲",
    "乚乛亻刂尣尢巳幺彑彐忄扌攵旡歺民氵灬爫丬犭礻糹纟罓耂肀艹衤见角讠贝车辶钅長镸长门阝青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐齿竜龙龜亀",
)


def _fold_radicals(text: str) -> str:
    text = "".join(
        unicodedata.normalize("NFKC", ch) if "\u2f00" <= ch <= "\u2fdf" else ch for ch in text
    )
    return text.translate(RADICAL_SUPPLEMENT)


def read_upload(*, name: str, data: bytes, default_format: str = "") -> tuple[str, str]:
    """Return (text, format) of an uploaded issue; raise ImportRefused with a Chinese message.

    `default_format` ("txt") reads a file of any other name as text (the command line's
    files need no extension); uploads through admin must name their type.
    """
    extension = os.path.splitext(name)[1].lower()
    if default_format and extension not in ALLOWED_EXTENSIONS:
        extension = f".{default_format}"
    if extension == ".doc":
        raise ImportRefused("不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后再上传。")
    if extension not in ALLOWED_EXTENSIONS:
        raise ImportRefused(f"只能上传 .txt、.docx 或 .pdf 文件，“{name}”不是。")
    limit = settings.INGEST_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ImportRefused(f"文件太大（{megabytes(len(data))}），上限为 {megabytes(limit)}。")
    if not data.strip():
        raise ImportRefused("文件是空的，没有可导入的内容。")
    if extension == ".txt":
        text = _text(data)
    elif extension == ".docx":
        text = _docx(data, name)
    else:
        text = _pdf(data, name)
    if not text.strip():
        raise ImportRefused("文件中没有文字。")
    return text, extension[1:]


def _text(data: bytes) -> str:
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefused(
            "该 .txt 文件不是文本（内容是二进制数据，可能是改了扩展名的其他文件）。"
        )
    try:
        return decode_bytes(data)
    except TextError as exc:
        raise ImportRefused(str(exc))


def _docx(data: bytes, name: str) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    not_docx = f"“{name}”不是有效的 .docx 文件（如果文件设置了打开密码，请先取消密码）。"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ImportRefused(not_docx)
    if "word/document.xml" not in {m.filename for m in members}:
        raise ImportRefused(not_docx)
    unpacked_limit = settings.IMPORT_MAX_XLSX_UNPACKED_BYTES
    if sum(m.file_size for m in members) > unpacked_limit:
        raise ImportRefused(
            f"该 .docx 文件解压后超过 {megabytes(unpacked_limit)} 的上限，拒绝解析。"
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many types for a damaged package
        raise ImportRefused(not_docx)
    lines: list[str] = []
    # Paragraphs and tables in reading order; a table row becomes one tab-separated line,
    # the form the parser reads tables in.
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(cell.text.replace("\n", "") for cell in row.cells))
    return "\n".join(lines)


def _pdf(data: bytes, name: str) -> str:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ImportRefused(f"“{name}”设置了密码，请先取消密码再上传。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ImportRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError):
        raise ImportRefused(f"“{name}”不是有效的 PDF 文件，无法读取。")
    text = "\n".join(pages)
    if not text.strip():
        raise ImportRefused(
            f"“{name}”没有文字层（可能是扫描件或图片），无法读取其中的文字。"
            "请上传带文字的 PDF、Word（.docx）或文本文件。"
        )
    return _fold_radicals(text)
