"""People within one file: rows joined when their pair scores as surely the same person.

Clusters are the connected components of the sure pairs. Ids are numbered in order of each
cluster's first row, so they do not depend on the order the pairs were found in.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from reconcile.link.distinct import unique_inverse
from reconcile.link.features import IntArray


def components(n: int, a: IntArray, b: IntArray) -> IntArray:
    """Component id of each of ``n`` items joined by edges (a[k], b[k]), numbered 0.. in order
    of each component's smallest member.

    Each item takes the smallest label among its edges' ends, then follows its label's own
    label (pointer jumping), until nothing changes: every item ends labelled with the
    smallest member of its component, in a few array passes for components as small as
    people's rows."""
    label = np.arange(n, dtype=np.int64)
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    while len(a):
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        if np.array_equal(new, label):
            break
        label = new
    _, ids = unique_inverse(label)
    return ids


def members(ids: IntArray) -> list[list[int]]:
    """Rows of each cluster, ascending."""
    if len(ids) == 0:
        return []
    order = np.argsort(ids, kind="stable").tolist()
    bounds = [0, *(np.flatnonzero(np.diff(ids[order])) + 1).tolist(), len(order)]
    return [order[a:b] for a, b in pairwise(bounds)]
