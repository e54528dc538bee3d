from django.urls import path

from cchc.par import views

urlpatterns = [
    path("", views.home, name="par-home"),
    path("sets/", views.index_set_list, name="par-sets"),
    path("sets/<int:pk>/", views.index_set_detail, name="par-set"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="par-campaign"),
    path("campaigns/<int:pk>/publish/", views.campaign_publish, name="par-publish"),
    *(
        path(
            f"campaigns/<int:pk>/ranking.{fmt}",
            views.campaign_export,
            {"fmt": fmt},
            name=f"par-ranking-{fmt}",
        )
        for fmt in ("docx", "xlsx")
    ),
    path("assessments/<int:pk>/", views.assessment_detail, name="par-assessment"),
    *(
        path(
            f"assessments/<int:pk>/export.{fmt}",
            views.assessment_export,
            {"fmt": fmt},
            name=f"par-export-{fmt}",
        )
        for fmt in ("docx", "xlsx")
    ),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="par-submit"),
    path("assessments/<int:pk>/refresh/", views.assessment_refresh, name="par-refresh"),
    path("assessments/<int:pk>/return/", views.assessment_return, name="par-return"),
    path("assessments/<int:pk>/finalize/", views.assessment_finalize, name="par-finalize"),
    path("assessments/<int:pk>/fields/<str:code>/", views.field_detail, name="par-field"),
    path("assessments/<int:pk>/criteria/<str:code>/", views.criterion_detail, name="par-criterion"),
    path("assessments/<int:pk>/criteria/<str:code>/inline/", views.score_inline, name="par-score-inline"),
    path(
        "assessments/<int:pk>/criteria/<str:code>/evidence/",
        views.evidence_upload,
        name="par-evidence-upload",
    ),
    path("assessments/<int:pk>/criteria/<str:code>/appraise/", views.score_appraise, name="par-appraise"),
    path("evidence/<int:pk>/", views.evidence_download, name="par-evidence"),
    path("evidence/<int:pk>/withdraw/", views.evidence_withdraw, name="par-evidence-withdraw"),
]
