from django.urls import path

from cchc.imports import views

urlpatterns = [
    path("", views.import_home, name="import-home"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("<int:pk>/", views.import_detail, name="import-detail"),
    path("<int:pk>/errors.xlsx", views.import_errors, name="import-errors"),
]
