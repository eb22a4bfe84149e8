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
