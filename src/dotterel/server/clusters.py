"""Routes over the store's event clusters: ``GET /api/v1/clusters`` (pages of real-world events,
newest first) and ``GET /api/v1/clusters/{cluster_id}`` (one cluster with its reports).

Thin adapters over :meth:`EventStore.clusters`, :meth:`EventStore.get_cluster` and
:meth:`EventStore.cluster_events`; every value is validated by
:class:`~dotterel.store.cluster_reads.ClusterFilter` or FastAPI before the store sees it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from dotterel.server.errors import ERROR_RESPONSES
from dotterel.server.params import MAX_SHORT, CursorQuery, DateQuery, strict_query
from dotterel.server.routes import Pool
from dotterel.store.cluster_reads import MAX_CLUSTER_PAGE, ClusterFilter

#: The most reports ``GET /api/v1/clusters/{id}`` returns with a cluster.
MAX_MENTIONS = 500

router = APIRouter(
    prefix="/api/v1", dependencies=[Depends(strict_query)], responses=ERROR_RESPONSES
)


def cluster_filter(
    event_type: Annotated[
        str | None, Query(max_length=MAX_SHORT, description="PLOVER types, comma-separated")
    ] = None,
    actor: Annotated[
        str | None, Query(max_length=MAX_SHORT, description="Actor codes, comma-separated (any)")
    ] = None,
    recipient: Annotated[
        str | None, Query(max_length=MAX_SHORT, description="Recipient codes, comma-separated")
    ] = None,
    country: Annotated[
        str | None, Query(max_length=MAX_SHORT, description="Country codes of the place")
    ] = None,
    date_from: DateQuery = None,
    date_to: DateQuery = None,
    min_mentions: Annotated[
        int, Query(ge=1, le=10**9, description="Only clusters with at least this many reports")
    ] = 1,
) -> ClusterFilter:
    """The :class:`ClusterFilter` the query parameters describe (validated)."""
    return ClusterFilter(
        event_type=event_type,
        actor=actor,
        recipient=recipient,
        country=country,
        date_from=date_from,
        date_to=date_to,
        min_mentions=min_mentions,
    )


Filter = Annotated[ClusterFilter, Depends(cluster_filter)]


@router.get("/clusters", summary="Real-world events (clusters of reports), newest first")
def list_clusters(
    p: Pool,
    filters: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_CLUSTER_PAGE, description="Page size")] = 50,
    cursor: CursorQuery = None,
) -> dict[str, Any]:
    """A page of stored clusters, whether every stored event is clustered, and the next cursor."""
    store = p.get()
    page = store.clusters(filters, limit=limit, cursor=cursor)
    return {
        "items": [c.to_dict() for c in page.clusters],
        "next_cursor": page.next_cursor,
        "limit": limit,
        "up_to_date": store.cluster_progress().up_to_date,
    }


@router.get("/clusters/{cluster_id}", summary="One real-world event and its reports")
def get_cluster(
    p: Pool,
    cluster_id: Annotated[str, Path(pattern=r"^[0-9a-f]{1,64}$", max_length=64)],
) -> dict[str, Any]:
    """The cluster and its reports (events) in the order they were stored, at most 500."""
    store = p.get()
    cluster = store.get_cluster(cluster_id)
    mentions = store.cluster_events(cluster_id, limit=MAX_MENTIONS)
    return {"cluster": cluster.to_dict(), "mentions": [e.to_dict() for e in mentions]}
