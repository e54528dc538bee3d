from cchc.audit.trail import acting_as


class AuditActorMiddleware:
    """Attribute the changes a request makes to the logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with acting_as(user, label=user.get_username() if user else "khách (chưa đăng nhập)"):
            return self.get_response(request)
