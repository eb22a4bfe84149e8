"""Fixtures identify rows by natural keys: no ids, and loading again changes nothing."""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*/*.json"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_fixture_carries_a_primary_key(path):
    records = json.loads(path.read_text(encoding="utf-8"))
    assert records
    assert not [r for r in records if "pk" in r]
    for model in {r["model"] for r in records}:
        assert hasattr(apps.get_model(model), "natural_key"), model


@pytest.mark.django_db
def test_loading_every_fixture_again_adds_and_changes_nothing():
    models = {json.loads(p.read_text(encoding="utf-8"))[0]["model"] for p in FIXTURES}
    models |= {r["model"] for p in FIXTURES for r in json.loads(p.read_text(encoding="utf-8"))}

    def snapshot():
        return {m: sorted(map(str, apps.get_model(m).objects.values_list())) for m in models}

    before = snapshot()
    call_command("load_gazette", "--force", verbosity=0)
    assert snapshot() == before
