from django.core.management.base import BaseCommand

from exchange_portal.roles import GROUP_NAMES, permissions_for, sync_roles


class Command(BaseCommand):
    help = "Create the role groups and set their permissions (idempotent; also run by migrate)."

    def handle(self, *args, **options):
        sync_roles()
        for role, name in GROUP_NAMES.items():
            self.stdout.write(f"{name}: {len(permissions_for(role))} permissions")
