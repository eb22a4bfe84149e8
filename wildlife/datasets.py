"""The wildlife app's open dataset: the compensation standard per species."""

from gazette_site.opendata import Column, Dataset, register
from gazette_site.schemas import NUMBER, STRING, nullable, record
from wildlife import views


def register_all() -> None:
    register(
        Dataset(
            name="wildlife/species",
            title="在养禁食陆生野生动物补偿标准",
            description="每一物种的补偿单价（元），幼体单价另列。",
            view=views.species_json,
            page="/wildlife/",
            history_models=("wildlife.Species",),
            columns=(
                Column("name", "物种"),
                Column("unit", "计量单位"),
                Column("price_yuan", "补偿标准（元）"),
                Column("juvenile_price_yuan", "幼体补偿标准（元）"),
            ),
            row_schema=record(
                {
                    "name": STRING,
                    "unit": STRING,
                    "price_yuan": NUMBER,
                    "juvenile_price_yuan": nullable(NUMBER),
                }
            ),
        )
    )
