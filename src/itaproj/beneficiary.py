"""Who a programme is for: target groups, their listed members, clusters and selection."""

from __future__ import annotations

import enum
from collections import Counter

import attrs

from itaproj.errors import InvalidValueError
from itaproj.geo import Location, is_subdivision_code
from itaproj.org import Organisation
from itaproj.quantity import Count
from itaproj.text import LocalizedText
from itaproj.validation import check_key, check_tuple

__all__ = ["Beneficiary", "BeneficiaryKind", "Cluster", "Selection", "TargetGroup"]


class BeneficiaryKind(enum.Enum):
    """What sort of beneficiary."""

    COUNTRY = "country"
    REGION = "region"  #: a first-level division: oblast, region
    MUNICIPALITY = "municipality"  #: a city or its local authority
    COMMUNITY = "community"  #: a territorial community (hromada)
    ORGANISATION = "organisation"
    PEOPLE = "people"  #: a group of people (officials, women entrepreneurs)


def _check_regions(instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    check_tuple(instance, attribute, value)
    assert isinstance(value, tuple)
    for code in value:
        if not is_subdivision_code(code):
            raise InvalidValueError(attribute.name, code, "hold ISO 3166-2 codes such as 'UA-32'")


@attrs.frozen
class Cluster:
    """A named group of beneficiaries ("Kyiv oblast cluster").

    Args:
        key: A key unique within the target group.
        name: Its name as the source gives it.
        regions: ISO 3166-2 codes of the regions (oblasts) the source names for the cluster.
            A cluster may span regions ("Donetsk and Kharkiv oblasts") without the source
            saying which member lies in which; the members then keep no subdivision.

    Example:
        >>> east = Cluster("donetsk-kharkiv", LocalizedText({"en": "Donetsk and Kharkiv oblasts"}),
        ...                regions=("UA-14", "UA-63"))
        >>> east.regions
        ('UA-14', 'UA-63')

    """

    key: str = attrs.field(validator=check_key)
    name: LocalizedText
    regions: tuple[str, ...] = attrs.field(default=(), validator=_check_regions)


@attrs.frozen
class Beneficiary:
    """One listed beneficiary, such as a territorial community.

    Args:
        name: Its name as the source gives it.
        kind: Community, municipality, region...
        location: Where it is, by administrative codes.
        organisation: The organisation that stands for it, if any.
        cluster: The key of the :class:`Cluster` it belongs to, if any.
    """

    name: LocalizedText
    kind: BeneficiaryKind
    location: Location | None = None
    organisation: Organisation | None = None
    cluster: str | None = None


@attrs.frozen
class Selection:
    """How beneficiaries were chosen: "more than 300 communities from 11 oblasts applied, 19 selected"."""

    applied: Count | None = None
    selected: Count | None = None
    applied_regions: Count | None = None
    criteria: LocalizedText | None = None


@attrs.frozen
class TargetGroup:
    """A group a programme serves, with its declared size and its listed members kept apart.

    When a source says "19 communities" and lists 18, both stay: ``declared_count`` is 19,
    ``members`` has 18 entries, and :func:`itaproj.checks.check` reports the difference.

    Args:
        kind: The kind of its members.
        description: How the source describes the group.
        declared_count: The number the source states.
        declared_regions: The number of regions (oblasts) the source says they come from.
        members: The members the source lists.
        clusters: Groupings of members.
        selection: How the members were selected.
    """

    kind: BeneficiaryKind
    description: LocalizedText | None = None
    declared_count: Count | None = None
    declared_regions: Count | None = None
    members: tuple[Beneficiary, ...] = attrs.field(default=(), validator=check_tuple)
    clusters: tuple[Cluster, ...] = attrs.field(default=(), validator=check_tuple)
    selection: Selection | None = None

    def members_by_subdivision(self) -> dict[str | None, int]:
        """Listed members counted by ISO 3166-2 subdivision (``None`` where not located)."""
        counts = Counter(
            None if member.location is None else member.location.subdivision for member in self.members
        )
        return dict(counts)

    def members_by_cluster(self) -> dict[str | None, int]:
        """Listed members counted by cluster key, in the clusters' order.

        Keys that no cluster declares follow in first-seen order, then ``None`` (no cluster), so
        the counts always add up to the number of members.
        """
        counts = Counter(member.cluster for member in self.members)
        ordered: dict[str | None, int] = {
            cluster.key: counts.get(cluster.key, 0) for cluster in self.clusters
        }
        for key, count in counts.items():
            if key is not None:
                ordered.setdefault(key, count)
        if None in counts:
            ordered[None] = counts[None]
        return ordered
