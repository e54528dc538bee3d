from django.urls import path

from cchc.public import views

urlpatterns = [
    path("status/", views.lookup, name="public-lookup"),
    path("status/<str:code>/<str:token>/", views.status, name="public-status"),
    path("status/<str:code>/<str:token>/rate/", views.rate, name="public-rate"),
    path("ratings/", views.dissatisfied, name="ratings-dissatisfied"),
    path("ratings/kiosk/", views.kiosk_start, name="kiosk-start"),
    path("ratings/kiosk/<str:code>/", views.kiosk_rate, name="kiosk-rate"),
]
