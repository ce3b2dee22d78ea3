from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from . import views
from .sign_in import AdminSignInForm, SignInForm

admin.site.site_header = _("Exchange Portal")
admin.site.site_title = _("Exchange Portal")
admin.site.index_title = _("Secondment and exchange programmes")
admin.site.login_form = AdminSignInForm

accounts = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("start/", views.RoleHomeView.as_view(), name="role_home"),
    path(
        "set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/set_password.html",
            success_url=reverse_lazy("password_set_done"),
            post_reset_login=False,
        ),
        name="password_set",
    ),
    path(
        "set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/set_password_done.html"
        ),
        name="password_set_done",
    ),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

# The one place that composes the screens of every audience (decision 0032).
urlpatterns = [
    path("", include("public.urls")),
    path("", include("portal.urls")),
    path("", include("staff.urls")),
    path("accounts/", include(accounts)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "exchange_portal.errors.permission_denied"
handler500 = "exchange_portal.errors.server_error"
