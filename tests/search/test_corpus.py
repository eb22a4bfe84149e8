"""The synthetic corpus for benchmarks: made from the real text, found by search, removed cleanly."""

import pytest
from django.core.management import call_command

from documents.models import Document, Issue, Provision
from search.management.commands.generate_search_corpus import MARK
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_the_generator_recombines_real_text_and_indexes_it(client):
    real_texts = set(Provision.objects.exclude(text="").values_list("text", flat=True))
    real_docs = Document.objects.count()
    call_command(
        "generate_search_corpus", documents=48, years=2, last_year=2019, seed=7, verbosity=0
    )
    synthetic = Document.objects.filter(issue__sponsor=MARK)
    assert synthetic.count() == 48
    assert Issue.objects.filter(sponsor=MARK).count() == 24
    assert {d.signed_date.year for d in synthetic} == {2018, 2019}
    provisions = Provision.objects.filter(document__in=synthetic)
    assert provisions.count() > 48
    assert set(provisions.exclude(text="").values_list("text", flat=True)) <= real_texts
    doc = synthetic.order_by("signed_date", "doc_number").first()
    assert doc.doc_number.endswith("号") and doc.slug
    response = client.get("/search/", {"q": doc.doc_number})
    assert response.status_code == 302 and response["Location"] == doc.get_absolute_url()
    assert (
        SearchEntry.objects.filter(doc_number=doc.doc_number).count() == 1 + doc.provisions.count()
    )

    call_command("generate_search_corpus", delete=True, verbosity=0)
    assert Document.objects.count() == real_docs
    assert not Issue.objects.filter(sponsor=MARK).exists()
    assert not SearchEntry.objects.filter(doc_number=doc.doc_number).exists()
