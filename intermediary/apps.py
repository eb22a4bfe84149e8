from django.apps import AppConfig


class IntermediaryConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'intermediary'
    verbose_name = "中介服务清单"
