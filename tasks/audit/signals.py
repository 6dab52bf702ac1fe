"""The audit log's receivers, connected once by ``TasksConfig.ready`` (``audit_signals_connect``).

* every audited model (``record.is_audited``): post_init remembers the loaded values, post_save records what
  changed (old → new), post_delete what was removed; m2m_changed records relation changes (a user's groups, a
  group's permissions). Raw saves (``loaddata``: a restore) are not recorded row by row;
* django-import-export's admin export.

Login events (login, failed login, lockout, logout, idle timeout, tokens, password, two-factor) come from the
login machinery (``responsibilities.accounts.events``) through ``settings.ACCOUNT_EVENT_AUDIT`` =
``tasks.audit.record.account_event_audit``.
"""

from django.apps import apps
from django.db.models import signals

from tasks.audit import record
from tasks.audit.context import audit_suspended

Kind = record.Kind
DISPATCH = "tasks.audit"


def _post_init(sender, instance, **kwargs):
    record.snapshot_take(instance)


def _post_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if not raw and not audit_suspended():
        record.audit_saved(instance, created=created, update_fields=update_fields)


def _post_delete(sender, instance, **kwargs):
    if not audit_suspended():
        record.audit_deleted(instance)


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not record.is_audited(type(instance)):
        return
    if audit_suspended():
        return
    field = next(
        (f.name for f in type(instance)._meta.many_to_many if f.remote_field.through is sender),
        sender._meta.object_name,
    )
    record.audit_relation_changed(instance, field=field, action=action, ids=pk_set)


def _exported(sender, model=None, **kwargs):
    label = record.model_label(model) if model is not None else ""
    record.audit_record(Kind.EXPORT, detail="admin export", object_type=label)


def audit_signals_connect() -> None:
    """Connect the receivers (idempotent: ``dispatch_uid``)."""
    for model in apps.get_models(include_auto_created=False):
        if record.is_audited(model):
            uid = f"{DISPATCH}.{record.model_label(model)}"
            signals.post_init.connect(_post_init, sender=model, dispatch_uid=f"{uid}.init")
            signals.post_save.connect(_post_save, sender=model, dispatch_uid=f"{uid}.save")
            signals.post_delete.connect(_post_delete, sender=model, dispatch_uid=f"{uid}.delete")
    signals.m2m_changed.connect(_m2m_changed, dispatch_uid=f"{DISPATCH}.m2m")
    if apps.is_installed("import_export"):
        from import_export.signals import post_export

        post_export.connect(_exported, dispatch_uid=f"{DISPATCH}.export")
