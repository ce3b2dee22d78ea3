"""API tokens are not kept in the admin: DRF's token admin would list every key and write each
one into the admin's change log (a token's name is its key). `manage.py api_token` issues,
replaces and revokes them (docs/decisions/0015-rest-api.md)."""

from django.contrib import admin
from rest_framework.authtoken.models import TokenProxy

if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
