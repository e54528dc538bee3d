"""Writes to user accounts."""

from django.db import transaction

from cchc.accounts.models import Role, User
from cchc.units.models import Unit


def user_ensure(
    *, username: str, unit: Unit, role: Role, first_name: str, last_name: str, password: str
) -> User:
    """Create the user if missing (with ``password``); leave an existing user alone."""
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                unit=unit,
                role=role,
                first_name=first_name,
                last_name=last_name,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            user.set_password(password)
            user.save()
    return user
