"""People within one file: rows joined when their pair scores as surely the same person.

Clusters are the connected components of the sure pairs. Ids are numbered in order of each
cluster's first row, so they do not depend on the order the pairs were found in.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from reconcile.link.features import IntArray


def components(n: int, a: IntArray, b: IntArray) -> IntArray:
    """Component id of each of ``n`` items joined by edges (a[k], b[k]), numbered 0.. in order
    of each component's smallest member."""
    parent = list(range(n))

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        rx, ry = find(x), find(y)
        if rx != ry:
            if rx < ry:
                parent[ry] = rx
            else:
                parent[rx] = ry
    roots = np.fromiter((find(x) for x in range(n)), dtype=np.int64, count=n)
    _, ids = np.unique(roots, return_inverse=True)
    return ids.reshape(-1).astype(np.int64)


def members(ids: IntArray) -> list[list[int]]:
    """Rows of each cluster, ascending."""
    if len(ids) == 0:
        return []
    order = np.argsort(ids, kind="stable").tolist()
    bounds = [0, *(np.flatnonzero(np.diff(ids[order])) + 1).tolist(), len(order)]
    return [order[a:b] for a, b in pairwise(bounds)]
