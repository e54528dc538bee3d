from django.urls import path

from cchc.reports import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("drill/", views.dashboard_drill, name="dashboard-drill"),
    path("trends/", views.dashboard_trends, name="dashboard-trends"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/make/", views.report_make, name="report-make"),
    path("reports/<int:pk>.<str:kind>", views.report_file, name="report-file"),
    path("reports/<int:pk>/revisions/", views.report_revisions, name="report-revisions"),
]
