"""Writes for nominations, placements, amendments and reports. Every status change goes through
the state tables in placements/workflow.py; every rule that protects a place or a person's dates
is checked here, under a row lock, on any database."""

from .amendments import (
    amendment_approve,
    amendment_reject,
    amendment_request,
    amendment_withdraw,
)
from .checkins import checkins_open
from .cohort_messages import check_message_plan, cohort_message_send, may_write_to_cohort
from .costs import (
    committed_hkd,
    cost_delete,
    cost_record,
    cost_update,
    may_approve_over_budget,
)
from .documents import document_download_record, may_provide, placement_document_upload
from .followups import (
    follow_up_open,
    follow_up_remind_overdue,
    follow_up_reopen,
    follow_up_submit_department,
    follow_up_submit_officer,
    may_reopen,
    may_write_part,
)
from .hosts import accept_placement, decline_placement, may_respond
from .nominations import (
    may_change_nomination,
    nomination_create,
    nomination_decline,
    nomination_offer_place,
    nomination_recommend,
    nomination_reserve,
    nomination_select,
    nomination_shortlist,
    nomination_update,
)
from .partner import (
    check_partner_batch,
    partner_officer_nominate,
    partner_officer_put_forward,
    partner_officer_save,
)
from .placements import (
    placement_cancel,
    placement_complete,
    placement_confirm,
    placement_create,
    placement_start,
    placement_update,
)
from .preferences import nomination_preferences_set
from .renewals import may_decide_renewal, renewal_decide, renewal_year
from .reports import (
    may_write_report,
    report_return,
    report_save,
    report_submit,
    report_write,
)
from .rules import PLACE_HOLDING_STATES, check_no_overlap, check_places
from .withdrawals import nomination_withdraw, offer_vacated_place, placement_withdraw

# Which service carries out each transition of each state table: the admin's actions and the
# staff screens' buttons both read these, so a transition has one path whatever the screen.
NOMINATION_SERVICES = {
    "shortlist": nomination_shortlist,
    "recommend": nomination_recommend,
    "select": nomination_select,
    "reserve": nomination_reserve,
    "offer_place": nomination_offer_place,
    "decline": nomination_decline,
    "withdraw": nomination_withdraw,
}
PLACEMENT_SERVICES = {
    "confirm": placement_confirm,
    "start": placement_start,
    "complete": placement_complete,
    "withdraw": placement_withdraw,
    "cancel": placement_cancel,
}
AMENDMENT_SERVICES = {
    "approve": amendment_approve,
    "reject": amendment_reject,
    "withdraw": amendment_withdraw,
}
REPORT_SERVICES = {"submit": report_submit, "return": report_return}

__all__ = [
    "AMENDMENT_SERVICES",
    "NOMINATION_SERVICES",
    "PLACEMENT_SERVICES",
    "PLACE_HOLDING_STATES",
    "REPORT_SERVICES",
    "accept_placement",
    "amendment_approve",
    "amendment_reject",
    "amendment_request",
    "amendment_withdraw",
    "check_message_plan",
    "check_no_overlap",
    "check_partner_batch",
    "check_places",
    "checkins_open",
    "cohort_message_send",
    "committed_hkd",
    "cost_delete",
    "cost_record",
    "cost_update",
    "decline_placement",
    "document_download_record",
    "follow_up_open",
    "follow_up_remind_overdue",
    "follow_up_reopen",
    "follow_up_submit_department",
    "follow_up_submit_officer",
    "may_approve_over_budget",
    "may_change_nomination",
    "may_decide_renewal",
    "may_provide",
    "may_reopen",
    "may_respond",
    "may_write_part",
    "may_write_report",
    "may_write_to_cohort",
    "nomination_create",
    "nomination_decline",
    "nomination_offer_place",
    "nomination_preferences_set",
    "nomination_recommend",
    "nomination_reserve",
    "nomination_select",
    "nomination_shortlist",
    "nomination_update",
    "nomination_withdraw",
    "offer_vacated_place",
    "partner_officer_nominate",
    "partner_officer_put_forward",
    "partner_officer_save",
    "placement_cancel",
    "placement_complete",
    "placement_confirm",
    "placement_create",
    "placement_document_upload",
    "placement_start",
    "placement_update",
    "placement_withdraw",
    "renewal_decide",
    "renewal_year",
    "report_return",
    "report_save",
    "report_submit",
    "report_write",
]
