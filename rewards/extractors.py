"""The printed documents the rewards app reads its data from."""

from __future__ import annotations

from documents.extractors import Extractor
from rewards.parsing import parse_award, parse_ip


def extractors() -> list[Extractor]:
    return [
        Extractor(
            app="rewards",
            label="金融业发展奖励办法的奖项与奖金",
            title_pattern=r"鼓励金融业发展奖励办法",
            kinds=("办法",),
            read=lambda draft, text: parse_award(text.splitlines()),
        ),
        Extractor(
            app="rewards",
            label="知识产权质押融资风险补偿的参数与条件",
            title_pattern=r"知识产权质押融资风险补偿",
            read=lambda draft, text: parse_ip(text.splitlines()),
        ),
    ]
