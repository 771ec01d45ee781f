"""Listed beneficiaries counted by kind, country, oblast and cluster."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import attrs

from itaproj.beneficiary import TargetGroup
from itaproj.programme import Catalogue, Programme

__all__ = ["BeneficiaryCounts", "beneficiary_counts"]


@attrs.frozen
class BeneficiaryCounts:
    """Listed beneficiaries counted by kind, country, subdivision (oblast) and cluster.

    A member counts for a subdivision when it is located there, or when its cluster names exactly
    one region; members of a cluster spanning several regions are counted in
    ``by_region_group`` under the comma-joined codes (``"UA-14,UA-63"``) instead.

    Args:
        listed: The number of listed members.
        by_kind: Beneficiary kind value (``"community"``) -> count.
        by_country: ISO 3166-1 code -> count.
        by_subdivision: ISO 3166-2 code -> count.
        by_region_group: Comma-joined ISO 3166-2 codes of a multi-region cluster -> count.
        by_cluster: Cluster key (``"programme/cluster"`` in a catalogue) -> count.
        without_country: Members whose country is unknown.
        without_subdivision: Members whose subdivision is unknown (``by_region_group`` included).
        without_cluster: Members in no cluster.
    """

    listed: int = 0
    by_kind: dict[str, int] = attrs.field(factory=dict)
    by_country: dict[str, int] = attrs.field(factory=dict)
    by_subdivision: dict[str, int] = attrs.field(factory=dict)
    by_region_group: dict[str, int] = attrs.field(factory=dict)
    by_cluster: dict[str, int] = attrs.field(factory=dict)
    without_country: int = 0
    without_subdivision: int = 0
    without_cluster: int = 0


def _group_counts(groups: Iterable[tuple[str, TargetGroup]]) -> BeneficiaryCounts:
    kinds: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    subdivisions: Counter[str] = Counter()
    region_groups: Counter[str] = Counter()
    clusters: Counter[str] = Counter()
    listed = no_country = no_subdivision = no_cluster = 0
    for prefix, group in groups:
        regions = {cluster.key: cluster.regions for cluster in group.clusters}
        for member in group.members:
            listed += 1
            kinds[member.kind.value] += 1
            cluster_regions = regions.get(member.cluster or "", ())
            location = member.location
            if location is not None and location.subdivision is not None:
                subdivision: str | None = location.subdivision
            elif len(cluster_regions) == 1:
                subdivision = cluster_regions[0]
            else:
                subdivision = None
            cluster_countries = {code.split("-", 1)[0] for code in cluster_regions}
            if location is not None:
                countries[location.country] += 1
            elif subdivision is not None or len(cluster_countries) == 1:
                countries[(subdivision or cluster_regions[0]).split("-", 1)[0]] += 1
            else:
                no_country += 1
            if subdivision is not None:
                subdivisions[subdivision] += 1
            else:
                no_subdivision += 1
                if cluster_regions:
                    region_groups[",".join(cluster_regions)] += 1
            if member.cluster is None:
                no_cluster += 1
            else:
                clusters[prefix + member.cluster] += 1
    return BeneficiaryCounts(
        listed,
        dict(kinds),
        dict(countries),
        dict(subdivisions),
        dict(region_groups),
        dict(clusters),
        no_country,
        no_subdivision,
        no_cluster,
    )


def beneficiary_counts(obj: Programme | Catalogue) -> BeneficiaryCounts:
    """Listed beneficiaries of a programme (or every programme of a catalogue) by kind, place, cluster.

    In a catalogue, cluster keys are prefixed with the programme key (``"clir/kyiv"``).
    """
    if isinstance(obj, Catalogue):
        return _group_counts((f"{p.key}/", g) for p in obj.programmes for g in p.target_groups)
    return _group_counts(("", g) for g in obj.target_groups)
