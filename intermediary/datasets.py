"""The intermediary app's open dataset: the catalogue, one row per item."""

from gazette_site.opendata import Column, Dataset, Parameter, register
from gazette_site.schemas import (
    BOOLEAN,
    DATE,
    INTEGER,
    READING,
    STRING,
    URL,
    array,
    nullable,
    record,
)
from intermediary import views
from intermediary.models import MatterType


def register_all() -> None:
    register(
        Dataset(
            name="intermediary",
            paged=True,
            title="市级政务服务事项中介服务项目清单",
            description="清单中的每一个中介服务项目及其关联事项；默认含已取消的项目（status=all）。",
            view=views.open_data_json,
            parameters=(
                Parameter("department", "部门序号", {"type": "string"}),
                Parameter("matter_type", "事项类型", {"enum": list(MatterType.values)}),
                Parameter("fee_basis", "收费依据及标准", {"type": "string"}),
                Parameter("q", "关键词", {"type": "string"}),
                Parameter("status", "状态", {"enum": ["current", "abolished", "all"]}, "all"),
                Parameter(
                    "as_of", "日期（YYYY-MM-DD），默认今天", {"type": "string", "format": "date"}
                ),
            ),
            page="/intermediary/",
            history_models=(
                "intermediary.IntermediaryService",
                "intermediary.ServiceLink",
                "intermediary.ServiceMatter",
            ),
            columns=(
                Column("no", "序号"),
                Column("name", "中介服务项目名称"),
                Column("department", "部门"),
                Column("department_inferred", "部门系推定（原文未印）"),
                Column("fee_basis", "收费依据及标准"),
                Column("time_limit", "服务时限"),
                Column("abolished", "已取消"),
                Column("abolished_on", "取消日期"),
                Column("abolished_by", "取消文件", text=True),
                Column(
                    "matters", "关联事项", value=lambda row: [m["name"] for m in row["matters"]]
                ),
                Column("url", "网址"),
            ),
            row_schema=record(
                {
                    "no": INTEGER,
                    "name": STRING,
                    "department": STRING,
                    "department_inferred": BOOLEAN,
                    "fee_basis": STRING,
                    "time_limit": STRING,
                    "abolished": BOOLEAN,
                    "abolished_on": nullable(DATE),
                    "abolished_by": STRING,
                    "matters": array(
                        record(
                            {
                                "name": STRING,
                                "sub_items": array(STRING),
                                "type": STRING,
                                "basis": STRING,
                                "fee_basis": STRING,
                                "time_limit": STRING,
                                "matter_url": URL,
                                "readings": array(READING),
                            }
                        )
                    ),
                    "department_no": INTEGER,
                    "url": URL,
                    "source_note": STRING,
                    "document": STRING,
                    "readings": array(READING),
                }
            ),
        )
    )
