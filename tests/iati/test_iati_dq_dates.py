"""The Validator's rules of dates.xslt (11.x) over the model.

Expected rule ids and places are read by hand from
``tests/data/iati/validator-rules/rules/iati/dates.xslt`` (11.1.x are attached to the
``iati-activity``, 11.2.x to the ``transaction``, 11.3.1 to the budget line's ``value``, 11.4.1
to the ``iati-organisation``) and the scenarios of ``tests/iati/dates.xspec`` and
``testfiles.xspec`` cited in each test. "Today" is fixed: 2026-01-01.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import hypothesis.strategies as st
from hypothesis import given

from itaproj import Catalogue, LocalizedText, Programme
from itaproj.finance import Transaction
from itaproj.geo import CountryShare
from itaproj.iati.dq.context import DqContext
from itaproj.iati.dq.dates import date_rules, organisation_date_rules
from itaproj.iati.dq.run import check_catalogue, check_iati
from itaproj.money import Money
from itaproj.organisation_file import LineItem, OrganisationBudget, OrganisationRecord
from itaproj.period import Period
from itaproj.programme import KeyDate, Publication

A = "/iati-activities/iati-activity"
TODAY = dt.date(2026, 1, 1)


def _found(xml: str) -> list[tuple[str, str]]:
    data = f'<iati-activities version="2.03">{xml}</iati-activities>'.encode()
    findings = check_iati(BytesIO(data), today=TODAY)
    return sorted(
        (rule, finding.path.split(" (line")[0])
        for finding in findings
        if (rule := finding.rule.removeprefix("iati.dq.")).startswith("11.")
    )


def test_start_dates_after_end_dates() -> None:
    # dates.xspec "If activity start dates are after activity end dates"
    found = _found(
        '<iati-activity><activity-date iso-date="2018-04-15" type="1"/>'
        '<activity-date iso-date="2015-12-31" type="3"/></iati-activity>'
        '<iati-activity><activity-date iso-date="2018-04-15" type="2"/>'
        '<activity-date iso-date="2015-12-31" type="4"/></iati-activity>'
        # the same day is no breach ("gt")
        '<iati-activity><activity-date iso-date="2018-04-15" type="2"/>'
        '<activity-date iso-date="2018-04-15" type="4"/></iati-activity>'
    )
    assert found == [("11.1.2", f"{A}[1]"), ("11.1.3", f"{A}[2]")]


def test_actual_dates_and_last_update_in_the_future() -> None:
    # testfiles.xspec #11.1.1, #11.1.4, #11.1.5: after today (2026-01-01), not on it
    found = _found(
        '<iati-activity last-updated-datetime="2026-01-02T07:15:37Z">'
        '<activity-date iso-date="2026-01-02" type="2"/><activity-date iso-date="2030-04-28" type="4"/>'
        "</iati-activity>"
        '<iati-activity last-updated-datetime="2026-01-01T23:59:00Z">'
        '<activity-date iso-date="2026-01-01" type="2"/><activity-date iso-date="2026-01-01" type="4"/>'
        "</iati-activity>"
    )
    assert found == [("11.1.1", f"{A}[1]"), ("11.1.4", f"{A}[1]"), ("11.1.5", f"{A}[1]")]


def test_transaction_dates_in_the_future() -> None:
    # testfiles.xspec #11.2.1 and #11.2.2: on the transaction element
    transaction = (
        '<transaction><transaction-type code="3"/><transaction-date iso-date="{}"/>'
        '<value currency="EUR" value-date="{}">1</value></transaction>'
    )
    found = _found(
        "<iati-activity>"
        + transaction.format("2025-12-31", "2025-12-31")
        + transaction.format("2030-01-01", "2025-12-31")
        + transaction.format("2025-12-31", "2030-06-01")
        + "</iati-activity>"
    )
    assert found == [("11.2.1", f"{A}[1]/transaction[2]"), ("11.2.2", f"{A}[1]/transaction[3]")]


def test_dates_that_are_no_full_dates_are_not_compared() -> None:
    # dates.xspec "If dates are not valid XML dates": no check, no error; a catalogue date known
    # only to the month is no xs:date either
    assert (
        _found(
            '<iati-activity last-updated-datetime=""><activity-date iso-date="" type="2"/></iati-activity>'
        )
        == []
    )
    programme = Programme(
        "p",
        LocalizedText({"en": "Roads"}),
        dates=[KeyDate("actual_start", "2027-05"), KeyDate("actual_end", "2020")],
    )
    assert list(date_rules(programme, DqContext(today=TODAY))) == []


def test_catalogue_findings_name_model_paths() -> None:
    programme = Programme(
        "p",
        LocalizedText({"en": "Roads"}),
        publication=Publication(last_updated=dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)),
        dates=[KeyDate("planned_start", "2025-06-01"), KeyDate("planned_end", "2025-01-31")],
        transactions=[
            Transaction("3", "2025-02-01", Money(1, "EUR")),
            Transaction("3", "2026-02-01", Money(1, "EUR"), value_date=dt.date(2026, 2, 2)),
        ],
    )
    found = sorted(
        (f.rule, f.path)
        for f in check_catalogue(Catalogue((programme,)), today=TODAY)
        if f.rule.startswith("iati.dq.11.")
    )
    assert found == [
        ("iati.dq.11.1.1", "$.programmes[0]"),
        ("iati.dq.11.1.2", "$.programmes[0]"),
        ("iati.dq.11.2.1", "$.programmes[0].transactions[1]"),
        ("iati.dq.11.2.2", "$.programmes[0].transactions[1]"),
    ]


def test_organisation_records() -> None:
    # dates.xspec "If budget-line value dates are outside the budget period": only a
    # recipient-country-budget's lines (11.3.1); the period's ends are inside it
    def budget(*days: dt.date, country: bool = True) -> OrganisationBudget:
        return OrganisationBudget(
            Period("2014-01-01", "2014-12-31"),
            Money(5, "EUR"),
            lines=[LineItem(Money(1, "EUR"), value_date=day) for day in days],
            recipient_country=CountryShare("AF") if country else None,
        )

    record = OrganisationRecord(
        last_updated=dt.datetime(2026, 1, 2, 0, 30),
        total_budgets=[budget(dt.date(2013, 12, 1), country=False)],
        recipient_country_budgets=[
            budget(dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
            budget(dt.date(2014, 6, 1), dt.date(2013, 12, 1), dt.date(2015, 1, 1)),
        ],
    )
    hits = [(hit.rule, hit.path) for hit in organisation_date_rules(record, DqContext(today=TODAY))]
    assert hits == [
        ("11.4.1", ""),
        ("11.3.1", "recipient_country_budgets[1].lines[1].value_date"),
        ("11.3.1", "recipient_country_budgets[1].lines[2].value_date"),
    ]


@given(
    st.lists(st.dates(max_value=TODAY), min_size=2, max_size=2),
    st.lists(st.dates(max_value=TODAY), max_size=3),
)
def test_nothing_up_to_today_is_in_the_future(starts: list[dt.date], days: list[dt.date]) -> None:
    # 11.1.4, 11.1.5, 11.2.x compare with today: a day up to it is never "in the future"; an
    # actual start on or before its end never breaks 11.1.3
    start, end = sorted(starts)
    programme = Programme(
        "p",
        LocalizedText({"en": "Roads"}),
        dates=[KeyDate("actual_start", start), KeyDate("actual_end", end)],
        transactions=[Transaction("3", day, Money(1, "EUR"), value_date=day) for day in days],
    )
    assert list(date_rules(programme, DqContext(today=TODAY))) == []
    later = [Transaction("3", TODAY + dt.timedelta(days=1), Money(1, "EUR"))]
    later_programme = Programme("q", LocalizedText({"en": "Q"}), transactions=later)
    assert [hit.rule for hit in date_rules(later_programme, DqContext(today=TODAY))] == ["11.2.1"]


def test_a_moment_with_a_time_zone_is_compared_as_an_instant() -> None:
    # dates.xspec "If last-updated-datetime is the current time": now, written one hour ahead of
    # UTC, may fall on tomorrow's date there; it is no time in the future.
    import datetime as dt

    from itaproj.iati.dq.dates import _later_than

    ahead = dt.timezone(dt.timedelta(hours=1))
    today = dt.date(2026, 12, 2)
    assert not _later_than(dt.datetime(2026, 12, 3, 0, 9, tzinfo=ahead), today)  # 23:09 UTC on the 2nd
    assert _later_than(dt.datetime(2026, 12, 3, 1, 9, tzinfo=ahead), today)  # 00:09 UTC on the 3rd
    assert _later_than(dt.datetime(2026, 12, 3, 0, 9), today)  # no zone: its own date
