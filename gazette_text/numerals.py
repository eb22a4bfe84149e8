"""Chinese numerals: 二十六, 一百零五, 二〇二〇 (and the ○ some texts print for 〇)."""

from __future__ import annotations

import re

from gazette_text.errors import TextError
from gazette_text.width import fold_width

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3}
CN_DIGITS |= {"四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL_CHARS = "〇零○一二两三四五六七八九十百千"

_D = "[一二两三四五六七八九]"
_POSITIONAL = re.compile(r"[〇零○Ｏ一二三四五六七八九]+")
_UNITS = re.compile(
    rf"(?:(?P<q>{_D})千)?(?:零?(?P<b>{_D})百)?(?:零?(?P<s>{_D})?(?P<ten>十))?(?:零?(?P<g>{_D}))?"
)


def cn_number(text: str) -> int:
    """Read a Chinese numeral below 10000 (一百零五 → 105, 十三 → 13, 二〇二〇 → 2020).

    Raise TextError (a ValueError) for anything else.
    """
    if text and _POSITIONAL.fullmatch(text):
        value = 0
        for ch in text:
            value = value * 10 + CN_DIGITS[ch]
        return value
    m = _UNITS.fullmatch(text or "")
    if not text or m is None or not any(m.group(k) for k in ("q", "b", "ten", "g")):
        raise TextError(f"无法识别的中文数字：{text}")
    if (m["q"] or m["b"]) and m["ten"] and not m["s"] and text.find("十") > 0:
        # 一百十 is not printed; 一百一十 is.
        raise TextError(f"无法识别的中文数字：{text}")
    value = sum(CN_DIGITS[m[k]] * unit for k, unit in (("q", 1000), ("b", 100), ("g", 1)) if m[k])
    if m["ten"]:
        value += (CN_DIGITS[m["s"]] if m["s"] else 1) * 10
    return value


def cn_numeral(n: int) -> str:
    """Write 0–9999 as a Chinese numeral (26 → 二十六, 105 → 一百零五)."""
    digits = "零一二三四五六七八九"
    if not 0 <= n < 10000:
        raise TextError(f"超出范围的数字：{n}")
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    out = ""
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero and out:
                out += "零"
            out += digits[d] + name
            zero = False
        elif out:
            zero = True
    return out


def number_value(text: str) -> int:
    """Read a count printed in Arabic (12, １２) or Chinese (十二) numerals."""
    folded = fold_width(text).strip()
    if folded.isdigit():
        return int(folded)
    return cn_number(folded)
