"""The bulk archive: everything in one file, checksums that match, rebuilt after an edit."""

import hashlib
import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Group, User

from documents.models import Document
from gazette_site import opendata

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bulk_root(settings, tmp_path):
    settings.BULK_ROOT = tmp_path
    return tmp_path


def download(client) -> tuple[str, zipfile.ZipFile]:
    response = client.get("/data/bulk/weihai-gazette.zip")
    assert response.status_code == 200
    name = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    return name, zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_archive_holds_every_document_and_dataset_with_matching_checksums(client):
    page = client.get("/data/bulk/")
    assert page.status_code == 200 and "manifest.json" in page.content.decode()
    _, archive = download(client)
    manifest = json.loads(archive.read("manifest.json"))
    listed = {f["path"] for f in manifest["files"]}
    assert listed == set(archive.namelist()) - {"manifest.json"}
    for entry in manifest["files"]:
        body = archive.read(entry["path"])
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
        assert len(body) == entry["bytes"]
    for slug in Document.objects.filter(is_stub=False).values_list("slug", flat=True):
        assert f"documents/{slug}.json" in listed and f"documents/{slug}.akn.xml" in listed
    for dataset in opendata.datasets():
        for fmt in ("json", "csv", "xlsx"):
            assert f"datasets/{dataset.name}.{fmt}" in listed
    measures = json.loads(archive.read("documents/wzf-2020-7.json"))
    assert measures["doc_number"] == "威政发〔2020〕7号"
    assert len(measures["provisions"]) == 41
    assert any(r["text"] == "《中华人民共和国献血法》" for r in measures["references"])
    assert archive.read("documents/wzf-2020-7.akn.xml") == (
        client.get("/documents/wzf-2020-7.akn.xml").content
    )


def test_archive_is_rebuilt_after_a_clerks_edit(client, bulk_root):
    first_name, first = download(client)
    again, _ = download(client)
    assert again == first_name  # unchanged data: the same archive
    clerk = User.objects.create_user("bulk-clerk", password="pw", is_staff=True)
    clerk.groups.add(Group.objects.get(name="野生动物数据维护员"))
    client.force_login(clerk)
    from django.forms.models import model_to_dict

    from wildlife.models import Species

    peacock = Species.objects.get(name="蓝孔雀")
    form = {k: ("" if v is None else v) for k, v in model_to_dict(peacock).items()}
    response = client.post(
        f"/admin/wildlife/species/{peacock.pk}/change/", {**form, "price": "975"}
    )
    assert response.status_code == 302
    client.logout()
    second_name, second = download(client)
    assert second_name != first_name
    species = json.loads(second.read("datasets/wildlife/species.json"))
    assert next(s for s in species if s["name"] == "蓝孔雀")["price_yuan"] == 975
    old = json.loads(first.read("datasets/wildlife/species.json"))
    assert next(s for s in old if s["name"] == "蓝孔雀")["price_yuan"] != 975
    assert [p.name for p in bulk_root.glob("*.zip")] == [second_name]


def test_an_unchanged_archive_costs_one_query(client, django_assert_num_queries):
    download(client)
    # The data version names the archive; the page's own cache reads it once more.
    with django_assert_num_queries(2):
        assert client.get("/data/bulk/").status_code == 200
