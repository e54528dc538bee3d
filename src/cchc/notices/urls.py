from django.urls import path

from cchc.notices import views

urlpatterns = [
    path("", views.notice_list, name="notice-list"),
    path("<int:pk>/open/", views.notice_open, name="notice-open"),
    path("read-all/", views.notice_read_all, name="notice-read-all"),
    path("preference/", views.preference, name="notice-preference"),
    path("remind-units/", views.remind_units, name="notice-remind-units"),
    path("log/", views.delivery_log, name="notice-log"),
]
