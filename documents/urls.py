from django.urls import path
from django.views.decorators.http import require_safe

from documents import feeds, views
from gazette_site import opendata

app_name = "documents"

urlpatterns = [
    path("", views.home, name="home"),
    path("issues/", views.issue_list, name="issues"),
    path("issues/<int:year>/<int:number>/", views.issue_detail, name="issue"),
    path("documents/", views.document_list, name="list"),
    path("documents/external/<slug:slug>/", views.external_work, name="external"),
    path("documents/<slug:slug>/", views.document_detail, name="detail"),
    path("documents/<slug:slug>.akn.xml", views.document_akn, name="akn"),
    path("feeds/issues.atom", require_safe(feeds.IssueFeed()), name="feed_issues"),
    path("feeds/sections/<str:name>.atom", require_safe(feeds.SectionFeed()), name="feed_section"),
    path(
        "feeds/organisations/<str:slug>.atom",
        require_safe(feeds.OrganisationFeed()),
        name="feed_organisation",
    ),
    path("documents/<slug:slug>/pdf/", views.document_pdf, name="detail_pdf"),
    path("issues/<int:year>/<int:number>/pdf/", views.issue_pdf, name="issue_pdf"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<str:slug>/", views.organisation_detail, name="organisation"),
    *opendata.urlpatterns_for("documents", url_name="documents_json"),
    *opendata.urlpatterns_for("provisions", url_name="provisions_json"),
    *opendata.urlpatterns_for("issues", url_name="issues_json"),
]
