from gazette_site import contract


class BloodDonationConfig(contract.GazetteAppConfig):
    name = "blood_donation"
    verbose_name = "无偿献血"
    fixture_order = 30
    search_sources = "blood_donation.search_index.sources"
    extractors = "blood_donation.extractors.extractors"
    clerk_groups = (contract.ClerkGroup("blood_donation", "无偿献血数据维护员", "blood_donation"),)
    protected_models = frozenset(
        {"measure", "donationoption", "relative", "honourlevel", "benefit", "fine"}
    )

    def ready(self) -> None:
        from blood_donation import datasets

        datasets.register_all()
