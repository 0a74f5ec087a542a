"""Analyst pages at the site root; session login at /login/ (settings.LOGIN_URL)."""

from django.urls import path

from backend.insights.views import alerts, auth, feed, observation, overview, saved, trends

app_name = "insights"

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("", feed.feed, name="feed"),
    path("feed.csv", feed.feed_csv, name="feed-csv"),
    path("observations/<uuid:pk>/", observation.observation_detail, name="observation"),
    path("observations/<uuid:pk>/labels", observation.observation_label, name="observation-label"),
    path("trends/", trends.trends, name="trends"),
    path("overview/", overview.overview, name="overview"),
    path("views/", saved.view_list, name="views"),
    path("views/save", saved.view_save, name="view-save"),
    path("views/<int:pk>/act", saved.view_act, name="view-act"),
    path("alerts/", alerts.inbox, name="alerts"),
    # Alert ids are UUIDs: anything else is a 404 here, never a query that fails.
    path("alerts/<uuid:pk>/", alerts.alert_detail, name="alert"),
    path("alerts/<uuid:pk>/act", alerts.alert_act, name="alert-act"),
]
