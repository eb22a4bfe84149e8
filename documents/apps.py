from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "公报与文件"

    def ready(self):
        from django.db.models.signals import post_migrate

        from documents import search_index

        search_index.register_sources()
        post_migrate.connect(_sync_clerks, dispatch_uid="documents.clerk_groups_sync")


def _sync_clerks(sender, using="default", **kwargs):
    # post_migrate fires once per app; permissions exist once the last app is done.
    from documents.services import clerk_groups_sync

    clerk_groups_sync(using=using)
