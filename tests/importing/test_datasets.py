"""Every clerk-editable dataset of the real site: export, import the same file, 无变化."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import User

from documents.models import District
from gazette_site.importing import GazetteImportExportAdmin, spreadsheet_import
from gazette_site.importing.formats import GazetteCSV, GazetteXLSX
from pricing import services as pricing_services
from pricing.models import Evaluation
from rewards.models import AwardPrize, AwardWinner, Institution
from tests.importing.support import upload
from tests.pricing.conftest import make_credit_code
from wildlife import services as wildlife_services
from wildlife.models import Species, StockRegistration

# The datasets a page or calculator shows, as "app_label.model_name".
DATASETS = [
    "documents.organisation",
    "documents.district",
    "intermediary.intermediaryservice",
    "intermediary.servicematter",
    "intermediary.servicelink",
    "wildlife.species",
    "wildlife.stockregistration",
    "rewards.awardprize",
    "rewards.awardwinner",
    "pricing.surcharge",
    "pricing.evaluation",
    "blood_donation.donationoption",
    "blood_donation.honourlevel",
    "blood_donation.fine",
]


def import_admins() -> dict[str, GazetteImportExportAdmin]:
    return {
        model._meta.label_lower: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, GazetteImportExportAdmin)
    }


def test_every_listed_dataset_has_import_and_export():
    admins = import_admins()
    assert set(DATASETS) <= set(admins), set(DATASETS) - set(admins)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("round-trip", password="x")


@pytest.fixture
def sample_rows(db):
    """One row in each table the fixtures leave empty (roster, evaluations, registrations)."""
    prize = AwardPrize.objects.filter(recipient__isnull=True).order_by("pk").first()
    firm = Institution.objects.create(name="导出测试证券", sector=prize.sector)
    AwardWinner.objects.create(prize=prize, institution=firm, amount=prize.amount)
    district = District.objects.get(name="环翠区")
    enterprise = pricing_services.enterprise_create(
        name="威海导出测试有限公司", credit_code=make_credit_code(9001), district=district
    )
    Evaluation.objects.create(
        enterprise=enterprise, year=2019, grade="D", published_on=dt.date(2020, 6, 30)
    )
    entity = wildlife_services.entity_create(district=district, name="导出测试养殖场")
    species = Species.objects.order_by("number").first()
    StockRegistration.objects.create(
        entity=entity, species=species, quantity=Decimal("12"), verified_on=dt.date(2020, 9, 1)
    )


@pytest.mark.parametrize("file_format", [GazetteCSV, GazetteXLSX], ids=["csv", "xlsx"])
@pytest.mark.parametrize("label", DATASETS)
def test_round_trip_is_unchanged(label, file_format, superuser, sample_rows):
    model_admin = import_admins()[label]
    for resource_class in model_admin.resource_classes:
        resource = resource_class()
        queryset = resource.get_queryset()
        assert queryset.exists(), f"{label} has no rows to export"
        fmt = file_format()
        dataset = resource.export(queryset=queryset, force_native_type=fmt.is_binary())
        body = fmt.export_data(dataset)
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        report = spreadsheet_import(
            resource=resource_class(),
            uploaded_file=upload(f"x.{fmt.get_extension()}", data),
            user=superuser,
            dry_run=True,
        )
        assert report.ok, (label, report.refused, report.row_errors[:3])
        assert report.totals.skip == queryset.count(), (label, report.summary)
        assert report.totals.new == report.totals.update == 0, (label, report.listed[:3])
        assert report.missing == [] and report.renames == []
        assert report.summary.startswith(f"新增 0 行，修改 0 行，无变化 {queryset.count()} 行")
