from gazette_site import contract


class RewardsConfig(contract.GazetteAppConfig):
    name = "rewards"
    verbose_name = "金融业发展奖励与知识产权质押融资风险补偿"
    fixture_order = 20
    after_load = "rewards.services.after_fixtures_loaded"
    search_sources = "rewards.search_index.sources"
    extractors = "rewards.extractors.extractors"
    clerk_groups = (contract.ClerkGroup("rewards", "金融奖励与知识产权补偿数据维护员", "rewards"),)
    protected_models = frozenset(
        {
            "measure",
            "awardscheme",
            "sectorbudget",
            "awardprize",
            "condition",
            "ipcompensationparameters",
        }
    )

    def ready(self) -> None:
        from rewards import datasets

        datasets.register_all()
