from gazette_site import contract


class PricingConfig(contract.GazetteAppConfig):
    name = "pricing"
    verbose_name = "差别化价格"
    fixture_order = 60
    search_sources = "pricing.search_index.sources"
    extractors = "pricing.extractors.extractors"
    clerk_groups = (contract.ClerkGroup("pricing", "差别化价格数据维护员", "pricing"),)
    protected_models = frozenset({"policy", "surcharge", "policyrule"})

    def ready(self) -> None:
        from pricing import datasets

        datasets.register_all()
