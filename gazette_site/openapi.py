"""The OpenAPI 3.1 description of every JSON endpoint: open data, calculators and search.

Datasets describe themselves (gazette_site.opendata); the calculators and search are
described here. Tests check each endpoint's answers against this description, and
schemathesis generates requests from it.
"""

from __future__ import annotations

from gazette_site import opendata
from gazette_site.schemas import (
    BOOLEAN,
    DATE,
    ERROR,
    INTEGER,
    NUMBER,
    STRING,
    URL,
    array,
    nullable,
    record,
)

JSON = "application/json"


PAGINATION = record(
    {
        "count": INTEGER,
        "page": INTEGER,
        "pages": INTEGER,
        "limit": INTEGER,
        "next": nullable(STRING),
        "previous": nullable(STRING),
    }
)


def _parameter(name: str, description: str, schema: dict | None = None, *, required=False):
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema or STRING,
    }


def _answers(schema: dict, *, errors: tuple[int, ...] = (400,)) -> dict:
    answers = {"200": {"description": "成功", "content": {JSON: {"schema": schema}}}}
    for status in errors:
        answers[str(status)] = {
            "description": {400: "参数有误（中文说明）", 404: "数据尚未载入", 503: "数据尚未载入"}[
                status
            ],
            "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    return answers


def _get(summary: str, parameters: list, schema: dict, *, errors=(400,), tags=()) -> dict:
    return {
        "get": {
            "summary": summary,
            "tags": list(tags),
            "parameters": parameters,
            "responses": _answers(schema, errors=errors),
        }
    }


def _dataset_paths() -> dict:
    page_parameters = [
        _parameter("page", "页码，默认第1页", {"type": "integer", "minimum": 1}),
        _parameter("limit", "每页条数", {"type": "integer", "minimum": 1, "maximum": 200}),
    ]
    paths = {}
    for dataset in opendata.datasets():
        parameters = [
            _parameter(p.name, p.description, p.schema)
            | ({"example": p.example} if p.example else {})
            for p in dataset.parameters
        ]
        rows = array({"$ref": f"#/components/schemas/{_schema_name(dataset)}"})
        if dataset.paged:
            parameters += page_parameters
            rows = record({"pagination": PAGINATION, "results": rows})
        operation = _get(
            dataset.title, parameters, rows, errors=(400, 404, 503), tags=("开放数据",)
        )
        operation["get"]["description"] = (
            f"{dataset.description} 同样的筛选条件下，把 .json 换成 .csv（UTF-8，带 BOM）"
            f"或 .xlsx 即可下载表格：{dataset.url('csv')}、{dataset.url('xlsx')}。"
        )
        operation["get"]["operationId"] = f"dataset_{_schema_name(dataset)}"
        paths[dataset.url("json")] = operation
    return paths


def _schema_name(dataset) -> str:
    return "".join(part.capitalize() for part in dataset.name.replace("-", "/").split("/"))


def _calculator_paths() -> dict:

    as_of = _parameter("as_of", "日期（YYYY-MM-DD），默认今天", DATE)
    return {
        "/data/openapi.json": _get(
            "本接口描述（OpenAPI 3.1）",
            [],
            record({"openapi": STRING, "info": {"type": "object"}, "paths": {"type": "object"}}),
            errors=(),
            tags=("开放数据",),
        ),
        "/search.json": _get(
            "全文搜索（与搜索页相同）",
            [
                _parameter("q", "搜索词，例如 献血、威政发〔2020〕7号", required=True),
                _parameter("page", "页码", {"type": "integer", "minimum": 1, "maximum": 20}),
                _parameter("sort", "排序", {"enum": ["relevance", "date"]}),
                as_of,
                _parameter("dataset", "数据集"),
                _parameter("issue", "期次，如 2020-08"),
                _parameter("year", "年份", {"type": "integer", "minimum": 1949, "maximum": 2100}),
                _parameter("section", "栏目"),
                _parameter("issuer", "发文机关"),
                _parameter("doc_kind", "文种"),
                _parameter(
                    "status", "时效", {"enum": ["not_yet", "in_force", "expired", "repealed"]}
                ),
            ],
            record(
                {
                    "query": STRING,
                    "total": INTEGER,
                    "total_exact": BOOLEAN,
                    "counts_complete": BOOLEAN,
                    "page": INTEGER,
                    "pages": INTEGER,
                    "page_size": INTEGER,
                    "sort": STRING,
                    "as_of": DATE,
                    "exact": nullable(STRING),
                    "results": array(
                        record(
                            {
                                "kind": STRING,
                                "dataset": STRING,
                                "title": STRING,
                                "url": URL,
                                "snippet": STRING,
                                "doc_number": nullable(STRING),
                                "date": nullable(DATE),
                                "status": nullable(STRING),
                                "score": NUMBER,
                            }
                        )
                    ),
                    "facets": {
                        "type": "object",
                        "additionalProperties": array(
                            record({"value": STRING, "label": STRING, "count": INTEGER})
                        ),
                    },
                }
            ),
            tags=("搜索",),
        ),
        "/blood-donation/entitlement.json": _get(
            "免费用血计算",
            [
                _parameter(
                    "donations",
                    "献血记录：日期:毫升，逗号分隔，如 2020-11-02:400,2021-05-01:300",
                    required=True,
                ),
                _parameter("used_self", "本人已免费用血量（毫升）"),
                _parameter("used_relatives", "亲属已免费用血量（毫升）"),
                as_of,
            ],
            record(
                {
                    "cumulative_ml": INTEGER,
                    "unlimited": BOOLEAN,
                    "self_ml": nullable(INTEGER),
                    "relatives_ml": INTEGER,
                    "honour": nullable(STRING),
                    "in_force": BOOLEAN,
                },
                optional=("self_ml",),
            ),
            errors=(400, 503),
            tags=("计算器",),
        ),
        "/blood-donation/age-check.json": _get(
            "献血年龄检查",
            [
                _parameter("birth", "出生日期（YYYY-MM-DD）", DATE, required=True),
                _parameter("on", "献血日期，默认今天", DATE),
                _parameter("repeat_no_reaction", "是否既往无献血反应的多次献血者（1/0）"),
            ],
            record({"age": INTEGER, "may_donate": BOOLEAN, "reason": STRING}),
            errors=(400, 503),
            tags=("计算器",),
        ),
        "/wildlife/compensation.json": _get(
            "野生动物退养补偿计算",
            [
                _parameter(
                    "items",
                    "物种:数量[:幼体]，逗号分隔，如 蓝孔雀:3,果子狸:2",
                    required=True,
                )
            ],
            record(
                {
                    "total_yuan": NUMBER,
                    "city_yuan": NUMBER,
                    "county_yuan": NUMBER,
                    "lines": array(
                        record(
                            {
                                "species": STRING,
                                "quantity": NUMBER,
                                "unit_price_yuan": NUMBER,
                                "amount_yuan": NUMBER,
                            }
                        )
                    ),
                }
            ),
            errors=(400, 404),
            tags=("计算器",),
        ),
        "/pricing/surcharge.json": _get(
            "差别化电价水价加价计算（一个月）",
            [
                _parameter(
                    "consecutive_years", "连续列入D类年数", {"type": "integer", "minimum": 0}
                ),
                _parameter("month", "月份（YYYY-MM）"),
                _parameter("kwh", "用电量（千瓦时）"),
                _parameter("water_m3", "用水量（立方米）"),
                _parameter("other_kwh_rate", "其他电价（元/千瓦时）"),
            ],
            record(
                {
                    "in_force": BOOLEAN,
                    "electricity_rate": NUMBER,
                    "water_rate": NUMBER,
                    "applied_electricity_rate": NUMBER,
                    "electricity_yuan": NUMBER,
                    "water_yuan": NUMBER,
                    "total_yuan": NUMBER,
                }
            ),
            errors=(400, 503),
            tags=("计算器",),
        ),
        "/rewards/ip-compensation.json": _get(
            "知识产权质押融资风险补偿计算",
            [
                _parameter("loss", "本金损失（元）", required=True),
                _parameter("business_year", "业务年度", {"type": "integer", "minimum": 1}),
                _parameter("city_cap", "市级补偿上限（元）"),
            ],
            record(
                {
                    "provincial": NUMBER,
                    "city": NUMBER,
                    "bank_remaining": NUMBER,
                    "city_cap": NUMBER,
                }
            ),
            errors=(400, 404),
            tags=("计算器",),
        ),
    }


def description() -> dict:
    """Build the whole OpenAPI 3.1 document."""
    schemas = {"Error": ERROR}
    for dataset in opendata.datasets():
        schemas[_schema_name(dataset)] = dataset.row_schema
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "威海市人民政府公报 开放数据与计算接口",
            "version": "1.0.0",
            "description": "公报文件、条款与各项数据集的开放数据，以及按公报规定计算的接口。"
            '出错时返回 HTTP 400 和中文说明 {"error": …}。',
            "license": {"name": opendata.LICENCE},
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": "/"}],
        "paths": {**_dataset_paths(), **_calculator_paths()},
        "components": {"schemas": schemas},
    }
