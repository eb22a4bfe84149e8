"""The rewards app's open dataset: a year's prizes."""

from gazette_site.opendata import Column, Dataset, Parameter, register
from gazette_site.schemas import BOOLEAN, INTEGER, NUMBER, STRING, record
from rewards import views


def register_all() -> None:
    register(
        Dataset(
            name="rewards/tiers",
            title="金融发展贡献奖奖项设置",
            description="一个年度的奖项、名额和奖金（万元）；不指定年度时为最新方案。",
            view=views.tiers_json,
            parameters=(
                Parameter(
                    "year", "方案年度", {"type": "integer", "minimum": 1, "maximum": 9999}, "2020"
                ),
            ),
            page="/rewards/",
            history_models=("rewards.AwardPrize", "rewards.AwardScheme"),
            columns=(
                Column("sector", "类别"),
                Column("prize", "奖项"),
                Column("prize_inferred", "奖项名称系推定（原文未命名）"),
                Column("count", "名额"),
                Column("amount_wan", "奖金（万元）"),
                Column("subtotal_wan", "小计（万元）"),
            ),
            row_schema=record(
                {
                    "sector": STRING,
                    "prize": STRING,
                    "prize_inferred": BOOLEAN,
                    "count": INTEGER,
                    "amount_wan": NUMBER,
                    "subtotal_wan": NUMBER,
                }
            ),
        )
    )
