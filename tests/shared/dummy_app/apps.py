from pathlib import Path

from gazette_site import contract


class DummyConfig(contract.GazetteAppConfig):
    name = "tests.shared.dummy_app"
    label = "dummy"
    verbose_name = "示例应用"
    fixture_order = 70
    fixture_dir = Path(__file__).parent / "fixtures"
    after_load = "tests.shared.dummy_app.contributions.after_load"
    search_sources = "tests.shared.dummy_app.contributions.search_sources"
    extractors = "tests.shared.dummy_app.contributions.extractors"
    attachment_pages = (
        contract.AttachmentPage(
            doc_number="威政字〔2020〕99号", anchor="附件1", url_name="documents:home"
        ),
    )
    clerk_groups = (contract.ClerkGroup("dummy", "示例数据维护员", "dummy"),)
