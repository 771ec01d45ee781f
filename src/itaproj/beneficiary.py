"""Who a programme is for: target groups, their listed members, clusters and selection."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from itaproj.errors import InvalidValueError
from itaproj.geo import Location, is_subdivision_code
from itaproj.org import Organisation
from itaproj.quantity import Count
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_text, as_strings, as_text, check_key, checked

__all__ = ["Beneficiary", "BeneficiaryKind", "Cluster", "Selection", "TargetGroup"]


class BeneficiaryKind(enum.Enum):
    """What sort of beneficiary."""

    COUNTRY = "country"
    REGION = "region"  #: a first-level division: oblast, region
    MUNICIPALITY = "municipality"  #: a city or its local authority
    COMMUNITY = "community"  #: a territorial community (hromada)
    ORGANISATION = "organisation"
    PEOPLE = "people"  #: a group of people (officials, women entrepreneurs)


if TYPE_CHECKING:

    def _as_kind(value: BeneficiaryKind | str) -> BeneficiaryKind: ...
    def _as_members(value: Iterable[Beneficiary]) -> tuple[Beneficiary, ...]: ...
    def _as_clusters(value: Iterable[Cluster]) -> tuple[Cluster, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_kind = _as_members = _as_clusters = None


@attrs.frozen
@checked
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
    name: LocalizedText = attrs.field(converter=as_text)
    regions: tuple[str, ...] = attrs.field(default=(), converter=as_strings)

    def __attrs_post_init__(self) -> None:
        for index, code in enumerate(self.regions):
            if not is_subdivision_code(code):
                raise InvalidValueError(f"regions[{index}]", code, "be an ISO 3166-2 code such as 'UA-32'")


@attrs.frozen
@checked
class Beneficiary:
    """One listed beneficiary, such as a territorial community.

    Args:
        name: Its name as the source gives it.
        kind: Community, municipality, region...
        location: Where it is, by administrative codes.
        organisation: The organisation that stands for it, if any.
        cluster: The key of the :class:`Cluster` it belongs to, if any.
    """

    name: LocalizedText = attrs.field(converter=as_text)
    kind: BeneficiaryKind = attrs.field(converter=_as_kind)
    location: Location | None = None
    organisation: Organisation | None = None
    cluster: str | None = None


@attrs.frozen
@checked
class Selection:
    """How beneficiaries were chosen: "more than 300 communities from 11 oblasts applied, 19 selected"."""

    applied: Count | None = None
    selected: Count | None = None
    applied_regions: Count | None = None
    criteria: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)


@attrs.frozen
@checked
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

    kind: BeneficiaryKind = attrs.field(converter=_as_kind)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    declared_count: Count | None = None
    declared_regions: Count | None = None
    members: tuple[Beneficiary, ...] = attrs.field(default=(), converter=_as_members)
    clusters: tuple[Cluster, ...] = attrs.field(default=(), converter=_as_clusters)
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
