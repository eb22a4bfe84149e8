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
        from documents.extractors import Extractor
        from documents.extractors import register as register_extractor
        from wildlife.parsing import parse_plan, read_standard

        register_extractor(
            Extractor(
                app="wildlife",
                label="在养禁食陆生野生动物退出补偿方案",
                title_pattern=r"在养禁食陆生野生动物后续处置工作方案",
                read=lambda draft, text: parse_plan(text),
            )
        )
        register_extractor(
            Extractor(
                app="wildlife",
                label="野生动物退出补偿标准（含修订版）",
                title_pattern=r"退出补偿(?:指导)?标准",
                read=read_standard,
            )
        )
