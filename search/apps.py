from gazette_site import contract
from search.registry import register


class SearchConfig(contract.GazetteAppConfig):
    name = "search"
    verbose_name = "全文搜索"
    # The index is rebuilt after every load, once every loaded app has checked its data.
    after_any_load = "search.services.after_fixtures_loaded"

    def ready(self):
        from search import signals

        register_declared_sources()
        signals.connect()


def register_declared_sources() -> None:
    """Register the search sources every installed gazette app declares."""
    for config in contract.gazette_apps():
        make_sources = contract.declared(config.search_sources)
        for source in make_sources() if make_sources else ():
            register(source)
