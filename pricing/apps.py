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

        from documents.extractors import Extractor
        from documents.extractors import register as register_extractor
        from pricing.parsing import parse_notice

        register_extractor(
            Extractor(
                app="pricing",
                label="“亩产效益”差别化价格政策",
                title_pattern=r"差别化\s*价格政策",
                read=lambda draft, text: parse_notice(text),
            )
        )
