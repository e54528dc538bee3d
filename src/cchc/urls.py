from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from cchc.accounts.throttling import ThrottledAuthenticationForm
from cchc.api.v1 import api as api_v1
from cchc.ops import views as ops_views
from cchc.units import views as unit_views

urlpatterns = [
    path("", unit_views.home, name="home"),
    path("dashboard/", include("cchc.reports.urls")),
    path("dossiers/", include("cchc.dossiers.urls")),
    path("", include("cchc.public.urls")),
    path("units/", unit_views.unit_list, name="unit-list"),
    path("units/<str:code>/", unit_views.unit_detail, name="unit-detail"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=ThrottledAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("par/", include("cchc.par.urls")),
    path("notices/", include("cchc.notices.urls")),
    path("imports/", include("cchc.imports.urls")),
    path("api/v1/", api_v1.urls),
    path("healthz", ops_views.health, name="health"),
    path("favicon.ico", ops_views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "cchc — Quản trị"
admin.site.site_title = "cchc"
admin.site.index_title = "Danh mục và người dùng"
