"""No admin screens: the index is derived data (manage.py rebuild_search_index rebuilds it)."""
