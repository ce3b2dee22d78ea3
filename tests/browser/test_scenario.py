"""A GBA batch run end to end in a real browser, as the people involved would: a CSB programme
manager opens the call, a department HR officer nominates from the call's page, the manager
shortlists, selects, proposes and confirms the placement, and the officer then sees it in the
portal and on the public status enquiry."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from participants.models import UserProfile
from placements.models import Placement
from programmes.models import Cohort
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import HostUnitFactory
from tests.programmes.factories import CohortFactory, PartnerAgreementFactory, ProgrammeFactory

# Transactional: the live server's thread must see the committed data; pytest-django flushes the
# database afterwards (this runs after the package's other browser tests).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


@pytest.fixture
def batch(server):
    """A planned first batch of the GBA exchange, committed for the live server."""
    User = get_user_model()
    epd = DepartmentFactory(code="EPD-E2E", name_en="Environmental Protection Department")
    manager = make_user(User, "e2e.manager", "csb_manager")
    hr = make_user(User, "e2e.hr", "department_hr")
    UserProfile.objects.create(user=hr, department=epd)
    officer_user = make_user(User, "e2e.officer", "participant")
    officer = ParticipantFactory(
        name_en="LAM Wing-sze",
        email="ws.lam@epd.example.gov.hk",
        department=epd,
        grade=GradeFactory(code="EPO-E2E"),
        user=officer_user,
    )
    programme = ProgrammeFactory(code="GBA-E2E", name_en="Greater Bay Area staff exchange")
    start = timezone.localdate() + datetime.timedelta(days=90)
    cohort = CohortFactory(
        programme=programme,
        agreement=PartnerAgreementFactory(programme=programme),
        name="GBA phase 1 batch 1 (E2E)",
        start_date=start,
        end_date=start + datetime.timedelta(days=91),
        places=10,
    )
    unit = HostUnitFactory(name_en="Futian Administration (E2E)")
    return {"manager": manager, "hr": hr, "officer": officer, "cohort": cohort, "unit": unit}


def sign_in(contexts, browser, server, username):
    context = browser.new_context(base_url=server.url)
    contexts.append(context)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


@pytest.fixture
def contexts():
    opened = []
    yield opened
    for context in opened:
        context.close()


def test_a_gba_batch_from_the_call_to_the_officers_confirmed_placement(
    browser, server, batch, contexts
):
    cohort = batch["cohort"]

    # The CSB programme manager opens the call.
    manager = sign_in(contexts, browser, server, "e2e.manager")
    manager.goto(cohort.get_staff_url())
    manager.get_by_role("link", name="Open nominations…").click()
    closes = timezone.localtime() + datetime.timedelta(days=14)
    manager.get_by_label("Nominations close at").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    manager.get_by_role("button", name="Confirm: Open nominations").click()
    assert "it is now open for nominations" in manager.content()

    # The department's HR officer nominates their officer from the call's page.
    hr = sign_in(contexts, browser, server, "e2e.hr")
    hr.goto(cohort.get_staff_url())
    hr.get_by_role("link", name="Nominate an officer").click()
    hr.get_by_label("Officer").select_option(
        label=hr.get_by_label("Officer").locator("option", has_text="LAM Wing-sze").inner_text()
    )
    hr.get_by_label("Statement").fill("Leads the district air-quality programme.")
    hr.get_by_role("button", name="Nominate", exact=True).click()
    hr.wait_for_load_state()
    assert "is nominated for" in hr.content()

    # The manager shortlists, selects, proposes the placement and confirms it.
    nomination = batch["officer"].nominations.get(cohort=cohort)
    manager.goto(nomination.get_staff_url())
    manager.get_by_role("button", name="Shortlist").click()
    manager.get_by_role("button", name="Select").click()
    assert "it is now selected" in manager.content()
    manager.get_by_role("link", name="Propose a placement").click()
    manager.get_by_label("Host unit").select_option(label=str(batch["unit"]))
    manager.get_by_label("Role title", exact=True).fill("Special Assistant to a Deputy Head")
    manager.get_by_role("button", name="Propose").click()
    manager.get_by_role("button", name="Confirm").click()
    assert "it is now confirmed" in manager.content()
    placement = Placement.objects.get(nomination=nomination)
    assert placement.status == Placement.Status.CONFIRMED
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.NOMINATIONS_OPEN

    # The officer sees it in the portal ...
    officer = sign_in(contexts, browser, server, "e2e.officer")
    assert officer.url.endswith("/me/")
    portal = officer.content()
    assert placement.reference_code in portal
    assert "Futian Administration (E2E)" in portal and "Confirmed" in portal

    # ... and anyone with the code and the officer's e-mail sees it on the public enquiry.
    public_context = browser.new_context(base_url=server.url)
    contexts.append(public_context)
    public = public_context.new_page()
    public.goto("/status/")
    public.get_by_label("Placement reference code").fill(placement.reference_code)
    public.get_by_label("Your e-mail address").fill("ws.lam@epd.example.gov.hk")
    public.get_by_role("button", name="Check status").click()
    answer = public.content()
    assert "Confirmed" in answer and "Futian Administration (E2E)" in answer
    assert "LAM Wing-sze" not in answer
