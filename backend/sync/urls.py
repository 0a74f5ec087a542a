from django.urls import path

from backend.sync.apis import PullApi, PushApi

urlpatterns = [
    path("push", PushApi.as_view(), name="sync-push"),
    path("pull", PullApi.as_view(), name="sync-pull"),
]
