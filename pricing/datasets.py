"""The pricing app's open dataset: the surcharge steps."""

from gazette_site.opendata import Column, Dataset, register
from gazette_site.schemas import BOOLEAN, INTEGER, NUMBER, STRING, record
from pricing import views


def register_all() -> None:
    register(
        Dataset(
            name="pricing/surcharges",
            title="差别化电价水价加价标准",
            description="连续列入D类的年数对应的电、水加价标准（元/千瓦时、元/立方米）。",
            view=views.surcharges_json,
            page="/pricing/",
            history_models=("pricing.Surcharge",),
            columns=(
                Column("doc_number", "文号", text=True),
                Column("resource", "品种"),
                Column("step", "连续列入D类年数"),
                Column("rate_yuan", "加价（元/单位）"),
                Column("basis", "计价依据"),
                Column("unit", "计价单位"),
                Column("source_text", "原文"),
            ),
            row_schema=record(
                {
                    "doc_number": STRING,
                    "resource": STRING,
                    "resource_code": {"enum": ["electricity", "water"]},
                    "consecutive_years": INTEGER,
                    "and_more": BOOLEAN,
                    "step": STRING,
                    "rate_yuan": NUMBER,
                    "basis": STRING,
                    "unit": STRING,
                    "source_text": STRING,
                }
            ),
        )
    )
