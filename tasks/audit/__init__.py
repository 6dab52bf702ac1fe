"""The audit log (安全审计): one append-only record of every login event, every change to a model, every export
and every download — who, when, from which address, what, old → new.

* ``models.AuditEvent`` — the rows; never updated or deleted by the portal (the model refuses, the admin is
  read-only, and on PostgreSQL a trigger refuses UPDATE and DELETE except the purge of rows past retention);
* ``context`` — who is acting and from where (``AuditContextMiddleware`` sets it per request; jobs run as 系统);
* ``record`` — the writers: ``audit_record`` (a login, export or download), ``audit_instances`` (rows written in
  bulk by a service), and the generic model-change recording the signals use;
* ``signals`` — connected by ``TasksConfig.ready``: post_init / post_save / post_delete / m2m_changed of every
  model outside ``record.UNAUDITED`` and Django's login signals (django-axes' lockout when it is installed).

Reading and exporting the log (审计员 only) is ``reports.audit``; removing rows past retention is
``manage.py audit_purge``.
"""
