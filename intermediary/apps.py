from gazette_site import contract


class IntermediaryConfig(contract.GazetteAppConfig):
    name = "intermediary"
    verbose_name = "中介服务项目清单"
    fixture_order = 40
    search_sources = "intermediary.search_index.sources"
    extractors = "intermediary.extractors.extractors"
    attachment_pages = (
        contract.AttachmentPage(
            doc_number="威政字〔2020〕49号",
            anchor="附件1",
            url_name="intermediary:catalogue",
            template="intermediary/_document_attachment.html",
            rows="intermediary.selectors.catalogue_rows",
            note=(
                "此表按印刷版逐行转录：跨页续排的行、错位的单元格保持原样。"
                "逐项整理、可筛选的清单见“中介服务清单”页面。"
            ),
        ),
    )
    clerk_groups = (contract.ClerkGroup("intermediary", "中介服务数据维护员", "intermediary"),)
    protected_models = frozenset(
        {"catalogue", "department", "servicematter", "intermediaryservice", "noticerule"}
    )

    def ready(self) -> None:
        from intermediary import datasets

        datasets.register_all()
