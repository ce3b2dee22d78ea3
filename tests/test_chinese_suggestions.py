"""Entering one Chinese script offers the other (issue 17, point 5; decision 0044).

On every screen that edits a text in Traditional and Simplified Chinese (the staff screens and
the admin), saving one form alone saves nothing: the page comes back with the other filled in
by OpenCC (Hong Kong variant), marked next to the field and summed up above the form. Saving
again takes the values as shown, or as corrected, or the field emptied."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone, translation

from exchange_portal.admin_chinese import ChineseSuggestionsAdminMixin
from exchange_portal.forms import (
    OFFERED_FIELD,
    ChineseSuggestionsMixin,
    chinese_pairs,
    model_has_chinese_pairs,
)
from exchange_portal.roles import Role
from placements.models import Placement
from programmes.models import Cohort, Programme
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, GradeFactory
from tests.placements.factories import (
    FocusAreaFactory,
    HostOrganisationFactory,
    HostUnitFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, PartnerAgreementFactory, ProgrammeFactory
from tests.test_fuzz_forms import CurrentValues

pytestmark = pytest.mark.django_db

TRADITIONAL = "深圳市生態環境局福田管理局"
ITS_SIMPLIFIED = "深圳市生态环境局福田管理局"
# Hong Kong's Traditional (s2hk): 為 where plain OpenCC writes 爲, 裏 where Taiwan writes 裡,
# 衞 where Taiwan writes 衛.
SIMPLIFIED = "为了这里的医疗卫生合作"
ITS_TRADITIONAL = "為了這裏的醫療衞生合作"
FROM_TRADITIONAL = "Suggested from the Traditional Chinese with OpenCC"
FROM_SIMPLIFIED = "Suggested from the Simplified Chinese with OpenCC"
NOTHING_SAVED = "Nothing has been saved yet: 1 Chinese field was filled in"


@dataclass
class Screen:
    url: str
    data: dict  # what the page posts, the pair left empty
    pair: tuple[str, str]  # the Traditional and Simplified fields, as posted
    saved: Callable[[], tuple[str, str] | None]  # the pair as stored; None until saved


class BrowserValues(CurrentValues):
    """As the fuzz harness reads a page, an empty text box posting an empty string."""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        kind = a.get("type", "text")
        if tag == "input" and kind not in ("checkbox", "radio") and self._form is not None:
            if a.get("name") and kind not in ("submit", "button", "image", "reset", "file"):
                self._form.setdefault(a["name"], []).append(a.get("value") or "")
            return
        super().handle_starttag(tag, attrs)


def page_values(html: str, url: str) -> dict[str, list[str]]:
    """What a browser posts from the page's own form as it stands (the admin's save button,
    not its actions)."""
    parser = BrowserValues(url)
    parser.feed(html)
    values = max(parser.forms, key=len)
    for name in list(values):
        if name == "csrfmiddlewaretoken" or name.startswith("CHANGE_FORM-"):
            del values[name]
    return values


def as_shown(client, url) -> dict[str, list[str]]:
    page = client.get(url)
    assert page.status_code == 200, url
    return page_values(page.content.decode(), url)


def manager(client, django_user_model):
    client.force_login(make_user(django_user_model, "manager", Role.CSB_MANAGER))


def superuser(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("csb.admin", "admin@csb.gov.hk", "a-long-pw")
    )


def staff_programme(client, user_model) -> Screen:
    manager(client, user_model)
    organiser = DepartmentFactory(code="HKPF")
    data = {
        "code": "INTERPOL-SEC",
        "name_en": "Secondment to INTERPOL",
        "kind": Programme.Kind.INTERNATIONAL_SECONDMENT,
        "organiser": organiser.pk,
        "direction": "outbound",
        "suspensions-TOTAL_FORMS": "1",
        "suspensions-INITIAL_FORMS": "0",
    }
    pair = ("name_zh_hant", "name_zh_hans")
    return Screen(
        reverse("staff:programme_add"),
        data,
        pair,
        lambda: Programme.objects.filter(code="INTERPOL-SEC").values_list(*pair).first(),
    )


def staff_suspension(client, user_model) -> Screen:
    manager(client, user_model)
    programme = ProgrammeFactory()
    url = reverse("staff:programme_edit", args=[programme.pk])
    data = as_shown(client, url) | {
        "suspensions-0-starts_on": "2020-01-01",
        "suspensions-0-ends_on": "2022-12-31",
        "suspensions-0-reason": "the epidemic",
    }
    return Screen(
        url,
        data,
        ("suspensions-0-reason_zh_hant", "suspensions-0-reason_zh_hans"),
        lambda: programme.suspensions.values_list("reason_zh_hant", "reason_zh_hans").first(),
    )


def staff_cohort(client, user_model) -> Screen:
    manager(client, user_model)
    programme = ProgrammeFactory()
    start = timezone.localdate() + datetime.timedelta(days=90)
    data = {
        "programme": programme.pk,
        "name": "Futian exchange 2027",
        "phase": "1",
        "batch": "1",
        "direction": "outbound",
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=90)).isoformat(),
        "places": "10",
        "destination": "Futian, Shenzhen",
        "quotas-TOTAL_FORMS": "0",
        "quotas-INITIAL_FORMS": "0",
    }
    pair = ("destination_zh_hant", "destination_zh_hans")
    return Screen(
        reverse("staff:cohort_add"),
        data,
        pair,
        lambda: Cohort.objects.filter(name="Futian exchange 2027").values_list(*pair).first(),
    )


def staff_placement_proposal(client, user_model) -> Screen:
    manager(client, user_model)
    nomination = SelectedNominationFactory(cohort=CohortFactory())
    unit = HostUnitFactory(name_en="Futian Administration")
    pair = ("role_title_zh_hant", "role_title_zh_hans")
    return Screen(
        reverse("staff:propose_placement", args=[nomination.pk]),
        {"host_unit": unit.pk, "role_title": "Environmental policy officer"},
        pair,
        lambda: Placement.objects.filter(nomination=nomination).values_list(*pair).first(),
    )


def admin_change(client, user_model, obj, english: str, pair, **extra) -> Screen:
    """An admin change page: the English text is changed too, so that a save shows."""
    superuser(client, user_model)
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    data = as_shown(client, url) | {english: "Changed in the admin", **extra}
    model = type(obj)

    def saved():
        fields = [name.rsplit("-", 1)[-1] for name in pair]
        row = model.objects.filter(pk=obj.pk, **{english: "Changed in the admin"})
        return row.values_list(*fields).first()

    return Screen(url, data, pair, saved)


def admin_inline(client, user_model, parent, child, english: str, pair) -> Screen:
    superuser(client, user_model)
    opts = parent._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[parent.pk])
    prefix = pair[0].rsplit("-", 1)[0]
    data = as_shown(client, url) | {f"{prefix}-{english}": "Changed in the admin"}
    fields = [name.rsplit("-", 1)[-1] for name in pair]

    def saved():
        row = type(child).objects.filter(pk=child.pk, **{english: "Changed in the admin"})
        return row.values_list(*fields).first()

    return Screen(url, data, pair, saved)


SCREENS = {
    "staff programme": staff_programme,
    "staff programme suspension": staff_suspension,
    "staff cohort": staff_cohort,
    "staff placement proposal": staff_placement_proposal,
    "admin programme": lambda c, u: admin_change(
        c,
        u,
        ProgrammeFactory(),
        "name_en",
        ("recommending_body_zh_hant", "recommending_body_zh_hans"),
    ),
    "admin programme suspension": lambda c, u: admin_inline(
        c,
        u,
        (programme := ProgrammeFactory()),
        programme.suspensions.create(starts_on=datetime.date(2020, 1, 1), reason="epidemic"),
        "reason",
        ("suspensions-0-reason_zh_hant", "suspensions-0-reason_zh_hans"),
    ),
    "admin agreement": lambda c, u: admin_change(
        c,
        u,
        PartnerAgreementFactory(),
        "counterpart_en",
        ("counterpart_zh_hant", "counterpart_zh_hans"),
    ),
    "admin cohort": lambda c, u: admin_change(
        c, u, CohortFactory(), "name", ("name_zh_hant", "name_zh_hans")
    ),
    "admin department": lambda c, u: admin_change(
        c, u, DepartmentFactory(code="EPD"), "name_en", ("name_zh_hant", "name_zh_hans")
    ),
    "admin grade": lambda c, u: admin_change(
        c, u, GradeFactory(), "name_en", ("name_zh_hant", "name_zh_hans")
    ),
    "admin focus area": lambda c, u: admin_change(
        c, u, FocusAreaFactory(), "name_en", ("name_zh_hant", "name_zh_hans")
    ),
    "admin host organisation": lambda c, u: admin_change(
        c, u, HostOrganisationFactory(), "name_en", ("name_zh_hant", "name_zh_hans")
    ),
    "admin host unit": lambda c, u: admin_change(
        c, u, HostUnitFactory(), "name_en", ("name_zh_hant", "name_zh_hans")
    ),
    "admin host unit inline": lambda c, u: admin_inline(
        c,
        u,
        (organisation := HostOrganisationFactory()),
        HostUnitFactory(organisation=organisation),
        "name_en",
        ("units-0-name_zh_hant", "units-0-name_zh_hans"),
    ),
    "admin placement": lambda c, u: admin_change(
        c, u, PlacementFactory(), "duties", ("duties_zh_hant", "duties_zh_hans")
    ),
}


def post(client, screen: Screen, traditional: str, simplified: str):
    data = {**screen.data, screen.pair[0]: traditional, screen.pair[1]: simplified}
    return client.post(screen.url, data)


def field_error(response, name: str) -> list[str]:
    """The messages next to the posted field `name` (of the form or of a formset's row)."""
    for key in ("form", "adminform", "suspensions", "quotas", "inline_admin_formsets"):
        found = response.context.get(key)
        candidates = []
        if key == "adminform" and found is not None:
            candidates = [found.form]
        elif key == "inline_admin_formsets" and found:
            candidates = [f for inline in found for f in inline.formset.forms]
        elif hasattr(found, "forms"):
            candidates = found.forms
        elif found is not None:
            candidates = [found]
        for form in candidates:
            for field in form.errors:
                if form.add_prefix(field) == name:
                    return list(form.errors[field])
    return []


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_the_traditional_alone_offers_the_simplified_and_saves_both_once_seen(
    client, django_user_model, name
):
    screen = SCREENS[name](client, django_user_model)
    response = post(client, screen, TRADITIONAL, "")
    assert response.status_code == 200, name
    assert screen.saved() is None, "saved before the user saw the suggestion"
    shown = page_values(response.content.decode(), screen.url)
    assert shown[screen.pair[1]] == [ITS_SIMPLIFIED]
    assert shown[screen.pair[0]] == [TRADITIONAL]
    assert field_error(response, screen.pair[1]) == [
        f"{FROM_TRADITIONAL}: check it, correct it if needed, then save again."
    ]
    assert NOTHING_SAVED in response.content.decode()

    again = client.post(screen.url, shown)
    assert again.status_code == 302, field_error(again, screen.pair[1])
    assert screen.saved() == (TRADITIONAL, ITS_SIMPLIFIED)


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_the_simplified_alone_offers_hong_kong_traditional_and_a_cleared_one_stays_empty(
    client, django_user_model, name
):
    screen = SCREENS[name](client, django_user_model)
    response = post(client, screen, "", SIMPLIFIED)
    assert response.status_code == 200, name
    assert screen.saved() is None
    shown = page_values(response.content.decode(), screen.url)
    assert shown[screen.pair[0]] == [ITS_TRADITIONAL]
    assert FROM_SIMPLIFIED in " ".join(field_error(response, screen.pair[0]))

    shown[screen.pair[0]] = [""]  # the user does not want it
    again = client.post(screen.url, shown)
    assert again.status_code == 302, field_error(again, screen.pair[0])
    assert screen.saved() == ("", SIMPLIFIED)


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_both_forms_or_neither_are_saved_at_once_as_typed(client, django_user_model, name):
    screen = SCREENS[name](client, django_user_model)
    response = post(client, screen, TRADITIONAL, "深圳市生态环境局福田局")  # not OpenCC's
    assert response.status_code == 302, name
    assert screen.saved() == (TRADITIONAL, "深圳市生态环境局福田局")


@pytest.mark.parametrize(
    "name", ["staff programme", "staff cohort", "staff placement proposal", "admin grade"]
)
def test_no_chinese_at_all_is_saved_at_once(client, django_user_model, name):
    screen = SCREENS[name](client, django_user_model)
    response = post(client, screen, "", "")
    assert response.status_code == 302, name
    assert screen.saved() == ("", "")


def test_a_corrected_suggestion_is_saved_as_corrected(client, django_user_model):
    screen = staff_cohort(client, django_user_model)
    shown = page_values(post(client, screen, "福田", "").content.decode(), screen.url)
    assert shown["destination_zh_hans"] == ["福田"]
    shown["destination_zh_hans"] = ["深圳市福田区"]
    assert client.post(screen.url, shown).status_code == 302
    assert screen.saved() == ("福田", "深圳市福田区")


def test_two_texts_offered_at_once_are_counted_and_each_marked(client, django_user_model):
    screen = staff_programme(client, django_user_model)
    data = {**screen.data, "name_zh_hant": "國際刑警組織借調", "description_zh_hans": "借调"}
    response = client.post(screen.url, data)
    html = response.content.decode()
    assert "Nothing has been saved yet: 2 Chinese fields were filled in" in html
    shown = page_values(html, screen.url)
    assert shown["name_zh_hans"] == ["国际刑警组织借调"]
    assert shown["description_zh_hant"] == ["借調"]
    assert shown[OFFERED_FIELD] == ["description,name"]
    assert not Programme.objects.filter(code="INTERPOL-SEC").exists()


def test_a_text_offered_once_is_offered_again_if_only_another_was(client, django_user_model):
    """The hidden field remembers each text offered, not the form: a text typed alone after
    another's offer is offered in its turn."""
    screen = staff_programme(client, django_user_model)
    first = client.post(screen.url, {**screen.data, "name_zh_hant": "借調"})
    shown = page_values(first.content.decode(), screen.url)
    shown["recommending_body_zh_hant"] = ["外交部駐香港特別行政區特派員公署"]
    second = client.post(screen.url, shown)
    assert second.status_code == 200
    assert page_values(second.content.decode(), screen.url)["recommending_body_zh_hans"] == [
        "外交部驻香港特别行政区特派员公署"
    ]
    assert (
        client.post(screen.url, page_values(second.content.decode(), screen.url)).status_code == 302
    )


def test_the_suspensions_formset_says_so_above_its_rows(client, django_user_model):
    screen = staff_suspension(client, django_user_model)
    response = post(client, screen, TRADITIONAL, "")
    errors = list(response.context["suspensions"].non_form_errors())
    assert errors and errors[0].startswith(NOTHING_SAVED)
    assert "Suspensions:" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "field", "summary"),
    [
        (
            "zh-hant",
            "此為以 OpenCC 由繁體中文轉換的建議：請核對，如有需要請修改，然後再儲存。",
            "尚未儲存任何內容：已用 OpenCC 轉換繁簡體，填上1個中文欄位。",
        ),
        (
            "zh-hans",
            "此为以 OpenCC 由繁体中文转换的建议：请您核对，如有需要请修改，然后再保存。",
            "尚未保存任何内容：已用 OpenCC 转换繁简体，填上1个中文栏位。",
        ),
    ],
)
def test_the_offer_is_said_in_the_readers_language(
    client, django_user_model, language, field, summary
):
    screen = staff_cohort(client, django_user_model)
    client.cookies["django_language"] = language
    with translation.override(language):
        response = post(client, screen, TRADITIONAL, "")
    html = response.content.decode()
    assert field in html
    assert summary in html


# Every form with a pair offers, found from its fields ---------------------------------------


def test_a_plain_form_offers_for_every_pair_its_fields_make():
    """What a form gains from a model or declares itself (as the partner's officer form will
    for a name in two scripts) is found by the fields' names, without code."""

    class OfficerForm(ChineseSuggestionsMixin, forms.Form):
        name_en = forms.CharField()
        name_zh_hant = forms.CharField(required=False)
        name_zh_hans = forms.CharField(required=False)
        home_organisation_zh_hant = forms.CharField(required=False)  # no pair: never offered

    form = OfficerForm(
        {"name_en": "LI Ming", "name_zh_hans": "李明华", "home_organisation_zh_hant": "福田區"}
    )
    assert not form.is_valid()
    assert form["name_zh_hant"].value() == "李明華"
    assert set(form.errors) == {"name_zh_hant", "__all__"}
    assert "chinese_offered" not in form.cleaned_data  # never a service's keyword

    again = OfficerForm(form.data)
    assert again.is_valid(), again.errors
    assert again.cleaned_data["name_zh_hans"] == "李明华"


def test_a_tampered_record_of_offers_is_never_an_error():
    class PlaceForm(ChineseSuggestionsMixin, forms.Form):
        city_zh_hant = forms.CharField(required=False)
        city_zh_hans = forms.CharField(required=False)

    for tampered in ("\x00", "x,,y", "中" * 500, "city_zh_hant"):
        form = PlaceForm({"city_zh_hant": "深圳", OFFERED_FIELD: tampered})
        assert not form.is_valid()
        assert set(form.errors) == {"city_zh_hans", "__all__"}, tampered


def registered_admins():
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin
        for inline_class in model_admin.inlines:
            inline = inline_class(model, admin.site)
            yield inline.model, inline


def test_every_admin_form_of_a_model_with_a_chinese_pair_offers_the_other_script():
    covered = []
    for model, model_admin in registered_admins():
        if not model_has_chinese_pairs(model):
            continue
        fields = getattr(model_admin, "fields", None) or []
        if getattr(model_admin, "readonly_fields", None) == fields and fields:
            continue  # a read-only inline: nothing typed
        assert isinstance(model_admin, ChineseSuggestionsAdminMixin), type(model_admin)
        assert issubclass(model_admin.form, ChineseSuggestionsMixin), type(model_admin)
        covered.append(model._meta.model_name)
    assert {"programme", "cohort", "placement", "department", "programmesuspension"} <= set(covered)


def test_pairs_are_found_by_the_names_decision_0038_gives_them():
    assert chinese_pairs(["title", "title_zh_hant", "title_zh_hans", "name_zh_hant"]) == [
        ("title_zh_hant", "title_zh_hans")
    ]
