from django.apps import AppConfig


class PricingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pricing"
    verbose_name = "差别化价格"

    def ready(self):
        from pricing import datasets

        datasets.register_all()
        from pricing import search_index

        search_index.register_sources()
