from django.apps import AppConfig


class IntermediaryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "intermediary"
    verbose_name = "中介服务项目清单"

    def ready(self) -> None:
        from intermediary import datasets

        datasets.register_all()
        from intermediary import models, selectors
        from search.registry import SearchSource, register

        register(
            SearchSource(
                name="intermediary",
                label="中介服务项目",
                models=(
                    models.IntermediaryService,
                    models.ServiceLink,
                    models.ServiceMatter,
                    models.Department,
                ),
                records=selectors.search_records,
            )
        )
        from documents.extractors import Extractor
        from documents.extractors import register as register_extractor
        from intermediary.parsing import parse

        register_extractor(
            Extractor(
                app="intermediary",
                label="政务服务事项中介服务项目清单",
                title_pattern=r"中介服务项目清单",
                read=lambda draft, text: parse(text.splitlines()),
            )
        )
