from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "cchc.procedures"
    verbose_name = "Thủ tục hành chính"

    def ready(self) -> None:
        from cchc.audit.trail import register
        from cchc.procedures.models import Procedure, ProcedureComponent

        register(Procedure, ignore={"search_text"})
        register(ProcedureComponent)
