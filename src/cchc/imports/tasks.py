"""Background work of the imports, queued with Django's tasks framework and run by ``cchc worker``."""

from django.tasks import task

from cchc.imports.services import import_uploaded_run


@task()
def import_uploaded(run_pk: int, actor_pk: int) -> None:
    """Import an uploaded export (``cchc.imports.services.import_upload`` queues it)."""
    import_uploaded_run(run_pk=run_pk, actor_pk=actor_pk)
