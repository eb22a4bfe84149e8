from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.home, name="home"),
    path("issues/", views.issue_list, name="issues"),
    path("issues/<int:year>/<int:number>/", views.issue_detail, name="issue"),
    path("documents/", views.document_list, name="list"),
    path("documents/<slug:slug>/", views.document_detail, name="detail"),
    path("documents/<slug:slug>/pdf/", views.document_pdf, name="detail_pdf"),
    path("issues/<int:year>/<int:number>/pdf/", views.issue_pdf, name="issue_pdf"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<str:slug>/", views.organisation_detail, name="organisation"),
    path("data/documents.json", views.documents_json, name="documents_json"),
    path("data/issues.json", views.issues_json, name="issues_json"),
]
