from documents.clerks import DRAFT_MODELS, PUBLISHING_MODELS
from gazette_site import contract


class PublishingConfig(contract.GazetteAppConfig):
    name = "publishing"
    verbose_name = "公报发布"
    # Publishing an issue: the documents app's issue records and drafts, and this app's own.
    clerk_groups = (
        contract.ClerkGroup(
            "publishing",
            "公报发布员",
            "documents",
            models=PUBLISHING_MODELS | DRAFT_MODELS,
            extra_apps=("publishing",),
        ),
    )
