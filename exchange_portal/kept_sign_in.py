"""Who is signed in, kept in the session between changes (docs/decisions/0054).

Django reads the account, its groups and its permissions (user and group) from the database on
every request: two to four queries before a staff page does anything. Here the session keeps
what those queries return — the account's columns (not its password or last sign-in), its
groups, its permissions and its profile (department, partner government, language) — under
the **sign-in version**, one shared cache key with a new random value whenever anything that
decides a user's rights changes: any account saved or deleted (a role's group, a deactivation,
a password), a group's members or permissions, a profile (department, partner), a group or
permission itself. The version is set at once and again when the transaction commits
(as the figures' version, decision 0021), and read before the database, so a request that read
the old rights cannot keep them under the new version. With Redis the version is read from the
process's own copy that Redis invalidates (exchange_portal/cache.py: no round trip); with another
cache, from it.

A request whose session holds a copy made under the current version builds its user from it;
otherwise (a change anywhere, the first request of a session, a cache that lost the version)
it signs in as Django does and keeps a new copy. Either way the session's hash of the password
is checked as Django checks it, so a changed password still ends every other session, and an
account deactivated or taken out of its group has its new rights on its next request.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, get_user, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.db.models import prefetch_related_objects
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.functional import SimpleLazyObject

from .versions import SharedVersion

VERSION_KEY = "sign-in:version"
SESSION_KEY = "_kept_sign_in"
# Columns never kept: the password hash stays in the database (the session's hash of it is
# compared instead) and the last sign-in changes at each sign-in without changing any right.
# Both are deferred on the kept user: read from the database if asked for, and never written
# back by a save() of the kept user (Django saves only the loaded columns of such an instance).
NOT_KEPT = frozenset({"password", "last_login"})
PROFILE = "profile"  # UserProfile's related name on the account (participants)


SIGN_IN = SharedVersion(VERSION_KEY)


def sign_in_version() -> str | None:
    """The current sign-in version; None when the cache cannot keep one (then nothing is kept)."""
    return SIGN_IN.current()


def sign_in_changed(**kwargs) -> None:
    """Something that decides who may do what changed: every kept copy is set aside."""
    SIGN_IN.changed()


def _account_saved(sender, instance, update_fields=None, **kwargs) -> None:
    # Django's own update of the last sign-in (`update_last_login`) changes no right.
    if update_fields is not None and set(update_fields) <= NOT_KEPT:
        return
    sign_in_changed()


def connect() -> None:
    """Wire the changes that set every kept copy aside (called from the app's ready())."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.auth.signals import user_logged_in
    from django.db.models.signals import m2m_changed, post_delete, post_save

    user_model = get_user_model()
    post_save.connect(_account_saved, sender=user_model, dispatch_uid="kept_sign_in_user")
    post_delete.connect(sign_in_changed, sender=user_model, dispatch_uid="kept_sign_in_user_del")
    profile_model = user_model._meta.get_field(PROFILE).related_model
    for model in (profile_model, Group, Permission):
        uid = f"kept_sign_in_{model._meta.label_lower}"
        post_save.connect(sign_in_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(sign_in_changed, sender=model, dispatch_uid=uid + "_del")
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            _members_changed, sender=through, dispatch_uid=f"kept_sign_in_{through._meta.label}"
        )
    user_logged_in.connect(keep_at_sign_in, dispatch_uid="kept_sign_in_at_login")


def _members_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        sign_in_changed()


# Keeping and rebuilding ----------------------------------------------------------------------


def _columns(instance, skip=frozenset()) -> dict:
    """The instance's loaded columns as JSON values (the session is stored as JSON)."""
    kept = {}
    deferred = instance.get_deferred_fields()
    for field in type(instance)._meta.concrete_fields:
        name = field.attname
        if name in skip or name in deferred:
            continue
        value = getattr(instance, name)
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = field.value_to_string(instance)
        kept[name] = value
    return kept


def _rebuild(model, columns: dict):
    """An instance of `model` with the kept columns loaded and any other deferred (read from
    the database only if asked for, as with .only(); a save() writes only the loaded ones)."""
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in columns:
            value = columns[field.attname]
            names.append(field.attname)
            values.append(None if value is None else field.to_python(value))
    return model.from_db("default", names, values)


def _key_mark() -> str:
    """Which SECRET_KEY the copy was made under: a copy made under a retired key is not used
    (Django's own check then decides, with its fallback keys)."""
    return _mark_of(settings.SECRET_KEY)


@functools.lru_cache(maxsize=4)
def _mark_of(secret: str) -> str:
    return salted_hmac("kept-sign-in", "key", secret=secret, algorithm="sha256").hexdigest()[:16]


def _copy_of(user, version: str, session_hash: str) -> dict:
    """What the session keeps of a signed-in user (read from the database once)."""
    backend = ModelBackend()
    prefetch_related_objects([user], "groups")  # as role_of() reads them: once
    profile = getattr(user, PROFILE, None)
    return {
        "version": version,
        "id": user.pk,
        "hash": session_hash,
        "key": _key_mark(),
        "usable_password": user.has_usable_password(),
        "user": _columns(user, NOT_KEPT),
        "groups": [[g.pk, g.name] for g in user.groups.all()],
        "user_perms": sorted(backend.get_user_permissions(user)),
        "group_perms": sorted(backend.get_group_permissions(user)),
        "profile": None if profile is None else _columns(profile),
    }


def _user_from(copy: dict):
    from django.contrib.auth.models import Group

    user_model = get_user_model()
    user = _rebuild(user_model, copy["user"])
    # The admin's header asks it on every page: answered without reading the password.
    usable = bool(copy.get("usable_password"))
    user.has_usable_password = functools.partial(bool, usable)
    groups = user.groups.all()
    groups._result_cache = [
        Group.from_db("default", ["id", "name"], [pk, name]) for pk, name in copy["groups"]
    ]
    groups._prefetch_done = True
    user._prefetched_objects_cache = {"groups": groups}
    user._user_perm_cache = set(copy["user_perms"])
    user._group_perm_cache = set(copy["group_perms"])
    user._perm_cache = user._user_perm_cache | user._group_perm_cache
    profile_model = user_model._meta.get_field(PROFILE).related_model
    profile = None
    if copy["profile"] is not None:
        profile = _rebuild(profile_model, copy["profile"])
        profile._state.fields_cache["user"] = user
    user._state.fields_cache[PROFILE] = profile
    return user


def keep(request, user, version: str | None) -> None:
    if version is None or not getattr(user, "is_authenticated", False):
        return
    session_hash = request.session.get(HASH_SESSION_KEY)
    if session_hash:
        request.session[SESSION_KEY] = _copy_of(user, version, session_hash)


def keep_at_sign_in(sender, request, user, **kwargs) -> None:
    """At sign-in the session starts with its copy (connected to `user_logged_in`)."""
    if request is not None and hasattr(request, "session"):
        # The version first, then the account read afresh: the object signed in with was read
        # before it, and a change in between must not be kept under the new version.
        version = sign_in_version()
        fresh = type(user)._default_manager.filter(pk=user.pk).first()
        if fresh is not None:
            keep(request, fresh, version)


def signed_in_user(request):
    """`request.user`: from the session's copy while the sign-in version holds, else as Django
    reads it (then kept)."""
    session = request.session
    user_id = session.get("_auth_user_id")
    backend_path = session.get(BACKEND_SESSION_KEY)
    if user_id is None or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return get_user(request)
    version = sign_in_version()
    copy = session.get(SESSION_KEY)
    if (
        version is not None
        and copy is not None
        and copy.get("version") == version
        and str(copy.get("id")) == str(user_id)
        and copy.get("key") == _key_mark()
        and constant_time_compare(session.get(HASH_SESSION_KEY) or "", copy.get("hash") or "")
    ):
        return _user_from(copy)
    user = get_user(request)
    if user.is_authenticated:
        keep(request, user, version)
    elif SESSION_KEY in session:
        del session[SESSION_KEY]
    return user


class KeptSignInMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with the user from the session's copy."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: signed_in_user(request))
