from django.urls import path

from cchc.dossiers import views

urlpatterns = [
    path("", views.register_home, name="register-home"),
    path("new/", views.dossier_new, name="dossier-new"),
    path("procedures/", views.procedure_options, name="procedure-options"),
    path("book/", views.tracking_book, name="tracking-book"),
    path("<str:code>/", views.dossier_detail, name="dossier-detail"),
    path("<str:code>/act/<str:action>/", views.dossier_act, name="dossier-act"),
    path("<str:code>/facts/", views.dossier_facts, name="dossier-facts"),
    path("<str:code>/forms/<str:form>/", views.dossier_form, name="dossier-form"),
    path("<str:code>/forms/<str:form>.docx", views.dossier_form_docx, name="dossier-form-docx"),
    path("<str:code>/forms/<str:form>.pdf", views.dossier_form_pdf, name="dossier-form-pdf"),
]
