from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "backend.core"
    label = "core"

    def ready(self) -> None:
        from backend.core.correlation import install_log_record_factory

        install_log_record_factory()
        if settings.DATABASES["default"]["ENGINE"].startswith("dj_db_conn_pool."):
            from backend.core.db_pool import install_fork_guard

            install_fork_guard()
