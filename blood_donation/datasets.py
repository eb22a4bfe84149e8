"""The blood-donation app's open dataset: the measure's rules as figures."""

from blood_donation import views
from gazette_site.opendata import Column, Dataset, Parameter, register
from gazette_site.schemas import NUMBER, STRING, nullable, record


def register_all() -> None:
    register(
        Dataset(
            name="blood-donation/rules",
            title="无偿献血规则",
            description="所示日期适用的无偿献血管理办法中的年龄、免费用血、表彰和罚款数额，附条款。",
            view=views.rules_json,
            parameters=(
                Parameter(
                    "as_of",
                    "日期（YYYY-MM-DD），默认今天",
                    {"type": "string", "format": "date"},
                    "2020-12-01",
                ),
            ),
            page="/blood-donation/",
            history_models=(
                "blood_donation.Measure",
                "blood_donation.HonourLevel",
                "blood_donation.Fine",
            ),
            columns=(
                Column("doc_number", "文号", text=True),
                Column("rule", "规则"),
                Column("value", "数值"),
                Column("value_max", "上限"),
                Column("unit", "单位"),
                Column("article", "条款"),
            ),
            row_schema=record(
                {
                    "measure": STRING,
                    "doc_number": STRING,
                    "rule": STRING,
                    "value": NUMBER,
                    "value_max": nullable(NUMBER),
                    "unit": STRING,
                    "article": STRING,
                }
            ),
        )
    )
