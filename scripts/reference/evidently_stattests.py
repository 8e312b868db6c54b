"""Evidently's binned drift stattests (jensenshannon, psi, kl_div), re-implemented from its
source (evidently/legacy/calculations/stattests/{utils,jensenshannon,psi,kl_div}.py) with
exactly the numpy/scipy calls Evidently makes; Evidently itself is not installable here.
Shared by drift_reference.py and validate_drift_reference.py.
"""

import numpy as np
from scipy import stats
from scipy.spatial import distance


def get_binned_data(ref, cur, numerical, feel_zeroes):
    """numpy port of evidently's get_binned_data (utils.py), pandas calls replaced one for one."""
    ref = np.asarray(ref)
    cur = np.asarray(cur)
    n_vals = len(np.unique(ref))  # reference_data.nunique()
    if numerical and n_vals > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        ref_p = np.histogram(ref, bins)[0] / len(ref)
        cur_p = np.histogram(cur, bins)[0] / len(cur)
    else:
        # Evidently iterates a set (arbitrary order; str hashes vary per process): sort for a stable file.
        keys = sorted(set(ref.tolist()) | set(cur.tolist()))
        rv, rc = np.unique(ref, return_counts=True)
        cv, cc = np.unique(cur, return_counts=True)
        rd = {**dict.fromkeys(keys, 0), **dict(zip(rv.tolist(), rc.tolist()))}
        cd = {**dict.fromkeys(keys, 0), **dict(zip(cv.tolist(), cc.tolist()))}
        ref_p = np.array([rd[k] / len(ref) for k in keys])
        cur_p = np.array([cd[k] / len(cur) for k in keys])
    if feel_zeroes:
        np.place(ref_p, ref_p == 0,
                 min(ref_p[ref_p != 0]) / 10**6 if min(ref_p[ref_p != 0]) <= 0.0001 else 0.0001)
        np.place(cur_p, cur_p == 0,
                 min(cur_p[cur_p != 0]) / 10**6 if min(cur_p[cur_p != 0]) <= 0.0001 else 0.0001)
    return ref_p, cur_p


def evidently_scores(ref, cur, numerical):
    # jensenshannon.py: feel_zeroes=False, base=None (natural log)
    r, c = get_binned_data(ref, cur, numerical, False)
    js = distance.jensenshannon(r, c, None)
    # psi.py: sum((ref - cur) * log(ref / cur))
    r, c = get_binned_data(ref, cur, numerical, True)
    psi = np.sum((r - c) * np.log(r / c))
    # kl_div.py: stats.entropy(ref, cur)
    kl = stats.entropy(r, c)
    return {"jensenshannon": float(js), "psi": float(psi), "kl": float(kl)}
