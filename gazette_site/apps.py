from django.apps import AppConfig


class GazetteSiteConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gazette_site"
    verbose_name = "站点"

    def ready(self):
        from gazette_site import dataversion

        dataversion.connect()
