"""
Schemathesis hooks of apps/openapi.int.spec.ts. Each one makes a check sound for a rule of this API that JSON Schema
cannot state, and lets nothing else through: every dropped failure is counted in Schemathesis' summary.
"""

import itertools
import json
import re

import schemathesis

# `Idempotency-Key` (libs/platform/src/http/idempotency.interceptor.ts): a key names one logical request of one caller,
# so the same key with another request is a 422 (and the first answer is replayed to a repeat). The generator draws
# keys from the documented syntax and repeats them across operations, which a real client never does. A valid key is
# therefore replaced by a fresh one (a counter: the run stays reproducible); an invalid one is sent as drawn and must be
# a 400.
# Replays of a key are tested where they can be set up, in libs/platform/src/platform.int.spec.ts.
_VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
_keys = itertools.count(1)


def _tests_a_missing_parameter(case):
    data = getattr(getattr(case.meta, "phase", None), "data", None)
    return getattr(getattr(data, "scenario", None), "name", None) == "MISSING_PARAMETER"


@schemathesis.hook
def before_call(context, case, kwargs):
    # A case that leaves out a required parameter (the token) is sent as generated: an edit would make Schemathesis
    # revalidate it as a complete request. Without a token it never reaches the idempotency check anyway.
    if _tests_a_missing_parameter(case):
        return
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and _VALID_KEY.match(key):
        case.headers["Idempotency-Key"] = f"fuzz-{next(_keys)}"


# A curriculum applies from today on; its sessions lie inside the track's blocks, end after they start, overlap no
# other, are group types, and give a week that can meet the tenant's hours rule (errors name the days: `sessions.MON`).
_CURRICULUM = [r"effectiveFrom", r"sessions", r"sessions\.\d+(\.end|\.type)?", r"sessions\.[A-Z]{3}"]

# Rules a schema of each field cannot express: between fields of one request, relative to today, or about the world
# outside the request. A 400 whose `errors` name only these fields (or, without `errors`, whose detail starts with
# one) answers a request that is well formed field by field but not acceptable as a whole, rightly. Field paths are
# regular expressions over the `errors[].path` the service reports.
_RULES_BEYOND_A_SCHEMA = {
    # The patient's details for a new patient, or the patientId of a known one: one of the two. A date of birth, and
    # the time a referral was received, are not in the future.
    "POST /v1/referrals": [r"patient", r"patient\.dateOfBirth", r"referredAt"],
    # Access is granted to a role or to a subject: exactly one.
    "POST /v1/counseling-notes/{id}/grants": [r"role"],
    # The baseline window ends before the first periodic one opens, which opens after its lead time; follow-up offsets
    # ascend.
    "PUT /v1/admin/outcome-settings": [r"measurementSchedule\.(baselineWithinDays|leadDays)", r"followUps\.offsetsDays"],
    # `from` is not after `to`.
    "GET /v1/metrics/program": [r"from"],
    # An audit export's period ends after it starts, at most 366 days later.
    "GET /v1/audit-log": [r"to"],
    # Windows close, and weeks are summarized, up to today, not in the future.
    "POST /v1/admin/follow-ups/close-windows": [r"asOf"],
    "POST /v1/admin/close-weeks": [r"before"],
    # A session block ends after it starts and overlaps no other block of its track; a time zone is one the IANA
    # database (as this Node.js has it) knows.
    "POST /v1/locations": [r"blocks\.\d+(\.end)?", r"timezone", *_CURRICULUM],
    "PUT /v1/locations/{id}/blocks": [r"blocks\.\d+(\.end)?"],
    "PUT /v1/locations/{locationId}/curriculum": _CURRICULUM,
    # An on-call shift ends after it starts, within 14 days, at times that exist, in years 2000-2099, inside the period
    # it replaces; an empty roster names its period.
    "PUT /v1/locations/{locationId}/on-call": [r"shifts(\.\d+\.(from|to))?", r"from", r"to"],
    "GET /v1/locations/{locationId}/on-call": [r"at"],
    # A resolution names its documentation: a note of the alert's episode, a summary, or both.
    "POST /v1/safety-alerts/{alertId}/resolve": [r"summary", r"noteId"],
    # Minutes attended are given unless the patient was absent.
    "POST /v1/sessions/{sessionId}/attendance": [r"minutesAttended"],
    # An admission at another level than the assessment recommended gives the clinician's reason (a fact of the
    # referral's assessment, not of the request).
    "POST /v1/referrals/{referralId}/admission": [r"overrideReason"],
    # A consent expires in the future. A medication's start, change and stop dates are not in the future (the list
    # records what the patient takes), and it stops on or after it started. A medication is flagged MOUD/MAUD only
    # when its name names one of the five (the flag against the name); a change changes the dose, the route or the
    # frequency from the dosing on record (the whole request, path "").
    "POST /v1/patients/{patientId}/consents": [r"expiresAt"],
    "POST /v1/patients/{patientId}/medications": [r"startDate", r"moud"],
    # A partial revocation names categories the consent still covers (a fact of the consent, not of the request).
    "POST /v1/consents/{consentId}/revoke": [r"information"],
    "PATCH /v1/patients/{patientId}/medications/{medicationId}": [r"effectiveDate", r""],
    "POST /v1/patients/{patientId}/medications/{medicationId}/stop": [r"stopDate"],
    # A webhook target must resolve to a public address (and use https where the service requires it): which hosts do
    # is a fact of DNS and the network, not of the request.
    # A Part 2 recipient and the purpose of its disclosures come together, or neither.
    "POST /v1/subscriptions": [r"url", r"purpose", r"recipient"],
    "PATCH /v1/subscriptions/{id}": [r"url", r"purpose", r"recipient"],
}


def _problem(response):
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


# Bulk commands validate each record alone (docs/CONTRACTS.md, the bulk attendance route): a record that breaks the
# record's schema is answered in its own result, `outcome: rejected` with its problem, and the other records are kept,
# so the request as a whole is accepted (200). Such an answer to a request whose only fault is in a record is right.
_PER_RECORD = {"POST /v1/sessions/{sessionId}/attendance/bulk"}


def _rejected_a_record(case, response):
    if f"{case.method.upper()} {case.operation.path}" not in _PER_RECORD or response.status_code != 200:
        return False
    body = _problem(response)
    return body is not None and isinstance(body.get("rejected"), int) and body["rejected"] >= 1


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """False drops the failure: only "schema-valid request rejected" with a 400 problem naming the fields below, and a
    bulk command's per-record rejection."""
    if type(failure).__name__ == "AcceptedNegativeData" and _rejected_a_record(case, response):
        return False
    if type(failure).__name__ != "RejectedPositiveData" or response.status_code != 400:
        return True
    problem = _problem(response)
    if problem is None:
        return True
    paths = {e.get("path") for e in problem.get("errors") or [] if isinstance(e, dict)}
    # An opaque cursor is valid only as the service issued it (nextCursor): one drawn from the schema's string is
    # rightly refused. The problem names the cursor and nothing else.
    if "cursor" in (case.query or {}) and (paths == {"cursor"} or (not paths and "cursor" in str(problem.get("detail", "")).lower())):
        return False
    rules = [re.compile(f"^(?:{r})$") for r in _RULES_BEYOND_A_SCHEMA.get(f"{case.method.upper()} {case.operation.path}", [])]
    if not rules:
        return True
    if paths:
        return not all(any(rule.match(str(path)) for rule in rules) for path in paths)
    # "at: 0000-00-00T00:00 is not a time." names `at`.
    first_word = str(problem.get("detail", "")).split(" ")[0].rstrip(":")
    return not any(rule.match(first_word) for rule in rules)
