from documents.clerks import PUBLISHING_MODELS
from gazette_site import contract


class DocumentsConfig(contract.GazetteAppConfig):
    name = "documents"
    verbose_name = "公报与文件"
    # Every other app's records point at documents: they load first.
    fixture_order = 10
    after_load = "documents.services.after_fixtures_loaded"
    search_sources = "documents.search_index.sources"
    clerk_groups = (
        contract.ClerkGroup(
            "documents",
            "公报文件数据维护员",
            "documents",
            excluded_models=PUBLISHING_MODELS | {"loadedfixture"},
        ),
    )
    protected_models = frozenset({"issue", "section", "document", "provision", "attachment"})

    def ready(self):
        from django.db.models.signals import post_migrate

        from documents import datasets, extractors, references

        datasets.register_all()
        extractors.register_declared()
        references.connect()
        post_migrate.connect(_sync_clerks, dispatch_uid="documents.clerk_groups_sync")


def _sync_clerks(sender, using="default", **kwargs):
    # post_migrate fires once per app; permissions exist once the last app is done.
    from documents.services import clerk_groups_sync

    clerk_groups_sync(using=using)
