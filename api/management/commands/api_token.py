"""Issue, replace or revoke the API token of one account (an HR system's service account, or a
CSB system's). The key is printed once, to this terminal only; it is never logged."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from exchange_portal.roles import NO_DEPARTMENT, STAFF, department_scope, role_of


class Command(BaseCommand):
    help = (
        "Issue (or with --replace, replace) the API token of a staff account and print it once; "
        "--revoke deletes it. The token acts with the account's role and department."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--replace", action="store_true", help="Issue a new key.")
        action.add_argument("--revoke", action="store_true", help="Delete the token.")

    def handle(self, username, replace=False, revoke=False, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        if revoke:
            deleted, _ = Token.objects.filter(user=user).delete()
            self.stdout.write("Token revoked." if deleted else "The account had no token.")
            return
        role = role_of(user)
        if role not in STAFF:
            raise CommandError(
                f"{username!r} is {role.value}: only CSB staff and department HR accounts use "
                "the API."
            )
        # The department itself is the subject here: an HR account not yet tied to one would
        # hold a token that reads nothing.
        if department_scope(user) == NO_DEPARTMENT:
            raise CommandError(f"{username!r} is department HR without a department.")
        if Token.objects.filter(user=user).exists() and not replace:
            raise CommandError(
                f"{username!r} already has a token; --replace issues a new one (the old key "
                "stops working at once)."
            )
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        self.stdout.write(
            f"API token of {username} ({role.value}); shown this once, keep it secret:\n{token.key}"
        )
