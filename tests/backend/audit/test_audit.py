"""The audit log records every kind of change and cannot be altered through the app."""

import pytest
from django.db import DatabaseError, connection, transaction

from backend.audit.context import acting_as
from backend.audit.models import AuditEvent, AuditImmutable
from tests.factories import HCPFactory, ProductFactory, UserFactory


def test_catalog_and_user_changes_are_audited_with_before_and_after(world):
    with acting_as(world.admin, via="admin"):
        product = ProductFactory(name="Newbrand")
        product.indication = "changed"
        product.save()
        hcp = HCPFactory(territory=world.north)
        hcp.delete()
        user = UserFactory(username="dave")

    update = AuditEvent.objects.get(
        entity="catalog.product", entity_id=str(product.pk), action="update"
    )
    assert (update.actor_username, update.via) == ("root", "admin")
    assert (
        update.before["indication"] == "Adults with something."
        and update.after["indication"] == "changed"
    )
    assert AuditEvent.objects.filter(entity="catalog.hcp", action="delete").exists()
    created = AuditEvent.objects.get(
        entity="accounts.user", entity_id=str(user.pk), action="create"
    )
    assert "password" not in created.after


def test_audit_rows_cannot_be_changed_or_deleted_through_the_app(world):
    ProductFactory(name="Another")
    event = AuditEvent.objects.first()

    with pytest.raises(AuditImmutable):
        event.save()
    with pytest.raises(AuditImmutable):
        event.delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.all().update(via="x")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_itself_refuses_updates_and_deletes(world):
    ProductFactory(name="Third")
    event = AuditEvent.objects.first()
    for sql in [
        "UPDATE audit_auditevent SET via = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).via == event.via


def test_admin_cannot_edit_audit_rows(world, client):
    client.force_login(world.admin)
    ProductFactory(name="Fourth")
    event = AuditEvent.objects.first()
    assert client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    assert (
        client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"via": "x"}).status_code == 403
    )
