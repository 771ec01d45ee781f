"""Tests for itaproj.checks: each rule fires on bad data at the exact path, and stays silent on good data."""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from itaproj import (
    Activity,
    Beneficiary,
    BeneficiaryKind,
    Budget,
    BudgetLine,
    Catalogue,
    Cluster,
    Component,
    Count,
    CountryShare,
    CrossCuttingTheme,
    DocumentLink,
    Extra,
    LocalizedText,
    Location,
    Money,
    Organisation,
    PartialDate,
    Participant,
    Period,
    Programme,
    Qualifier,
    Recurrence,
    RegionShare,
    Relation,
    RelationKind,
    Role,
    SectorShare,
    Span,
    TargetGroup,
    TimeUnit,
    testing,
)
from itaproj.activity import Frequency
from itaproj.checks import RULES, SHARE_TOLERANCE, check, url_problem
from itaproj.findings import Finding, Severity
from itaproj.results import Indicator, Observation, Result


def t(text: str) -> LocalizedText:
    return LocalizedText({"en": text})


def prog(key: str = "p", **fields: Any) -> Programme:
    return Programme(key, t(key.upper()), **fields)


def found(obj: Programme | Catalogue, rule: str | None = None) -> list[tuple[str, Severity, str]]:
    return [(f.rule, f.severity, f.path) for f in check(obj) if rule is None or f.rule == rule]


def eur(amount: int | str, qualifier: Qualifier = Qualifier.EXACT) -> Money:
    return Money(amount, "EUR", qualifier)


# -- general ------------------------------------------------------------------------------


def test_a_minimal_programme_has_no_findings() -> None:
    assert check(prog()) == ()


def test_check_returns_a_tuple_of_findings_whose_rules_are_all_registered() -> None:
    bad = prog(
        recipient_countries=(CountryShare("UA", Decimal(50)),),
        documents=(DocumentLink("https://ru/east/"),),
    )
    findings = check(bad)
    assert isinstance(findings, tuple)
    assert all(isinstance(f, Finding) for f in findings)
    assert {f.rule for f in findings} <= set(RULES)
    assert all(f.severity is RULES[f.rule] for f in findings)


# -- shares -------------------------------------------------------------------------------


def test_country_shares_not_summing_to_100_are_an_error_at_the_countries() -> None:
    p = prog(recipient_countries=(CountryShare("UA", Decimal(60)), CountryShare("MD", Decimal(30))))
    assert found(p) == [("share.geo-sum", Severity.ERROR, "$.recipient_countries")]
    assert "90" in check(p)[0].message


def test_country_shares_summing_to_100_or_unstated_pass() -> None:
    good = prog(recipient_countries=(CountryShare("UA", Decimal(60)), CountryShare("MD", Decimal(40))))
    unstated = prog(recipient_countries=(CountryShare("UA"), CountryShare("MD")))
    assert check(good) == ()
    assert check(unstated) == ()


def test_share_tolerance_admits_rounding_to_two_decimals_only() -> None:
    # 3 x 33.33 = 99.99: within 0.01 of 100; 3 x 33 = 99: 1 point off.
    assert Decimal("0.01") == SHARE_TOLERANCE
    thirds = tuple(CountryShare(c, Decimal("33.33")) for c in ("UA", "MD", "GE"))
    whole = tuple(CountryShare(c, Decimal(33)) for c in ("UA", "MD", "GE"))
    assert check(prog(recipient_countries=thirds)) == ()
    assert found(prog(recipient_countries=whole)) == [
        ("share.geo-sum", Severity.ERROR, "$.recipient_countries")
    ]


def test_a_single_country_with_a_share_below_100_is_reported() -> None:
    p = prog(recipient_countries=(CountryShare("UA", Decimal(80)),))
    assert found(p) == [("share.geo-sum", Severity.ERROR, "$.recipient_countries")]


def test_countries_and_regions_sum_together_per_region_vocabulary() -> None:
    # 40 (UA) + 60 (region 89, vocabulary 1) = 100; 40 + 50 (own vocabulary 99) = 90.
    p = prog(
        recipient_countries=(CountryShare("UA", Decimal(40)),),
        recipient_regions=(
            RegionShare("89", percentage=Decimal(60)),
            RegionShare("east", vocabulary="99", percentage=Decimal(50)),
        ),
    )
    assert found(p) == [("share.geo-sum", Severity.ERROR, "$.recipient_regions")]
    assert "vocabulary 99" in check(p)[0].message


def test_a_missing_share_among_stated_ones_is_a_warning_at_the_item() -> None:
    p = prog(recipient_countries=(CountryShare("UA", Decimal(100)), CountryShare("MD")))
    assert found(p) == [("share.missing", Severity.WARNING, "$.recipient_countries[1]")]


def test_sector_shares_sum_per_vocabulary() -> None:
    # Vocabulary 1: 15110 50 + 25010 50 = 100; vocabulary 2: 151 at 70 alone is not 100.
    p = prog(
        sectors=(
            SectorShare("15110", percentage=Decimal(50)),
            SectorShare("25010", percentage=Decimal(50)),
            SectorShare("151", vocabulary="2", percentage=Decimal(70)),
        )
    )
    assert found(p) == [("share.sector-sum", Severity.ERROR, "$.sectors")]
    good = prog(
        sectors=(SectorShare("15110", percentage=Decimal(50)), SectorShare("25010", percentage=Decimal(50)))
    )
    assert check(good) == ()


def component(code: str, **fields: Any) -> Component:
    return Component(code, t(f"component {code}"), **fields)


def test_component_shares_above_100_are_an_error() -> None:
    p = prog(
        components=(component("1000", budget_share=Decimal(60)), component("2000", budget_share=Decimal(50)))
    )
    assert found(p) == [("share.component-sum", Severity.ERROR, "$.components")]
    assert "110" in check(p)[0].message


def test_component_shares_below_100_warn_only_when_every_component_states_one() -> None:
    all_stated = prog(
        components=(component("1000", budget_share=Decimal(40)), component("2000", budget_share=Decimal(40)))
    )
    one_unstated = prog(components=(component("1000", budget_share=Decimal(40)), component("2000")))
    full = prog(
        components=(component("1000", budget_share=Decimal(40)), component("2000", budget_share=Decimal(60)))
    )
    assert found(all_stated) == [("share.component-sum", Severity.WARNING, "$.components")]
    assert check(one_unstated) == ()
    assert check(full) == ()


# -- budgets ------------------------------------------------------------------------------


def test_component_budgets_above_the_programme_budget_are_an_error() -> None:
    # 600 000 + 500 000 = 1 100 000 > 1 000 000.
    p = prog(
        budget=Budget(total=eur(1_000_000)),
        components=(component("a", budget=eur(600_000)), component("b", budget=eur(500_000))),
    )
    assert found(p) == [("budget.components-above-total", Severity.ERROR, "$.components")]
    within = attrs.evolve(p, budget=Budget(total=eur(1_100_000)))
    assert check(within) == ()


def test_component_budget_bounds_compare_as_bounds() -> None:
    # "less than 2M" for the programme vs 1.5M of components: maybe below, no finding.
    maybe = prog(
        budget=Budget(total=eur(1_000_000, Qualifier.MORE_THAN)),
        components=(component("a", budget=eur(1_500_000)),),
    )
    assert check(maybe) == ()
    # "more than 1.2M" of components vs "at most 1M" for the programme: certainly above.
    certain = prog(
        budget=Budget(total=eur(1_000_000, Qualifier.AT_MOST)),
        components=(component("a", budget=eur(1_200_000, Qualifier.MORE_THAN)),),
    )
    assert found(certain) == [("budget.components-above-total", Severity.ERROR, "$.components")]
    about = prog(
        budget=Budget(total=eur(1_000_000, Qualifier.ABOUT)),
        components=(component("a", budget=eur(1_200_000)),),
    )
    assert found(about) == [("budget.components-above-total", Severity.WARNING, "$.components")]


def test_component_bounds_in_opposite_directions_give_no_sum_and_no_finding() -> None:
    p = prog(
        budget=Budget(total=eur(10)),
        components=(
            component("a", budget=eur(100, Qualifier.MORE_THAN)),
            component("b", budget=eur(100, Qualifier.LESS_THAN)),
        ),
    )
    assert check(p) == ()


def test_component_budget_in_another_currency_is_not_compared_but_reported() -> None:
    p = prog(
        budget=Budget(total=eur(1_000)),
        components=(component("a", budget=Money(5_000, "USD")), component("b", budget=eur(2_000))),
    )
    assert found(p) == [
        ("budget.currency-mismatch", Severity.INFO, "$.components[0].budget.currency"),
        ("budget.components-above-total", Severity.ERROR, "$.components"),
    ]
    only_usd = attrs.evolve(p, components=(component("a", budget=Money(5_000, "USD")),))
    assert found(only_usd) == [("budget.currency-mismatch", Severity.INFO, "$.components[0].budget.currency")]


def test_budget_currency_mix_is_a_warning_at_the_budget() -> None:
    mixed = prog(budget=Budget(lines=(BudgetLine(eur(1)), BudgetLine(Money(1, "USD")))))
    assert found(mixed) == [("budget.currency-mix", Severity.WARNING, "$.budget")]
    total_vs_lines = prog(budget=Budget(total=Money(5, "KZT"), lines=(BudgetLine(eur(1)),)))
    assert found(total_vs_lines) == [("budget.currency-mix", Severity.WARNING, "$.budget")]
    assert check(prog(budget=Budget(lines=(BudgetLine(eur(1)), BudgetLine(eur(2)))))) == ()


def test_mixed_currency_lines_do_not_crash_the_component_comparison() -> None:
    p = prog(
        budget=Budget(lines=(BudgetLine(eur(1)), BudgetLine(Money(1, "USD")))),
        components=(component("a", budget=eur(5)),),
    )
    assert found(p) == [("budget.currency-mix", Severity.WARNING, "$.budget")]


# -- periods ------------------------------------------------------------------------------


def test_end_before_start_anywhere_is_an_error_at_that_period() -> None:
    backwards = Period.parse("2020", "2017")
    p = prog(
        period=backwards,
        activities=(
            Activity(t("a"), activities=(Activity(t("b"), period=Period.parse("2019-05", "2019-03")),)),
        ),
        budget=Budget(lines=(BudgetLine(eur(1), period=Period.parse("2018-02-02", "2018-02-01")),)),
        results=(
            Result(t("r"), indicators=(Indicator(t("i"), baselines=(Observation(period=backwards),)),)),
        ),
    )
    assert found(p, "period.end-before-start") == [
        ("period.end-before-start", Severity.ERROR, "$.period"),
        ("period.end-before-start", Severity.ERROR, "$.activities[0].activities[0].period"),
        ("period.end-before-start", Severity.ERROR, "$.budget.lines[0].period"),
        ("period.end-before-start", Severity.ERROR, "$.results[0].indicators[0].baselines[0].period"),
    ]


def test_a_period_within_one_year_on_both_ends_is_not_backwards() -> None:
    # "2017" to "2017-03": the start may be in January, so it is not certainly backwards.
    assert check(prog(period=Period(PartialDate(2017), PartialDate(2017, 3)))) == ()


def test_a_recurrence_that_ends_before_it_starts_is_an_error() -> None:
    bad = Activity(
        t("Dialogue Day"), recurrence=Recurrence(Frequency.YEARLY, PartialDate(2010), PartialDate(2004))
    )
    good = Activity(t("Dialogue Day"), recurrence=Recurrence(Frequency.YEARLY, since=PartialDate(2004)))
    assert found(prog(activities=(bad,))) == [
        ("period.end-before-start", Severity.ERROR, "$.activities[0].recurrence")
    ]
    assert check(prog(activities=(good,))) == ()


def test_activities_outside_the_programme_period_warn_at_the_activity_period() -> None:
    p = prog(
        period=Period.parse("2017", "2020"),
        components=(
            component(
                "1000",
                activities=(
                    Activity(t("inside"), period=Period.parse("2018", "2019")),
                    Activity(t("outside"), period=Period.parse("2019", "2021-03")),
                ),
            ),
        ),
    )
    assert found(p) == [("period.outside-parent", Severity.WARNING, "$.components[0].activities[1].period")]


def test_sub_activities_are_checked_against_their_parent_activity() -> None:
    # The parent activity runs 2018; its sub-activity in 2019 is still within the programme.
    p = prog(
        period=Period.parse("2017", "2020"),
        activities=(
            Activity(
                t("parent"),
                period=Period.parse("2018", "2018"),
                activities=(Activity(t("child"), period=Period.parse("2019-01", "2019-02")),),
            ),
        ),
    )
    assert found(p) == [("period.outside-parent", Severity.WARNING, "$.activities[0].activities[0].period")]


def test_sub_activities_without_a_parent_period_are_checked_against_the_programme() -> None:
    p = prog(
        period=Period.parse("2017", "2020"),
        activities=(
            Activity(t("parent"), activities=(Activity(t("child"), period=Period.parse("2016", "2017")),)),
        ),
    )
    assert found(p) == [("period.outside-parent", Severity.WARNING, "$.activities[0].activities[0].period")]


def test_undetermined_periods_are_never_flagged() -> None:
    # Programme until July 2022 with unknown start: an activity in 2004-2022 may lie inside.
    p = prog(
        period=Period(end=PartialDate(2022, 7)),
        activities=(Activity(t("a"), period=Period.parse("2004", "2022")),),
    )
    assert check(p) == ()
    # An activity without a programme period cannot be outside it.
    assert check(prog(activities=(Activity(t("a"), period=Period.parse("1990", "1991")),))) == ()


def test_budget_lines_outside_the_programme_period_warn() -> None:
    p = prog(
        period=Period.parse("2017", "2020"),
        budget=Budget(
            lines=(
                BudgetLine(eur(1), period=Period.parse("2017-01-01", "2017-12-31")),
                BudgetLine(eur(1), period=Period.parse("2021-04-01", "2021-12-31")),
                BudgetLine(eur(1)),
                # A calendar quarter overlapping the programme's last days is normal IATI practice.
                BudgetLine(eur(1), period=Period.parse("2020-10-01", "2021-03-31")),
            )
        ),
    )
    assert found(p) == [("period.outside-parent", Severity.WARNING, "$.budget.lines[1].period")]
    assert "entirely outside" in check(p)[0].message


# -- declared duration --------------------------------------------------------------------


def test_kz_four_year_project_2013_2017_is_consistent() -> None:
    # 2013-2017 lasts 2017*12+1 - (2013*12+12) + 1 = 38 to 60 months; 4 years = 48 months.
    p = prog(period=Period.parse("2013", "2017"), declared_duration=Span(4, TimeUnit.YEAR))
    assert check(p) == ()


def test_declared_duration_outside_the_month_range_warns() -> None:
    # April 2015 - December 2020 is exactly 69 months; "four years" is 48.
    p = prog(period=Period.parse("2015-04", "2020-12"), declared_duration=Span(4, TimeUnit.YEAR))
    assert found(p) == [("duration.declared-vs-period", Severity.WARNING, "$.declared_duration")]
    assert check(attrs.evolve(p, declared_duration=Span(69, TimeUnit.MONTH))) == ()


def test_declared_duration_in_weeks_and_days_compares_in_days() -> None:
    # 2020-01-01 .. 2020-01-14 is 14 days: two weeks fit, three do not, 10 days do not.
    period = Period.parse("2020-01-01", "2020-01-14")
    assert check(prog(period=period, declared_duration=Span(2, TimeUnit.WEEK))) == ()
    assert found(prog(period=period, declared_duration=Span(3, TimeUnit.WEEK))) == [
        ("duration.declared-vs-period", Severity.WARNING, "$.declared_duration")
    ]
    assert found(prog(period=period, declared_duration=Span(10, TimeUnit.DAY))) == [
        ("duration.declared-vs-period", Severity.WARNING, "$.declared_duration")
    ]


def test_declared_duration_without_a_bounded_period_is_not_checked() -> None:
    assert (
        check(prog(period=Period(end=PartialDate(2022, 7)), declared_duration=Span(1, TimeUnit.YEAR))) == ()
    )
    assert check(prog(period=Period(end=PartialDate(2022, 7)), declared_duration=Span(1, TimeUnit.DAY))) == ()
    assert check(prog(declared_duration=Span(1, TimeUnit.YEAR))) == ()


# -- counts and clusters ------------------------------------------------------------------


def community(name: str, subdivision: str | None = None, cluster: str | None = None) -> Beneficiary:
    location = None if subdivision is None else Location("UA", subdivision)
    return Beneficiary(t(name), BeneficiaryKind.COMMUNITY, location=location, cluster=cluster)


def group(members: int, declared: Count | None, **fields: Any) -> TargetGroup:
    listed = tuple(community(f"c{i}") for i in range(members))
    return TargetGroup(BeneficiaryKind.COMMUNITY, declared_count=declared, members=listed, **fields)


def test_clir_19_declared_18_listed_warns_at_the_target_group() -> None:
    p = prog(target_groups=(group(18, Count(19)),))
    assert found(p) == [("count.declared-vs-listed", Severity.WARNING, "$.target_groups[0]")]
    assert check(p)[0].message == "19 declared, 18 listed"
    assert check(prog(target_groups=(group(19, Count(19)),))) == ()


def test_bound_declared_counts_compare_as_bounds() -> None:
    cases = [
        (Count(300, Qualifier.MORE_THAN), 301, False),
        (Count(300, Qualifier.MORE_THAN), 300, True),
        (Count(300, Qualifier.AT_LEAST), 300, False),
        (Count(300, Qualifier.AT_LEAST), 299, True),
        (Count(5, Qualifier.LESS_THAN), 4, False),
        (Count(5, Qualifier.LESS_THAN), 5, True),
        (Count(5, Qualifier.AT_MOST), 5, False),
        (Count(5, Qualifier.AT_MOST), 6, True),
        (Count(20, Qualifier.ABOUT), 18, False),
    ]
    for declared, listed, fires in cases:
        rules = [rule for rule, _, _ in found(prog(target_groups=(group(listed, declared),)))]
        assert rules == (["count.declared-vs-listed"] if fires else []), (declared, listed)


def test_a_declared_count_without_a_list_is_not_contradicted() -> None:
    assert check(prog(target_groups=(group(0, Count(19)),))) == ()


def clir_group(declared_regions: int) -> TargetGroup:
    # Kyiv cluster located member by member; the Donetsk-Kharkiv cluster names its two oblasts.
    return TargetGroup(
        BeneficiaryKind.COMMUNITY,
        declared_count=Count(3),
        declared_regions=Count(declared_regions),
        members=(
            community("Baryshivka", "UA-32", "kyiv"),
            community("Boiarka", "UA-32", "kyiv"),
            community("Blyzniuky", None, "east"),
        ),
        clusters=(
            Cluster("kyiv", t("Kyiv oblast")),
            Cluster("east", t("Donetsk and Kharkiv"), regions=("UA-14", "UA-63")),
        ),
    )


def test_declared_regions_count_the_distinct_subdivisions_and_cluster_regions() -> None:
    # UA-32 from the members, UA-14 and UA-63 from the east cluster: 3 regions.
    assert check(prog(target_groups=(clir_group(3),))) == ()
    assert found(prog(target_groups=(clir_group(7),))) == [
        ("count.declared-regions", Severity.WARNING, "$.target_groups[0].declared_regions")
    ]


def test_unplaced_members_may_each_add_a_region() -> None:
    # One located member (UA-32) and two unplaced: 1 to 3 regions.
    members = (community("a", "UA-32"), community("b"), community("c"))
    for declared, fires in ((1, False), (3, False), (4, True)):
        g = TargetGroup(BeneficiaryKind.COMMUNITY, declared_regions=Count(declared), members=members)
        rules = [rule for rule, _, _ in found(prog(target_groups=(g,)))]
        assert rules == (["count.declared-regions"] if fires else []), declared
    assert "1 to 3" in check(prog(target_groups=(attrs.evolve(g, declared_regions=Count(4)),)))[0].message
    # Nobody located: nothing to compare with.
    nobody = TargetGroup(BeneficiaryKind.COMMUNITY, declared_regions=Count(7), members=(community("b"),))
    assert check(prog(target_groups=(nobody,))) == ()


def test_a_member_naming_an_undefined_cluster_warns_at_its_cluster_key() -> None:
    g = TargetGroup(
        BeneficiaryKind.COMMUNITY,
        members=(community("a", cluster="kyiv"), community("b", cluster="odesa"), community("c")),
        clusters=(Cluster("kyiv", t("Kyiv")),),
    )
    assert found(prog(target_groups=(g,))) == [
        ("cluster.unknown", Severity.WARNING, "$.target_groups[0].members[1].cluster")
    ]


# -- subdivisions ---------------------------------------------------------------------------


def located(*codes: str, regions: tuple[str, ...] = ()) -> Programme:
    members = tuple(community(f"c{i}", code) for i, code in enumerate(codes))
    clusters = (Cluster("k", t("K"), regions=regions),) if regions else ()
    return prog(target_groups=(TargetGroup(BeneficiaryKind.COMMUNITY, members=members, clusters=clusters),))


def test_a_subdivision_iso_3166_2_lacks_is_a_warning_at_the_code() -> None:
    # UA-32 is Kyiv oblast; Ukraine has no UA-99.
    assert RULES["geo.unknown-subdivision"] is Severity.WARNING
    assert check(located("UA-32")) == ()
    assert found(located("UA-32", "UA-99")) == [
        ("geo.unknown-subdivision", Severity.WARNING, "$.target_groups[0].members[1].location.subdivision")
    ]
    [finding] = check(located("UA-99"))
    assert finding.message == "'UA-99' is not an ISO 3166-2 subdivision of UA (as pycountry knows them)"


def test_cluster_regions_are_checked_too() -> None:
    assert check(located(regions=("UA-14", "UA-63"))) == ()
    assert found(located(regions=("UA-14", "UA-00"))) == [
        ("geo.unknown-subdivision", Severity.WARNING, "$.target_groups[0].clusters[0].regions[1]")
    ]


def test_a_country_pycountry_does_not_know_is_not_judged() -> None:
    # XK (Kosovo) is a user-assigned code: ISO 3166-2 lists no subdivisions for it.
    kosovo = Beneficiary(t("Prishtina"), BeneficiaryKind.MUNICIPALITY, location=Location("XK", "XK-01"))
    assert check(prog(target_groups=(TargetGroup(BeneficiaryKind.MUNICIPALITY, members=(kosovo,)),))) == ()


def test_without_pycountry_subdivisions_are_not_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pycountry", None)  # "import pycountry" now raises ImportError
    with pytest.raises(ImportError):
        import pycountry  # noqa: F401 - the import itself is what is tested
    assert check(located("UA-32", "UA-99", regions=("UA-00",))) == ()
    # Construction never needed it: the form of a code is all a constructor checks.
    assert Location("UA", "UA-99").subdivision == "UA-99"


# -- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://ru/east/", "host 'ru' has no dot and top-level domain"),
        ("www.kzregdev.kz", "it has no http, https or ftp scheme"),
        ("mailto:a@example.org", "scheme 'mailto' is not a web scheme"),
        ("https://eu .europa.eu/", "it contains white space"),
        ("http://example.com:99999/", "it cannot be parsed (Port out of range 0-65535)"),
        ("https://example.c0m/", "host 'example.c0m' has no valid top-level domain"),
        ("https://-bad.example.com/", "host '-bad.example.com' is not a valid domain name"),
        ("https://a..example.com/", "host 'a..example.com' is not a valid domain name"),
        ("https:///path", "it has no host"),
    ],
)
def test_malformed_urls_are_explained(url: str, problem: str) -> None:
    assert url_problem(url) == problem


@pytest.mark.parametrize(
    "url",
    [
        "https://eeas.europa.eu/ru/east",
        "http://www.kzregdev.kz",
        "https://auc.org.ua/novyna/x?y=1#z",
        "ftp://ftp.example.org/file.pdf",
        "http://192.0.2.7/report",
        "http://[2001:db8::1]/report",
        "https://xn--80aswg.xn--p1ai/",
        "https://example.com:8443/",
    ],
)
def test_well_formed_urls_pass(url: str) -> None:
    assert url_problem(url) is None


def test_a_web_address_without_scheme_is_only_an_info_note() -> None:
    p = prog(
        documents=(DocumentLink("www.kzregdev.kz"), DocumentLink("kzregdev"), DocumentLink("mailto:x@y.kz"))
    )
    assert found(p) == [
        ("url.no-scheme", Severity.INFO, "$.documents[0].url"),
        ("url.malformed", Severity.WARNING, "$.documents[1].url"),
        ("url.malformed", Severity.WARNING, "$.documents[2].url"),
    ]


def test_a_malformed_document_url_is_a_warning_at_the_url() -> None:
    p = prog(documents=(DocumentLink("https://eeas.europa.eu/"), DocumentLink("https://ru/east/delegations")))
    assert found(p) == [("url.malformed", Severity.WARNING, "$.documents[1].url")]


# -- components and relations in a programme ---------------------------------------------


def test_duplicate_component_codes_are_an_error() -> None:
    p = prog(components=(component("1000"), component("2000"), component("1000")))
    assert found(p) == [("component.duplicate-code", Severity.ERROR, "$.components[2].code")]


def test_unknown_component_codes_in_budget_lines_and_themes_warn() -> None:
    p = prog(
        components=(component("1000"), component("2000")),
        budget=Budget(
            lines=(
                BudgetLine(eur(1), component="1000"),
                BudgetLine(eur(1), component="3000"),
                BudgetLine(eur(1)),
            )
        ),
        themes=(
            CrossCuttingTheme(t("Gender"), code="1", components=("2000",)),
            CrossCuttingTheme(t("Environment"), code="2", components=("1000", "4000")),
        ),
    )
    assert found(p) == [
        ("component.unknown-code", Severity.WARNING, "$.budget.lines[1].component"),
        ("component.unknown-code", Severity.WARNING, "$.themes[1].components[1]"),
    ]


def test_a_programme_naming_itself_is_an_error() -> None:
    p = prog(
        "auc",
        iati_identifier="XM-1",
        relations=(Relation(RelationKind.PARENT, "XM-1"), Relation(RelationKind.SIBLING, "x")),
    )
    assert found(p) == [("relation.self", Severity.ERROR, "$.relations[0].ref")]


# -- codelists and extras -----------------------------------------------------------------


def test_withdrawn_codes_warn_at_the_code() -> None:
    # BYR (Belarusian ruble before 2016), sector 11321 and SectorCategory 230 are withdrawn in IATI 2.03.
    p = prog(
        budget=Budget(total=Money(1, "BYR")),
        sectors=(SectorShare("11321", percentage=Decimal(50)), SectorShare("230", vocabulary="2")),
        recipient_countries=(CountryShare("AN"),),
        recipient_regions=(RegionShare("380"),),
    )
    p = attrs.evolve(p, sectors=(*p.sectors, SectorShare("15110", percentage=Decimal(50))))
    assert found(p, "codelist.withdrawn") == [
        ("codelist.withdrawn", Severity.WARNING, "$.recipient_countries[0].country"),
        ("codelist.withdrawn", Severity.WARNING, "$.recipient_regions[0].code"),
        ("codelist.withdrawn", Severity.WARNING, "$.sectors[0].code"),
        ("codelist.withdrawn", Severity.WARNING, "$.sectors[1].code"),
        ("codelist.withdrawn", Severity.WARNING, "$.budget.total.currency"),
    ]


def test_active_codes_raise_no_withdrawn_warning() -> None:
    p = prog(
        budget=Budget(total=Money(1, "BYN")),
        sectors=(SectorShare("15110"),),
        recipient_countries=(CountryShare("UA"),),
        participants=(Participant(Organisation("eu", t("EU"), type="40", country="BE"), Role.FUNDING),),
        documents=(DocumentLink("https://europa.eu/x", categories=["A01"], languages=["ru"]),),
        themes=(CrossCuttingTheme(t("Gender"), code="1", significance=2),),
    )
    assert check(p) == ()


def test_every_extra_is_reported_as_info() -> None:
    p = prog(extras=(Extra("$.x_note", '"seen"'), Extra("/iati-activity/crs-add", "<crs-add/>", "xml")))
    assert found(p) == [
        ("extras.unmapped", Severity.INFO, "$.extras[0]"),
        ("extras.unmapped", Severity.INFO, "$.extras[1]"),
    ]
    assert "/iati-activity/crs-add (xml)" in check(p)[1].message


# -- catalogue ----------------------------------------------------------------------------


def test_catalogue_paths_are_prefixed_by_the_programme_index() -> None:
    cat = Catalogue((prog("a"), prog("b", target_groups=(group(18, Count(19)),))))
    assert found(cat) == [("count.declared-vs-listed", Severity.WARNING, "$.programmes[1].target_groups[0]")]


def test_relation_refs_outside_the_catalogue_are_info() -> None:
    cat = Catalogue((prog("auc", relations=(Relation(RelationKind.PARENT, "u-lead"),)),))
    assert found(cat) == [("relation.unresolved", Severity.INFO, "$.programmes[0].relations[0].ref")]


def test_one_sided_parent_links_are_info_and_two_sided_ones_pass() -> None:
    one_sided = Catalogue((prog("u-lead"), prog("auc", relations=(Relation(RelationKind.PARENT, "u-lead"),))))
    assert found(one_sided) == [("relation.not-reciprocal", Severity.INFO, "$.programmes[1].relations[0]")]
    two_sided = Catalogue(
        (
            prog("u-lead", relations=(Relation(RelationKind.CHILD, "auc"),)),
            prog("auc", relations=(Relation(RelationKind.PARENT, "u-lead"),)),
        )
    )
    assert check(two_sided) == ()


def test_reciprocity_matches_iati_identifiers_too() -> None:
    cat = Catalogue(
        (
            prog("surge", iati_identifier="CA-3-P1", relations=(Relation(RelationKind.CHILD, "clir"),)),
            prog("clir", relations=(Relation(RelationKind.PARENT, "CA-3-P1"),)),
        )
    )
    assert check(cat) == ()


def test_contradicting_parent_links_are_one_error() -> None:
    cat = Catalogue(
        (
            prog("a", relations=(Relation(RelationKind.PARENT, "b"),), budget=Budget(total=eur(5))),
            prog("b", relations=(Relation(RelationKind.PARENT, "a"),), budget=Budget(total=eur(1))),
        )
    )
    # The budgets are not compared: neither is known to be the parent.
    assert found(cat) == [("relation.conflict", Severity.ERROR, "$.programmes[0].relations[0]")]


def test_sibling_links_are_neither_reciprocity_nor_hierarchy() -> None:
    cat = Catalogue(
        (prog("a", relations=(Relation(RelationKind.SIBLING, "b"),)), prog("b", budget=Budget(total=eur(1))))
    )
    assert check(cat) == ()


def family(child: dict[str, object], parent: dict[str, object], side: str = "child") -> Catalogue:
    child_rel = (Relation(RelationKind.PARENT, "parent"),) if side in ("child", "both") else ()
    parent_rel = (Relation(RelationKind.CHILD, "child"),) if side in ("parent", "both") else ()
    return Catalogue(
        (prog("parent", relations=parent_rel, **parent), prog("child", relations=child_rel, **child))
    )


def test_a_child_budget_above_its_parents_is_an_error_from_either_side_of_the_link() -> None:
    for side in ("child", "parent", "both"):
        cat = family({"budget": Budget(total=eur(2_000))}, {"budget": Budget(total=eur(1_000))}, side)
        assert found(cat, "budget.child-above-parent") == [
            ("budget.child-above-parent", Severity.ERROR, "$.programmes[1].budget")
        ], side
    within = family({"budget": Budget(total=eur(500))}, {"budget": Budget(total=eur(1_000))}, "both")
    assert check(within) == ()


def test_a_child_budget_in_another_currency_is_not_compared() -> None:
    cat = family({"budget": Budget(total=Money(9_000, "UAH"))}, {"budget": Budget(total=eur(1_000))}, "both")
    assert found(cat) == [("budget.currency-mismatch", Severity.INFO, "$.programmes[1].budget")]
    unknown = family({"budget": Budget(total=Money(9_000, "UAH"))}, {}, "both")
    assert check(unknown) == ()


def test_a_child_period_outside_its_parents_warns() -> None:
    # AUC until July 2022 (start unknown) under a parent 2016-2021: certainly ends after.
    cat = family(
        {"period": Period(end=PartialDate(2022, 7))}, {"period": Period.parse("2016", "2021")}, "both"
    )
    assert found(cat) == [("period.outside-parent", Severity.WARNING, "$.programmes[1].period")]
    inside = family(
        {"period": Period(end=PartialDate(2022, 7))}, {"period": Period.parse("2016", "2025")}, "both"
    )
    assert check(inside) == ()


def test_organisation_keys_with_different_content_warn_at_the_second_use() -> None:
    fcm = Organisation("fcm", t("Federation of Canadian Municipalities"))
    other = Organisation("fcm", t("Something else"))
    cat = Catalogue(
        (
            prog("a", participants=(Participant(fcm, Role.IMPLEMENTING),)),
            prog("b", participants=(Participant(fcm, Role.IMPLEMENTING), Participant(other, Role.FUNDING))),
        )
    )
    assert found(cat) == [
        ("organisation.conflicting-key", Severity.WARNING, "$.programmes[1].participants[1].organisation")
    ]
    assert "differ in name" in check(cat)[0].message
    single = prog("a", participants=(Participant(fcm, Role.IMPLEMENTING), Participant(other, Role.FUNDING)))
    assert found(single) == [
        ("organisation.conflicting-key", Severity.WARNING, "$.participants[1].organisation")
    ]


def test_catalogue_extras_are_reported() -> None:
    cat = Catalogue((prog("a"),), extras=(Extra("$.x", "1"),))
    assert found(cat) == [("extras.unmapped", Severity.INFO, "$.extras[0]")]


def test_own_vocabularies_are_not_looked_up_in_iati_lists() -> None:
    # Vocabulary 99 codes are the publisher's own: no list says they are withdrawn.
    p = prog(
        recipient_regions=(RegionShare("380", vocabulary="99"),),
        sectors=(SectorShare("11321", vocabulary="99"),),
        themes=(CrossCuttingTheme(t("Inclusion"), vocabulary="99"),),
    )
    assert check(p) == ()


def test_a_self_relation_in_a_catalogue_is_reported_once_under_its_programme() -> None:
    cat = Catalogue((prog("a", relations=(Relation(RelationKind.CHILD, "a"),)),))
    assert found(cat) == [("relation.self", Severity.ERROR, "$.programmes[0].relations[0].ref")]


# -- properties on generated data ---------------------------------------------------------

_STEP = re.compile(r"\.(\w+)|\[(\d+)\]")


def resolve(root: object, path: str) -> object:
    """Follow a ``$``-path (``$.components[1].budget``) from ``root``; fails if a step is missing."""
    assert path.startswith("$")
    value = root
    rest = path[1:]
    while rest:
        step = _STEP.match(rest)
        assert step is not None, path
        name, index = step.groups()
        value = getattr(value, name) if name is not None else value[int(index)]  # type: ignore[index]
        rest = rest[step.end() :]
    return value


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(testing.catalogues())
def test_check_never_raises_and_every_path_resolves(catalogue: Catalogue) -> None:
    findings = check(catalogue)
    for finding in findings:
        assert finding.rule in RULES
        resolve(catalogue, finding.path)
    # A programme alone reports its own findings at the same places, without the prefix.
    for i, programme in enumerate(catalogue.programmes):
        prefix = f"$.programmes[{i}]"
        alone = {(f.rule, f.path) for f in check(programme) if f.rule != "organisation.conflicting-key"}
        within = {
            (f.rule, "$" + f.path[len(prefix) :])
            for f in findings
            if f.path.startswith(prefix + ".") or f.path == prefix
        }
        assert alone <= within


def test_budget_lines_with_opposite_bounds_do_not_crash_the_checks() -> None:
    # "more than 5" plus "less than 5" has no single bound: the budget amount is unknown.
    p = prog(
        budget=Budget(
            lines=(BudgetLine(eur(5, Qualifier.MORE_THAN)), BudgetLine(eur(5, Qualifier.LESS_THAN)))
        ),
        components=(component("a", budget=eur(100)),),
    )
    assert check(p) == ()


def test_budget_lines_summing_out_of_range_give_findings_not_an_exception() -> None:
    # Two lines of 9E+17 each sum to 1.8E+18, past the model's 10^18 bound: check() must
    # treat the total as unknown (as for mixed currencies) instead of raising.
    huge = prog(budget=Budget(lines=(BudgetLine(eur("9E+17")), BudgetLine(eur("9E+17")))))
    findings = check(huge)
    assert all(isinstance(finding, Finding) for finding in findings)
