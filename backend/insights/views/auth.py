"""Session login and logout for the analyst pages (the API uses tokens instead)."""

from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    template_name = "insights/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): a link or an image tag cannot log anyone out."""
