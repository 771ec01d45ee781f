"""Readable reports: golden files per locale, seed facts in words, no English labels in uk/ru, HTML."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, cast

import attrs
import pytest
from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_compact_currency, format_currency
from hypothesis import HealthCheck, Phase, given, settings

from itaproj import (
    Activity,
    ActivityKind,
    Beneficiary,
    BeneficiaryKind,
    Budget,
    BudgetKind,
    BudgetLine,
    Catalogue,
    Cluster,
    Component,
    Count,
    CountryShare,
    CrossCuttingTheme,
    DateKind,
    Frequency,
    Indicator,
    KeyDate,
    LocalizedText,
    Location,
    Measure,
    Money,
    Observation,
    Organisation,
    PartialDate,
    Participant,
    Period,
    Programme,
    ProgrammeKind,
    Qualifier,
    Recurrence,
    Relation,
    RelationKind,
    RelativeDeadline,
    Result,
    ResultKind,
    Role,
    Selection,
    Span,
    Status,
    TargetGroup,
    TimeUnit,
)
from itaproj.io import load
from itaproj.l10n import programme_card, render_html, render_report
from itaproj.l10n.card import catalogue_cards
from itaproj.testing import catalogues, programmes

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
LOCALE_DIR = ROOT / "src" / "itaproj" / "locale"
SEED_CATALOGUE = ROOT / "examples" / "catalogue.json"
LOCALES = ("en", "uk", "ru", "kk")
# Set ITAPROJ_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change; review the diff.
UPDATE = os.environ.get("ITAPROJ_UPDATE_GOLDEN") == "1"


def t(en: str, uk: str, ru: str) -> LocalizedText:
    return LocalizedText({"en": en, "uk": uk, "ru": ru}, original="uk")


def fixture_catalogue() -> Catalogue:
    """Two programmes, every text in en, uk and ru, using what the seeds do not (bounds, shares...)."""
    donor = Organisation(
        "donor", t("Donor Agency", "Донорська агенція", "Донорское агентство"), acronym=t("DA", "ДА", "ДА")
    )
    firm = Organisation("firm", t("Implementing Firm", "Фірма-виконавець", "Фирма-исполнитель"))
    child = Programme(
        "pilot",
        t("Pilot Communities", "Пілотні громади", "Пилотные громады"),
        kind=ProgrammeKind.INITIATIVE,
        status=Status.IMPLEMENTATION,
        period=Period(PartialDate(2023, 2), ongoing=True),
        participants=(Participant(donor, Role.FUNDING),),
        recipient_countries=(CountryShare("UA"),),
        relations=(Relation(RelationKind.PARENT, "reform"),),
        budget=Budget(
            lines=(
                BudgetLine(Money("100000", "EUR"), kind=BudgetKind.ORIGINAL),
                BudgetLine(Money("2500000", "UAH"), kind=BudgetKind.ORIGINAL),
            )
        ),
        target_groups=(
            TargetGroup(
                BeneficiaryKind.COMMUNITY,
                declared_count=Count(3),
                declared_regions=Count(2),
                members=(
                    Beneficiary(
                        t("Boiarka", "Боярка", "Боярка"),
                        BeneficiaryKind.COMMUNITY,
                        Location("UA", "UA-32"),
                        cluster="kyiv",
                    ),
                    Beneficiary(
                        t("Hlevakha", "Глеваха", "Глеваха"),
                        BeneficiaryKind.COMMUNITY,
                        Location("UA", "UA-32"),
                        cluster="kyiv",
                    ),
                ),
                clusters=(Cluster("kyiv", t("Kyiv oblast", "Київська область", "Киевская область")),),
                selection=Selection(
                    applied=Count(40, Qualifier.MORE_THAN), selected=Count(3), applied_regions=Count(5)
                ),
            ),
        ),
    )
    parent = Programme(
        "reform",
        t("Local Reform Support", "Підтримка місцевої реформи", "Поддержка местной реформы"),
        acronym=t("LRS", "ПМР", "ПМР"),
        kind=ProgrammeKind.PROJECT,
        status=Status.CLOSED,
        period=Period.parse("2015-04", "2020-12"),
        declared_duration=Span(5, TimeUnit.YEAR),
        dates=(KeyDate(DateKind.SIGNED, PartialDate(2015, 3, 12)),),
        participants=(Participant(donor, Role.FUNDING), Participant(firm, Role.IMPLEMENTING)),
        recipient_countries=(CountryShare("UA", Decimal("80")), CountryShare("MD", Decimal("20"))),
        budget=Budget(total=Money("6288000", "EUR")),
        objectives=(t("Better services", "Кращі послуги", "Лучшие услуги"),),
        components=(
            Component(
                "1000",
                t("Open government", "Відкрите врядування", "Открытое управление"),
                budget_share=Decimal("60"),
                stakeholders=(t("media", "ЗМІ", "СМИ"),),
                activities=(
                    Activity(
                        t("Plans", "Плани", "Планы"),
                        kind=ActivityKind.OBLIGATION,
                        deadline=RelativeDeadline(
                            Span(1, TimeUnit.YEAR), t("joining", "приєднання", "присоединения")
                        ),
                    ),
                    Activity(
                        t("Dialogue Day", "День діалогу", "День диалога"),
                        kind=ActivityKind.EVENT,
                        recurrence=Recurrence(Frequency.YEARLY, since=PartialDate(2004)),
                        activities=(
                            Activity(t("Regional dialogues", "Регіональні діалоги", "Региональные диалоги")),
                        ),
                    ),
                ),
            ),
        ),
        themes=(
            CrossCuttingTheme(
                t("Gender equality", "Ґендерна рівність", "Гендерное равенство"),
                code="1",
                significance=1,
                objectives=(
                    t("Women in decisions", "Жінки в ухваленні рішень", "Женщины в принятии решений"),
                ),
            ),
        ),
        results=(
            Result(
                t("Economic zone", "Економічна зона", "Экономическая зона"),
                kind=ResultKind.OUTCOME,
                indicators=(
                    Indicator(
                        t("Enterprises", "Підприємства", "Предприятия"),
                        unit="enterprise",
                        baselines=(Observation(Measure(5), Period.parse(None, "2013")),),
                        actuals=(Observation(Measure(12)),),
                        targets=(Observation(Measure(15), Period.parse("2017", "2017")),),
                    ),
                    Indicator(
                        t("People certified", "Сертифіковані особи", "Сертифицированные лица"),
                        actuals=(Observation(Measure(100, Qualifier.MORE_THAN)),),
                    ),
                    Indicator(
                        t("Value of projects", "Вартість проєктів", "Стоимость проектов"),
                        actuals=(Observation(Money("7.8E9", "KZT", Qualifier.MORE_THAN)),),
                    ),
                ),
            ),
        ),
    )
    return Catalogue((parent, child), title=t("Fixture", "Тестовий каталог", "Тестовый каталог"))


# --- golden files ----------------------------------------------------------------------------------
#
# A golden file holds what the library decides (layout, labels, order, which facts are shown and
# how they are combined). The text CLDR decides for an amount of money (currency symbols, compact
# abbreviations such as "млн" or "мың", digit grouping, decimal marks) changes between babel
# releases, so the golden holds a token in its place, ⟦compact EUR 6288000⟧ or ⟦exact EUR 6288000⟧,
# and the test writes the token out with the installed babel, from the amount and currency alone.

_TOKEN = re.compile(r"⟦(compact|exact) ([A-Z]{3}) (-?[0-9.]+)⟧")


def _compact(amount: Decimal, currency: str, locale: str) -> str:
    return format_compact_currency(amount, currency, locale=locale, fraction_digits=1)


def _exact(amount: Decimal, currency: str, locale: str) -> str:
    """The locale's own currency pattern; a whole amount without the pattern's decimals."""
    if amount != amount.to_integral_value():
        return format_currency(amount, currency, locale=locale)
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
    return format_currency(amount, currency, format=pattern, locale=locale, currency_digits=False)


def _expand(template: str, locale: str) -> str:
    def written(match: re.Match[str]) -> str:
        kind, currency, amount = match.groups()
        return (_compact if kind == "compact" else _exact)(Decimal(amount), currency, locale)

    return _TOKEN.sub(written, template)


def _amounts(value: object) -> set[tuple[str, Decimal]]:
    """Every (currency, amount) of the value, and each budget's sum per currency (what a card shows)."""
    found: set[tuple[str, Decimal]] = set()
    if isinstance(value, Money):
        found.add((value.currency, value.amount))
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            found |= _amounts(item)
    elif attrs.has(type(value)):
        for name in attrs.fields_dict(cast(Any, type(value))):
            found |= _amounts(getattr(value, name))
        if isinstance(value, Budget):
            sums: dict[str, Decimal] = {}
            for line in value.lines:
                sums[line.amount.currency] = sums.get(line.amount.currency, Decimal(0)) + line.amount.amount
            found |= set(sums.items())
    return found


def _tokenize(text: str, catalogue: Catalogue, locale: str) -> str:
    """Replace the CLDR text of every amount of the catalogue by its token (longest text first)."""
    tokens: dict[str, str] = {}
    for currency, amount in _amounts(catalogue):
        number = f"{amount.normalize():f}"
        tokens.setdefault(_exact(amount, currency, locale), f"⟦exact {currency} {number}⟧")
        tokens.setdefault(_compact(amount, currency, locale), f"⟦compact {currency} {number}⟧")
    for written in sorted(tokens, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(written)}(?!\w)", tokens[written].replace("\\", "\\\\"), text)
    return text


def _golden(name: str, text: str, catalogue: Catalogue, locale: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        template = _tokenize(text, catalogue, locale)
        assert _expand(template, locale) == text
        path.write_text(template + "\n", encoding="utf-8")
    assert path.exists(), f"missing golden file {name}; run with ITAPROJ_UPDATE_GOLDEN=1 and review it"
    template = path.read_text(encoding="utf-8")
    assert _TOKEN.search(template), f"{name} writes no amount as a token"
    assert text + "\n" == _expand(template, locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_fixture_report_matches_golden(locale: str) -> None:
    catalogue = fixture_catalogue()
    _golden(f"report-{locale}.txt", render_report(catalogue, locale), catalogue, locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_seed_catalogue_report_matches_golden(locale: str) -> None:
    catalogue = load(SEED_CATALOGUE, Catalogue)
    _golden(f"catalogue-{locale}.txt", render_report(catalogue, locale), catalogue, locale)


def test_golden_tokens_follow_the_installed_cldr() -> None:
    # kk's compact hundreds of thousands are "мың" in CLDR 44 (babel 2.14) and "м." in CLDR 47
    # (babel 2.17+): the token follows the pattern of the installed CLDR, whichever it is.
    pattern = Locale.parse("kk").compact_currency_formats["short"]["other"]["100000"].pattern
    abbreviation = pattern.replace("'", "").strip("0¤\xa0 ")
    assert abbreviation in ("мың", "м.")
    kk = _expand("⟦compact EUR 100000⟧", "kk")
    assert kk.startswith("100")
    assert abbreviation in kk
    assert kk.endswith("€")
    assert _expand("⟦exact EUR 6288000⟧", "en") == "€6,288,000"  # en: symbol first, commas, no cents
    assert _expand("(⟦exact USD 12.5⟧)", "en") == "($12.50)"  # not whole: the currency's decimals
    assert _expand("⟦compact KZT 7800000000⟧", "en") == "KZT7.8B"
    # The en fixture report names 6,288,000 EUR in both forms: compact, then exact in parentheses.
    assert "⟦compact EUR 6288000⟧ (⟦exact EUR 6288000⟧)" in (GOLDEN / "report-en.txt").read_text("utf-8")


def _english_labels() -> set[str]:
    """The literal fragments of every English msgstr (placeholders cut out), at least 4 letters long."""
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "itaproj.po").open("rb") as stream:
        catalog = read_po(stream)
    fragments: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        raw = message.string
        strings = [raw] if isinstance(raw, str) else [s for s in raw or () if isinstance(s, str)]
        for string in strings:
            for fragment in re.split(r"\{\w+\}", string):
                fragment = fragment.strip(" :,()")
                if len(fragment) >= 4:
                    fragments.add(fragment)
    return fragments


@pytest.mark.parametrize("locale", ["uk", "ru", "kk"])
def test_no_english_label_leaks_into_fixture_report(locale: str) -> None:
    # Every text of the fixture exists in uk and ru, so any English word would be a label.
    text = render_report(fixture_catalogue(), locale)
    english = _english_labels()
    assert len(english) > 50
    leaked = sorted(fragment for fragment in english if re.search(rf"\b{re.escape(fragment)}\b", text))
    assert leaked == []
    assert "Budget" in render_report(fixture_catalogue(), "en")  # the check can see a leak


@pytest.mark.parametrize("locale", ["uk", "ru"])
def test_no_english_label_in_seed_cards(locale: str) -> None:
    # Seed texts may fall back to English data (M4EG has no Ukrainian text), so check the labels only.
    english = _english_labels()
    for card in catalogue_cards(load(SEED_CATALOGUE, Catalogue), locale):
        labels = [field.label for field in card.fields] + [section.heading for section in card.sections]
        assert labels
        assert [label for label in labels if label in english] == []


def test_seed_facts_in_ukrainian() -> None:
    text = render_report(load(SEED_CATALOGUE, Catalogue), "uk")
    assert "Період: 2017–2020 (26–48 місяців)" in text  # S0.2, 2017-01..2020-12 is 48, 2017-12..2020-01 is 26
    assert "квітень 2015 – грудень 2020 (69 місяців)" in text  # S1.2: 9 + 12*5 = 69 months
    assert "до липня 2022" in text  # S2.3
    assert f"Оголошено:  {format_date(dt.date(2021, 3, 12), 'long', locale='uk')}" in text  # S2.3 announced
    compact = format_compact_currency(Decimal("14500000"), "EUR", locale="uk", fraction_digits=1)
    assert f"Бюджет: {compact}" in text  # S0.3
    assert "5 → 12 (+7, +140%)" in text  # S3.7: 12 - 5 = 7, 7 / 5 = 1.4
    assert "41 → 143 (+102, +249%)" in text  # S3.8: 143 - 41 = 102, 102 / 41 = 2.488 -> 249%
    assert "понад 100" in text  # S3.13
    assert "Заявлено: 19" in text
    assert "У переліку: 18" in text  # S4.7
    assert "Подали заявки: понад 300, з 11 областей" in text  # S4.5
    names = Locale("uk").territories
    countries = [names[code] for code in ("AM", "AZ", "BY", "GE", "MD")]
    assert ", ".join(countries) + " і " + names["UA"] in text  # S0.5, in CLDR's list pattern


def test_seed_facts_in_russian_and_english() -> None:
    catalogue = load(SEED_CATALOGUE, Catalogue)
    ru, en = render_report(catalogue, "ru"), render_report(catalogue, "en")
    assert "апрель 2015 – декабрь 2020" in ru
    assert "до июля 2022" in ru
    assert "более 100" in ru
    assert "April 2015 – December 2020 (69 months)" in en
    assert "until July 2022" in en
    assert "more than 100" in en
    assert re.search(r"^Budget: +€14\.5M$", en, re.MULTILINE)
    assert "€6.3M (€6,288,000)" in en  # S3.3: the compact form drops digits, so the exact amount follows


def test_fixture_card_fields() -> None:
    catalogue = fixture_catalogue()
    card = programme_card(catalogue["reform"], "uk", catalogue)
    fields = {field.label: field.value for field in card.fields}
    assert fields["Статус"] == "завершено"
    assert fields["Заявлена тривалість"] == "5 років"
    assert fields["Підписано"] == "12 березня 2015\u202fр."  # CLDR puts a narrow no-break space before р.
    assert fields["Країни"] == "Україна (80%) і Молдова (20%)"
    assert fields["Включає"] == "Пілотні громади"  # declared only by the child
    assert fields["Донори"] == "Донорська агенція (ДА)"
    child = {f.label: f.value for f in programme_card(catalogue["pilot"], "en", catalogue).fields}
    assert child["Period"] == "since February 2023, ongoing"
    # Two currencies: one sum each, never a total across them.
    assert child["Budget"] == "€100K; UAH2.5M"
    assert child["Part of"] == "Local Reform Support (LRS)"


def test_card_marks_text_in_another_language() -> None:
    p = Programme("m", LocalizedText.of("ru", "Мэры", en="Mayors"))
    assert programme_card(p, "uk").title == "Mayors"
    assert programme_card(p, "uk").title_lang == "en"
    assert programme_card(p, "ru").title_lang is None
    assert programme_card(p, "kk").title == "Мэры"  # kk falls back to ru before en
    assert programme_card(p, "kk").title_lang == "ru"


_VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})  # elements without an end tag


class _Tree(HTMLParser):
    """Collect start tags (with attributes) and the text, to check HTML structure and escaping."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in _VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open[-1] == tag, f"</{tag}> closes <{self.open[-1]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)


def _parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    assert tree.open == []  # every element closed, in order
    return tree


def test_programme_html_structure() -> None:
    catalogue = fixture_catalogue()
    reform = catalogue["reform"]
    card = programme_card(reform, "uk")
    tree = _parse(render_html(reform, "uk"))
    assert tree.tags[0] == ("article", {"class": "itaproj-programme", "lang": "uk", "data-key": "reform"})
    assert tree.count("h3") == 1
    assert tree.count("dt") == tree.count("dd") == len(card.fields)
    assert tree.count("section") == len(card.sections)
    text = "".join(tree.text)
    assert "Підтримка місцевої реформи" in text
    assert "квітень 2015 – грудень 2020" in text


def test_catalogue_html_structure() -> None:
    catalogue = fixture_catalogue()
    tree = _parse(render_html(catalogue, "ru"))
    rows = [attrs for tag, attrs in tree.tags if tag == "tr" and "data-key" in attrs]
    assert [row["data-key"] for row in rows] == ["reform", "pilot"]
    assert tree.count("th") == 4
    assert tree.count("article") == 2
    assert "Тестовый каталог" in "".join(tree.text)


def test_html_escapes_text_and_marks_languages() -> None:
    hostile = Programme(
        "x<y",
        LocalizedText({"ru": '<script>alert("x")</script> & co'}),
        acronym=LocalizedText({"en": "<b>"}),
    )
    html = render_html(hostile, "en")
    tree = _parse(html)
    assert "script" not in [tag for tag, _ in tree.tags]
    assert "b" not in [tag for tag, _ in tree.tags]
    assert '<script>alert("x")</script> & co' in "".join(tree.text)
    assert "&lt;script&gt;" in html
    assert ("article", {"class": "itaproj-programme", "lang": "en", "data-key": "x<y"}) in tree.tags
    assert ("span", {"lang": "ru"}) in tree.tags  # the title is Russian on an English page


def test_the_notebook_view_is_the_english_view() -> None:
    from itaproj.notebook import html

    catalogue = fixture_catalogue()
    assert html(catalogue["reform"]) == render_html(catalogue["reform"], "en")
    assert html(catalogue) == render_html(catalogue, "en")
    assert repr(catalogue) == "<Catalogue of 2 programmes>"


# Whole programmes shrink slowly; without the shrink phase a failure reports the example as generated.
_NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=_NO_SHRINK)
@given(programmes())
def test_any_programme_renders_in_every_locale(programme: Programme) -> None:
    for locale in LOCALES:
        text = render_report(programme, locale)
        card = programme_card(programme, locale)
        assert text.splitlines()[0] == (
            card.title if card.acronym in (None, card.title) else f"{card.title} ({card.acronym})"
        )
        tree = _parse(render_html(programme, locale))
        assert tree.count("article") == 1
        assert tree.count("dt") == len(card.fields)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=_NO_SHRINK)
@given(catalogues())
def test_any_catalogue_renders_one_card_per_programme(catalogue: Catalogue) -> None:
    tree = _parse(render_html(catalogue, "uk"))
    assert tree.count("article") == len(catalogue)
    assert len([1 for tag, attrs in tree.tags if tag == "tr" and "data-key" in attrs]) == len(catalogue)


def test_dates_are_not_the_environment_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    # babel reads LC_ALL/LANG when no locale is given; every call passes one, so these do not matter.
    for variable in ("LC_ALL", "LC_TIME", "LC_NUMERIC", "LC_MONETARY", "LANG"):
        monkeypatch.setenv(variable, "de_DE.UTF-8")
    p = Programme(
        "p",
        LocalizedText.of("en", "P"),
        period=Period.parse("2015-04", "2020-12"),
        budget=Budget(total=Money("14500000", "EUR")),
        dates=(KeyDate(DateKind.SIGNED, PartialDate.from_date(dt.date(2021, 3, 12))),),
    )
    text = render_report(p, "en")
    assert "April 2015 – December 2020" in text
    assert "€14.5M" in text
    assert "March 12, 2021" in text


def test_html_page_is_a_document_with_an_escaped_title() -> None:
    from itaproj.l10n.html import html_page

    page = html_page(Programme("x", LocalizedText({"uk": "<i>Громади</i>"})), "uk")
    tree = _parse(page.split("\n", 1)[1])  # after the doctype
    assert [tag for tag, _ in tree.tags[:4]] == ["html", "head", "meta", "title"]
    assert tree.tags[0] == ("html", {"lang": "uk"})
    assert "i" not in [tag for tag, _ in tree.tags]
    assert tree.text[0] == "<i>Громади</i>"  # the <title>, escaped in the source, unescaped by the parser
