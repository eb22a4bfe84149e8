"""A private admin site for the import tests, so they touch no app's real admin."""

from django.contrib import admin
from django.urls import path

from documents.models import Organisation
from gazette_site.importing import GazetteImportExportAdmin
from tests.importing.support import OrganisationResource

site = admin.AdminSite(name="admin")


class OrganisationImportAdmin(GazetteImportExportAdmin):
    resource_classes = [OrganisationResource]
    search_fields = ["name"]


site.register(Organisation, OrganisationImportAdmin)

urlpatterns = [path("admin/", site.urls)]
