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
        from blood_donation.parser import measure_from_document
        from documents.extractors import Extractor
        from documents.extractors import register as register_extractor

        register_extractor(
            Extractor(
                app="blood_donation",
                label="无偿献血管理办法的献血、用血与奖惩规定",
                title_pattern=r"无偿献血管理办法",
                kinds=("办法",),
                read=measure_from_document,
            )
        )
