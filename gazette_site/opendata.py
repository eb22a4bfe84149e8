"""Open data: every dataset as JSON, CSV (with BOM) and XLSX, from one description each.

A dataset is its JSON endpoint plus what the other formats and the API description need:
its columns (which of them stay text in a spreadsheet), the JSON schema of a row, its query
parameters and the models whose history says when it last changed. The CSV and XLSX files
lay out the JSON endpoint's own answer, so they take the same filters and never disagree
with it. `table_response` is the one place that writes CSV and XLSX files for the public.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

import tablib
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from gazette_site.importing.formats import GazetteCSV, GazetteXLSX
from gazette_site.importing.resources import neutralise_formula

LICENCE = (
    "公报所载文件属《中华人民共和国著作权法》第五条所列不适用该法保护的官方文件；"
    "本站整理的数据可自由使用、转载，请注明来源“威海市人民政府公报”。"
)
LIST_SEPARATOR = "；"

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    text: bool = False  # 文号, credit codes: a spreadsheet must not read them as numbers
    value: Callable[[dict], object] | None = None  # when the cell is not one key of the row

    def of(self, row: dict):
        return self.value(row) if self.value else row.get(self.key)


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    schema: dict = field(default_factory=lambda: {"type": "string"})
    example: str | None = None


@dataclass(frozen=True)
class Dataset:
    name: str  # also the path: /data/<name>.json
    title: str
    description: str
    view: Callable[[HttpRequest], HttpResponse]  # the JSON endpoint
    columns: tuple[Column, ...]
    row_schema: dict
    parameters: tuple[Parameter, ...] = ()
    history_models: tuple[str, ...] = ()  # "app_label.Model" whose changes are this dataset's
    page: str = ""  # the human page showing the same data
    # The JSON answer is paged: {"pagination": {…, "next"}, "results": [rows]} (?page=, ?limit=).
    paged: bool = False

    @property
    def path(self) -> str:
        return f"/data/{self.name}"

    def url(self, file_format: str = "json") -> str:
        return f"{self.path}.{file_format}"


_DATASETS: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    _DATASETS[dataset.name] = dataset
    return dataset


def datasets() -> list[Dataset]:
    return sorted(_DATASETS.values(), key=lambda d: d.name)


def get(name: str) -> Dataset:
    return _DATASETS[name]


def rows_of(payload) -> list[dict]:
    """The rows of a JSON answer: a list, or the list a paginated answer carries."""
    if isinstance(payload, list):
        return payload
    for key in ("results", "items", "data"):
        if isinstance(payload, dict) and isinstance(payload.get(key), list):
            return payload[key]
    return [payload]


def cell(value):
    """Turn a JSON value into a spreadsheet cell: lists joined, yes/no, empty for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(cell(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return neutralise_formula(value) if isinstance(value, str) else value


def table_response(
    *,
    headers: list[str],
    rows: Iterable[Iterable],
    file_format: str,
    filename: str,
    download_name: str,
    text_columns: Iterable[int] = (),
) -> HttpResponse:
    """Answer a CSV (with a BOM, so Excel reads UTF-8) or XLSX download of these rows."""
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(list(row))
    if file_format == "csv":
        body = GazetteCSV().export_data(data)  # starts with a byte-order mark
    else:
        body = _xlsx(GazetteXLSX().export_data(data), text_columns=set(text_columns))
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{filename}.{file_format}"; '
        f"filename*=UTF-8''{quote(download_name)}.{file_format}"
    )
    return response


def _xlsx(body: bytes, *, text_columns: set[int]) -> bytes:
    """Mark text columns as text (@), so Excel keeps 文号 and credit codes as typed."""
    if not text_columns:
        return body
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(body))
    sheet = book.active
    for column in text_columns:
        for (value,) in sheet.iter_rows(min_col=column + 1, max_col=column + 1):
            if value.value is not None:
                value.value = str(value.value)
                value.data_type = "s"
            value.number_format = "@"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def last_changed(dataset: Dataset):
    """When the dataset's data last changed: its models' latest history, else its last load."""
    from django.apps import apps
    from django.db.models import Max

    from documents.models import LoadedFixture

    moments = []
    for label in dataset.history_models:
        model = apps.get_model(label)
        moments.append(model.history.aggregate(at=Max("history_date"))["at"])
    app_labels = {label.split(".")[0] for label in dataset.history_models}
    loaded = LoadedFixture.objects.filter(
        path__regex=r"^fixtures/(" + "|".join(sorted(app_labels)) + ")/"
    ).aggregate(at=Max("loaded_at"))["at"]
    moments.append(loaded)
    moments = [m for m in moments if m is not None]
    return max(moments) if moments else None


def _next_page(payload) -> bool:
    pagination = payload.get("pagination") if isinstance(payload, dict) else None
    return bool(pagination and pagination.get("next"))


def all_rows(dataset: Dataset, request: HttpRequest, *, first: HttpResponse | None = None):
    """Every row of a dataset's JSON answer, following the pages unless one page was asked for.

    Returns the rows, or the first answer that was not a 200.
    """
    response = first if first is not None else dataset.view(request)
    if response.status_code != 200:
        return response
    payload = json.loads(response.content)
    rows = rows_of(payload)
    while _next_page(payload) and "page" not in request.GET:
        following = copy.copy(request)
        following.GET = request.GET.copy()
        following.GET["page"] = str(payload["pagination"]["page"] + 1)
        response = dataset.view(following)
        if response.status_code != 200:
            return response
        payload = json.loads(response.content)
        rows = rows + rows_of(payload)
    return rows


@require_safe
def dataset_view(request: HttpRequest, *, name: str, file_format: str) -> HttpResponse:
    """Serve a dataset in a format: the JSON endpoint's answer, as a table when asked."""
    dataset = get(name)
    response = dataset.view(request)
    if file_format == "json" or response.status_code != 200:
        return response
    rows = all_rows(dataset, request, first=response)
    if isinstance(rows, HttpResponse):
        return rows
    return table_response(
        headers=[c.header for c in dataset.columns],
        rows=([cell(c.of(row)) for c in dataset.columns] for row in rows),
        file_format=file_format,
        filename=name.replace("/", "-"),
        download_name=dataset.title,
        text_columns=[i for i, c in enumerate(dataset.columns) if c.text],
    )


def urlpatterns_for(name: str, *, url_name: str):
    """URL patterns for /data/<name>.json, .csv and .xlsx (the JSON one keeps `url_name`)."""
    from django.urls import path

    return [
        path(
            f"data/{name}.{fmt}",
            dataset_view,
            {"name": name, "file_format": fmt},
            name=url_name if fmt == "json" else f"{url_name}_{fmt}",
        )
        for fmt in ("json", "csv", "xlsx")
    ]
