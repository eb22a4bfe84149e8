"""The synonym list is edited here; the index itself is derived data (rebuild_search_index)."""

from django.contrib import admin

from search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("terms", "source")
    search_fields = ("terms", "source")
