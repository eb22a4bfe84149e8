"""A clerk who breaks a rule in admin reads a Chinese sentence, never a constraint's name."""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint

from wildlife.models import Species

CJK = re.compile(r"[\u4e00-\u9fff]")


def project_check_constraints():
    for model in apps.get_models():
        # The project's own models only: Django's and third-party apps' (django_tasks_db) are
        # not clerks' data.
        if model.__module__.startswith(("django.", "django_tasks_db.")):
            continue
        for constraint in model._meta.constraints:
            if isinstance(constraint, CheckConstraint):
                yield model, constraint


def test_every_check_constraint_has_its_own_chinese_message():
    checked = 0
    for model, constraint in project_check_constraints():
        message = constraint.get_violation_error_message()
        assert constraint.name not in message, (model.__name__, constraint.name)
        assert CJK.search(message) and message.endswith("。"), (model.__name__, message)
        checked += 1
    assert checked >= 20


@pytest.mark.django_db
def test_a_negative_price_is_refused_in_a_sentence():
    species = Species.objects.order_by("pk").first()
    species.price = Decimal("-5")
    with pytest.raises(ValidationError) as exc:
        species.full_clean()
    messages = " ".join(exc.value.messages)
    assert "补偿单价应大于 0 元。" in messages
    assert "wildlife_species_price_pos" not in messages
