from django.apps import AppConfig


class RewardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rewards"
    verbose_name = "金融业发展奖励与知识产权质押融资风险补偿"

    def ready(self) -> None:
        from rewards import datasets

        datasets.register_all()
        from rewards import models, selectors
        from search.registry import SearchSource, register

        register(
            SearchSource(
                name="rewards",
                label="金融发展贡献奖",
                models=(
                    models.Measure,
                    models.AwardScheme,
                    models.SectorBudget,
                    models.AwardPrize,
                    models.Institution,
                    models.IpCompensationParameters,
                    models.Condition,
                ),
                records=selectors.search_records,
            )
        )
