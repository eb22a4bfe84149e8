from django.apps import AppConfig


class WildlifeConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'wildlife'
