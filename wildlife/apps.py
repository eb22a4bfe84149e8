from gazette_site import contract


class WildlifeConfig(contract.GazetteAppConfig):
    name = "wildlife"
    verbose_name = "野生动物退养补偿"
    fixture_order = 50
    search_sources = "wildlife.search_index.sources"
    extractors = "wildlife.extractors.extractors"
    attachment_pages = (
        contract.AttachmentPage(
            doc_number="威政办字〔2020〕50号", anchor="附件2", url_name="wildlife:overview"
        ),
    )
    clerk_groups = (contract.ClerkGroup("wildlife", "野生动物数据维护员", "wildlife"),)
    protected_models = frozenset({"compensationplan", "scopecategory", "disposalmethod", "species"})

    def ready(self) -> None:
        from wildlife import datasets

        datasets.register_all()
