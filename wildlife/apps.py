from django.apps import AppConfig


class WildlifeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wildlife"
    verbose_name = "野生动物退养补偿"

    def ready(self):
        from wildlife import datasets

        datasets.register_all()
        from search.registry import SearchSource, register
        from wildlife.models import CompensationPlan, Species
        from wildlife.selectors import species_search_records

        register(
            SearchSource(
                name="wildlife",
                label="野生动物退出补偿标准",
                models=(Species, CompensationPlan),
                records=species_search_records,
            )
        )
