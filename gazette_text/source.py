"""From the bytes of a file to clean lines: encoding, line ends, indents, running heads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gazette_text.errors import TextError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_bytes(data: bytes) -> str:
    """Decode a text file: UTF-8 with or without BOM, else GB18030 (a superset of GBK).

    Line ends become \\n. Raise TextError with a Chinese message for an empty, binary or
    undecodable file.
    """
    if not data or not data.strip():
        raise TextError("文件是空的，没有可读的文字。")
    if b"\x00" in data[:4096]:
        raise TextError("这不是文本文件（含有二进制内容），无法读取。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise TextError("无法识别文件的编码：只支持 UTF-8 和 GB18030/GBK 编码的文本。")
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    if len(_CONTROL.findall(text)) > max(3, len(text) // 200):
        raise TextError("这不是文本文件（含有大量控制字符），无法读取。")
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text[:20000]):
        raise TextError("文件中没有中文文字，无法按公文读取（请确认编码为 UTF-8 或 GB18030/GBK）。")
    return text


def read_text_file(path: str | Path) -> str:
    """Read and decode a text file (see decode_bytes); a missing file is a TextError too."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TextError(f"无法打开文件 {path}：{exc.strerror or exc}") from exc
    return decode_bytes(data)


# Running heads and folios the print repeats on every page.
_RUNNING_HEAD = re.compile(
    r"^\S{2,20}公报\s*(?:\d{4}|[〇○一二三四五六七八九]{4})\s*年\s*第\s*\S{1,4}\s*期$"
)
_FOLIO = re.compile(
    r"^(?:[—－–\-‒―]{1,3}\s*\d{1,4}\s*[—－–\-‒―]{1,3}|[·•・]\s*\d{1,4}\s*[·•・]|第\s*\d{1,4}\s*页)$"
)
_INDENT = re.compile(r"^[ \u3000\u00a0]+")


def is_running_head(line: str) -> bool:
    """True for a page's running head (威海市人民政府公报 2020年第8期) or folio (— 12 —, ·12·)."""
    stripped = line.strip().replace("\u3000", " ")
    return bool(_RUNNING_HEAD.match(stripped) or _FOLIO.match(stripped))


@dataclass(frozen=True)
class DroppedLine:
    line: int  # 1-based, in the text as given
    text: str


def clean_source_lines(text: str) -> tuple[list[str], list[DroppedLine]]:
    """Split a decoded text into lines without indents, running heads or folios.

    A dropped line leaves an empty line in its place, so line numbers keep pointing at
    the source and a paragraph cut by the page break is joined as at any blank line.
    """
    lines: list[str] = []
    dropped: list[DroppedLine] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = _INDENT.sub("", raw.rstrip(" \u3000\u00a0"))
        if line and is_running_head(line):
            dropped.append(DroppedLine(number, line.strip()))
            line = ""
        lines.append(line)
    if lines and lines[-1] == "":
        lines.pop()
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return lines, dropped
