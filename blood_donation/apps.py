from django.apps import AppConfig


class BloodDonationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "blood_donation"
    verbose_name = "无偿献血"

    def ready(self) -> None:
        from blood_donation import datasets

        datasets.register_all()
        from blood_donation import models, selectors
        from search.registry import SearchSource, register

        register(
            SearchSource(
                name="blood_donation",
                label="无偿献血",
                models=(
                    models.Measure,
                    models.DonationOption,
                    models.Relative,
                    models.HonourLevel,
                    models.Benefit,
                    models.Fine,
                ),
                records=selectors.search_records,
            )
        )
