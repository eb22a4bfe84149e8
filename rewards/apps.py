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
        from documents.extractors import Extractor
        from documents.extractors import register as register_extractor
        from rewards.parsing import parse_award, parse_ip

        register_extractor(
            Extractor(
                app="rewards",
                label="金融业发展奖励办法的奖项与奖金",
                title_pattern=r"鼓励金融业发展奖励办法",
                kinds=("办法",),
                read=lambda draft, text: parse_award(text.splitlines()),
            )
        )
        register_extractor(
            Extractor(
                app="rewards",
                label="知识产权质押融资风险补偿的参数与条件",
                title_pattern=r"知识产权质押融资风险补偿",
                read=lambda draft, text: parse_ip(text.splitlines()),
            )
        )
