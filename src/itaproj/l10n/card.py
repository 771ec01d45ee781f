r"""A programme as a card: translated labels with formatted values, and trees of sections.

The card is the one place that decides what a readable programme shows; the plain-text report
(:mod:`itaproj.l10n.report`), the HTML view (:mod:`itaproj.l10n.html`) and ``itaproj report --json``
all render the same card.

Example:
    >>> from itaproj import LocalizedText, Money, Budget, Period, Programme
    >>> p = Programme("m4eg", LocalizedText.of("ru", "Мэры за экономический рост",
    ...                                        en="Mayors for Economic Growth"),
    ...               period=Period.parse("2017", "2020"), budget=Budget(total=Money("14500000", "EUR")))
    >>> card = programme_card(p, "uk")
    >>> card.title
    'Mayors for Economic Growth'
    >>> [(f.label, f.value) for f in card.fields]
    [('Період', '2017–2020 (26–48 місяців)'), ('Бюджет', '14,5\xa0млн\xa0EUR')]
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from itaproj.activity import Activity, ActivityKind, Component
from itaproj.beneficiary import TargetGroup
from itaproj.errors import AmountRangeError, BoundArithmeticError, CurrencyMismatchError
from itaproj.l10n.catalogs import babel_locale, translations
from itaproj.l10n.format import (
    country_name,
    format_change,
    format_count,
    format_date_partial,
    format_list_of,
    format_measure,
    format_money,
    format_months,
    format_percentage,
    format_period,
    format_span,
    resolve,
    subdivision_name,
)
from itaproj.l10n.labels import (
    activity_kind_label,
    beneficiary_kind_label,
    date_kind_label,
    frequency_label,
    programme_kind_label,
    relation_kind_label,
    result_kind_label,
    role_label,
    significance_label,
    status_label,
)
from itaproj.money import Money
from itaproj.org import Organisation, Role
from itaproj.programme import Catalogue, Programme, RelationKind
from itaproj.quantity import ratio
from itaproj.results import Indicator, Observation, Result
from itaproj.text import LocalizedText
from itaproj.themes import CrossCuttingTheme

__all__ = ["Card", "CardField", "Node", "Section", "budget_text", "catalogue_cards", "programme_card"]


@attrs.frozen
class Node:
    """One line of a tree, with its children; ``lang`` is set when its text is in another language."""

    text: str
    children: tuple[Node, ...] = ()
    lang: str | None = None


@attrs.frozen
class CardField:
    """A label and its formatted value."""

    label: str
    value: str
    lang: str | None = None


@attrs.frozen
class Section:
    """A titled tree: components, themes, beneficiaries, results..."""

    heading: str
    nodes: tuple[Node, ...]


@attrs.frozen
class Card:
    """A programme ready to render in one locale.

    Attributes:
        key: The programme's key.
        locale: The locale it was rendered for.
        title: The title, along the locale's fallback chain.
        acronym: The acronym, if any.
        title_lang: The language of ``title`` when it is not the locale's.
        fields: Labelled one-line facts (period, budget, funders...).
        sections: Trees (description, objectives, components, themes, beneficiaries, results...).
    """

    key: str
    locale: str
    title: str
    acronym: str | None
    title_lang: str | None
    fields: tuple[CardField, ...]
    sections: tuple[Section, ...]


class _Texts:
    """Resolves model texts in one locale and notes when the answer is in another language."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.language = babel_locale(locale).language

    def text(self, text: LocalizedText) -> str:
        return resolve(text, self.locale)

    def lang(self, text: LocalizedText) -> str | None:
        from itaproj.l10n.catalogs import text_fallback

        found = text.language_of(str(babel_locale(self.locale)), fallback=text_fallback(self.locale))
        return None if found.split("-")[0] == self.language else found

    def node(self, text: LocalizedText, children: Iterable[Node] = ()) -> Node:
        return Node(self.text(text), tuple(children), self.lang(text))


def _organisation(org: Organisation, texts: _Texts) -> str:
    name = texts.text(org.name)
    if org.acronym is not None:
        acronym = texts.text(org.acronym)
        if acronym != name:
            return f"{name} ({acronym})"
    return name


def _programme_name(programme: Programme, texts: _Texts) -> str:
    name = texts.text(programme.title)
    return name if programme.acronym is None else f"{name} ({texts.text(programme.acronym)})"


def budget_text(programme: Programme, locale: str) -> str | None:
    """The programme's budget in words, ``None`` when it has none; one sum per currency if they mix."""
    budget = programme.budget
    if budget is None:
        return None
    try:
        amount = budget.amount
    except (CurrencyMismatchError, BoundArithmeticError, AmountRangeError):
        # Lines in several currencies, bounds that do not add up to one bound, or a sum of
        # 10^18 or more: show each currency's sum, or else every line, never one invented total.
        try:
            amounts = list(budget.sums_by_currency())
        except (BoundArithmeticError, AmountRangeError):
            amounts = [line.amount for line in budget.counted_lines]
        return "; ".join(format_money(money, locale) for money in amounts)
    return None if amount is None else format_money(amount, locale)


def _percentage(percentage: Decimal, locale: str) -> str:
    """A percentage as the model holds it (``25`` is a quarter), whatever the thread's decimal context."""
    return format_percentage(ratio(percentage, 100), locale)


def _activity(activity: Activity, texts: _Texts) -> Node:
    locale = texts.locale
    tr = translations(locale)
    notes: list[str] = []
    if activity.kind not in (ActivityKind.ACTIVITY, ActivityKind.LINE):
        notes.append(activity_kind_label(activity.kind, locale))
    if activity.period is not None:
        notes.append(format_period(activity.period, locale))
    if activity.recurrence is not None:
        frequency = frequency_label(activity.recurrence.frequency, locale)
        since = activity.recurrence.since
        if since is None:
            notes.append(frequency)
        else:
            date = format_date_partial(since, locale, governed=True)
            notes.append(tr.gettext("{frequency} since {date}").format(frequency=frequency, date=date))
    title = texts.text(activity.title)
    if activity.code is not None:
        title = f"{activity.code} · {title}"
    if notes:
        title = f"{title} [{'; '.join(notes)}]"
    children: list[Node] = []
    if activity.deadline is not None:
        deadline = tr.gettext("Deadline: {span} from: {event}").format(
            span=format_span(activity.deadline.within, locale), event=texts.text(activity.deadline.event)
        )
        children.append(Node(deadline))
    if activity.eligibility is not None:
        children.append(Node(tr.gettext("Eligibility: {text}").format(text=texts.text(activity.eligibility))))
    if activity.topics:
        topics = "; ".join(texts.text(topic) for topic in activity.topics)
        children.append(Node(tr.gettext("Topics: {topics}").format(topics=topics)))
    children.extend(_activity(child, texts) for child in activity.activities)
    return Node(title, tuple(children), texts.lang(activity.title))


def _component(component: Component, texts: _Texts) -> Node:
    locale = texts.locale
    tr = translations(locale)
    title = f"{component.code} · {texts.text(component.title)}"
    notes: list[str] = []
    if component.budget is not None:
        notes.append(format_money(component.budget, locale))
    if component.budget_share is not None:
        notes.append(_percentage(component.budget_share, locale))
    if notes:
        title = f"{title} [{'; '.join(notes)}]"
    children: list[Node] = []
    if component.stakeholders:
        stakeholders = "; ".join(texts.text(s) for s in component.stakeholders)
        children.append(Node(tr.gettext("Stakeholders: {names}").format(names=stakeholders)))
    children.extend(_activity(activity, texts) for activity in component.activities)
    return Node(title, tuple(children), texts.lang(component.title))


def _theme(theme: CrossCuttingTheme, texts: _Texts) -> Node:
    locale = texts.locale
    tr = translations(locale)
    title = texts.text(theme.label)
    if theme.significance is not None:
        title = f"{title} [{significance_label(theme.significance, locale)}]"
    children = [texts.node(objective) for objective in theme.objectives]
    if theme.strategy is not None:
        children.append(Node(tr.gettext("Strategy: {name}").format(name=texts.text(theme.strategy))))
    if theme.components:
        codes = ", ".join(theme.components)
        children.append(Node(tr.gettext("Components: {codes}").format(codes=codes)))
    return Node(title, tuple(children), texts.lang(theme.label))


def _target_group(group: TargetGroup, texts: _Texts) -> Node:
    locale = texts.locale
    tr = translations(locale)
    heading = beneficiary_kind_label(group.kind, locale)
    lang = None
    if group.description is not None:
        heading, lang = texts.text(group.description), texts.lang(group.description)
    children: list[Node] = []
    if group.declared_count is not None:
        children.append(
            Node(tr.gettext("Declared: {count}").format(count=format_count(group.declared_count, locale)))
        )
    if group.declared_regions is not None:
        count = format_count(group.declared_regions, locale)
        children.append(Node(tr.gettext("Oblasts (declared): {count}").format(count=count)))
    if group.members:
        children.append(Node(tr.gettext("Listed: {count}").format(count=len(group.members))))
    selection = group.selection
    if selection is not None:
        if selection.applied is not None:
            applied = tr.gettext("Applied: {count}").format(count=format_count(selection.applied, locale))
            if selection.applied_regions is not None:
                regions = format_count(selection.applied_regions, locale)
                applied = tr.gettext("{applied}, from {regions} oblasts").format(
                    applied=applied, regions=regions
                )
            children.append(Node(applied))
        if selection.selected is not None:
            children.append(
                Node(tr.gettext("Selected: {count}").format(count=format_count(selection.selected, locale)))
            )
        if selection.criteria is not None:
            children.append(Node(tr.gettext("Criteria: {text}").format(text=texts.text(selection.criteria))))
    by_oblast = group.members_by_subdivision()
    if any(code is not None for code in by_oblast):
        not_located = tr.gettext("not located")
        oblasts = tuple(
            Node(f"{not_located if code is None else subdivision_name(code, locale)}: {count}")
            for code, count in sorted(by_oblast.items(), key=lambda item: (item[0] is None, item[0] or ""))
        )
        children.append(Node(tr.gettext("By oblast"), oblasts))
    if group.clusters:
        for cluster in group.clusters:
            members = tuple(texts.node(m.name) for m in group.members if m.cluster == cluster.key)
            name = f"{texts.text(cluster.name)} ({len(members)})"
            children.append(Node(name, members, texts.lang(cluster.name)))
        loose = tuple(texts.node(m.name) for m in group.members if m.cluster is None)
        if loose:
            children.append(Node(tr.gettext("Not in a cluster"), loose))
    elif group.members:
        children.append(Node(tr.gettext("Members"), tuple(texts.node(m.name) for m in group.members)))
    return Node(heading, tuple(children), lang)


def _observation(observation: Observation, locale: str) -> str | None:
    value = observation.value
    if value is None:
        if observation.text is None:
            return None
        text = observation.text  # a qualitative value ("Yes"), as the source states it
    else:
        text = format_money(value, locale) if isinstance(value, Money) else format_measure(value, locale)
    if observation.period is not None:
        text = f"{text} ({format_period(observation.period, locale)})"
    return text


def _indicator(indicator: Indicator, texts: _Texts) -> Node:
    locale = texts.locale
    tr = translations(locale)
    parts: list[str] = []
    change = format_change(indicator, locale)
    if change is not None:
        parts.append(change)
    else:
        for baseline in indicator.baselines:
            if (base := _observation(baseline, locale)) is not None:
                parts.append(tr.gettext("baseline {value}").format(value=base))
        if indicator.latest_actual is not None and (actual := _observation(indicator.latest_actual, locale)):
            parts.append(tr.gettext("actual {value}").format(value=actual))
    for target in indicator.targets:
        if (value := _observation(target, locale)) is not None:
            parts.append(tr.gettext("target {value}").format(value=value))
    title = texts.text(indicator.title)
    text = f"{title}: {'; '.join(parts)}" if parts else title
    observations = (*indicator.baselines, *indicator.actuals, *indicator.targets)
    notes = tuple(texts.node(o.note) for o in observations if o.note is not None)
    return Node(text, notes, texts.lang(indicator.title))


def _result(result: Result, texts: _Texts) -> Node:
    title = texts.text(result.title)
    if result.kind is not None:
        title = f"{title} [{result_kind_label(result.kind, texts.locale)}]"
    return Node(title, tuple(_indicator(i, texts) for i in result.indicators), texts.lang(result.title))


def _fields(programme: Programme, texts: _Texts, catalogue: Catalogue | None) -> list[CardField]:
    locale = texts.locale
    tr = translations(locale)
    fields: list[CardField] = []
    if programme.kind is not None:
        fields.append(CardField(tr.gettext("Type"), programme_kind_label(programme.kind, locale)))
    if programme.status is not None:
        fields.append(CardField(tr.gettext("Status"), status_label(programme.status, locale)))
    if programme.iati_identifier is not None:
        fields.append(CardField(tr.gettext("IATI identifier"), programme.iati_identifier))
    if programme.period is not None:
        period = format_period(programme.period, locale)
        if (months := programme.duration) is not None:
            period = f"{period} ({format_months(months, locale)})"
        fields.append(CardField(tr.gettext("Period"), period))
    if programme.declared_duration is not None:
        fields.append(
            CardField(tr.gettext("Declared duration"), format_span(programme.declared_duration, locale))
        )
    for key_date in programme.dates:
        fields.append(
            CardField(date_kind_label(key_date.kind, locale), format_date_partial(key_date.date, locale))
        )
    if (budget := budget_text(programme, locale)) is not None:
        fields.append(CardField(tr.gettext("Budget"), budget))
    for role in Role:
        organisations = programme.organisations(role)
        if organisations:
            names = format_list_of((_organisation(org, texts) for org in organisations), locale)
            fields.append(CardField(role_label(role, locale), names))
    if programme.recipient_countries:
        countries = []
        for share in programme.recipient_countries:
            name = country_name(share.country, locale)
            if share.percentage is not None:
                name = f"{name} ({_percentage(share.percentage, locale)})"
            countries.append(name)
        fields.append(CardField(tr.gettext("Countries"), format_list_of(countries, locale)))
    if programme.recipient_regions:
        regions = []
        for region in programme.recipient_regions:
            name = region.code if region.name is None else texts.text(region.name)
            if region.percentage is not None:
                name = f"{name} ({_percentage(region.percentage, locale)})"
            regions.append(name)
        fields.append(CardField(tr.gettext("Regions"), format_list_of(regions, locale)))
    if programme.sectors:
        sectors = []
        for sector in programme.sectors:
            name = sector.code if sector.name is None else f"{sector.code} {texts.text(sector.name)}"
            if sector.percentage is not None:
                name = f"{name} ({_percentage(sector.percentage, locale)})"
            sectors.append(name)
        fields.append(CardField(tr.gettext("Sectors"), "; ".join(sectors)))
    for relation in programme.relations:
        other = None if catalogue is None else catalogue.get(relation.ref)
        name = relation.ref if other is None else _programme_name(other, texts)
        fields.append(CardField(relation_kind_label(relation.kind, locale), name))
    if catalogue is not None:
        # Links declared only on the other side ("CLIR is a child of SURGe", said by CLIR) show on both.
        declared = {relation.ref for relation in programme.relations}
        linked = (
            (RelationKind.PARENT, catalogue.parents_of(programme)),
            (RelationKind.CHILD, catalogue.children_of(programme)),
        )
        for kind, others in linked:
            for other in others:
                if other.key not in declared and other.iati_identifier not in declared:
                    fields.append(CardField(relation_kind_label(kind, locale), _programme_name(other, texts)))
    if programme.tags:
        labels = (
            texts.text(tag.name) if tag.name is not None else tag.label(locale) for tag in programme.tags
        )
        fields.append(CardField(tr.gettext("Tags"), ", ".join(labels)))
    return fields


def _sections(programme: Programme, texts: _Texts) -> list[Section]:
    tr = translations(texts.locale)
    sections: list[Section] = []
    if programme.description is not None:
        sections.append(Section(tr.gettext("Description"), (texts.node(programme.description),)))
    if programme.objectives:
        sections.append(Section(tr.gettext("Objectives"), tuple(texts.node(o) for o in programme.objectives)))
    if programme.components:
        sections.append(
            Section(tr.gettext("Components"), tuple(_component(c, texts) for c in programme.components))
        )
    if programme.activities:
        sections.append(
            Section(tr.gettext("Activities"), tuple(_activity(a, texts) for a in programme.activities))
        )
    if programme.themes:
        sections.append(
            Section(tr.gettext("Cross-cutting themes"), tuple(_theme(t, texts) for t in programme.themes))
        )
    if programme.target_groups:
        groups = tuple(_target_group(g, texts) for g in programme.target_groups)
        sections.append(Section(tr.gettext("Beneficiaries"), groups))
    if programme.results:
        sections.append(Section(tr.gettext("Results"), tuple(_result(r, texts) for r in programme.results)))
    if programme.people:
        people = []
        for person in programme.people:
            parts = [texts.text(person.name)]
            if person.position is not None:
                parts.append(texts.text(person.position))
            if person.organisation is not None:
                parts.append(_organisation(person.organisation, texts))
            people.append(Node(", ".join(parts), (), texts.lang(person.name)))
        sections.append(Section(tr.gettext("People"), tuple(people)))
    if programme.documents:
        documents = []
        for document in programme.documents:
            text = document.url if document.title is None else f"{texts.text(document.title)}: {document.url}"
            documents.append(Node(text))
        sections.append(Section(tr.gettext("Sources"), tuple(documents)))
    return sections


def programme_card(programme: Programme, locale: str, catalogue: Catalogue | None = None) -> Card:
    """The card of ``programme`` in ``locale``; with ``catalogue``, related programmes are named.

    Texts from the model are resolved along :func:`~itaproj.l10n.catalogs.text_fallback`.
    """
    texts = _Texts(locale)
    acronym = None if programme.acronym is None else texts.text(programme.acronym)
    return Card(
        key=programme.key,
        locale=str(babel_locale(locale)),
        title=texts.text(programme.title),
        acronym=acronym,
        title_lang=texts.lang(programme.title),
        fields=tuple(_fields(programme, texts, catalogue)),
        sections=tuple(_sections(programme, texts)),
    )


def catalogue_cards(catalogue: Catalogue, locale: str) -> tuple[Card, ...]:
    """A card for each programme of ``catalogue``, in catalogue order."""
    return tuple(programme_card(programme, locale, catalogue) for programme in catalogue)
