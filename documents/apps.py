from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "公报与文件"

    def ready(self):
        from documents import search_index

        search_index.register_sources()
