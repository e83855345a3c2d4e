#!/usr/bin/python3
"""The flip benchmark, vectorised with NumPy and SciPy sparse matrices.

The same model as exodus's flip rule (model/flip.go): two platforms, agents
start on each with probability 1/2, and every tick every agent moves to the
other platform with probability a + b*m/d, where m of its d neighbours are
on the other platform (m/d = 0 when d = 0); ticks are synchronous (all
agents decide from the state at the start of the tick). The network is an
Erdos-Renyi graph: M ~ Binomial(n(n-1)/2, p) uniform pairs, p = z/(n-1),
self-loops dropped and repeated pairs merged (O(z^2) of them, negligible).

Prints one JSON object per size: agents, edges, ticks, gen_seconds,
run_seconds and updates_per_second = agents*ticks/run_seconds (generation
timed apart, as `exodus bench` does).
"""
import argparse
import json
import time

import numpy as np
import scipy.sparse as sp


def erdos_renyi(n, z, rng):
    p = z / (n - 1)
    m = rng.binomial(n * (n - 1) // 2, p)
    u = rng.integers(0, n, m, dtype=np.int32)
    v = rng.integers(0, n, m, dtype=np.int32)
    keep = u != v
    u, v = u[keep], v[keep]
    rows = np.concatenate([u, v])
    cols = np.concatenate([v, u])
    adj = sp.csr_matrix((np.ones(rows.size, dtype=np.float32), (rows, cols)), shape=(n, n))
    adj.sum_duplicates()
    adj.data[:] = 1
    return adj


def run(n, z, ticks, a, b, seed):
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    adj = erdos_renyi(n, z, rng)
    deg = np.diff(adj.indptr).astype(np.float32)
    inv = np.divide(1, deg, out=np.zeros_like(deg), where=deg > 0)
    on2 = rng.random(n) < 0.5  # False: platform 1, True: platform 2
    gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(ticks):
        m2 = adj @ on2.astype(np.float32)           # neighbours on platform 2
        m = np.where(on2, deg - m2, m2)              # neighbours on the other platform
        p = a + b * m * inv
        on2 ^= rng.random(n, dtype=np.float32) < p
    secs = time.perf_counter() - t0
    return {"agents": n, "edges": int(adj.nnz // 2), "ticks": ticks, "gen_seconds": gen,
            "run_seconds": secs, "updates_per_second": n * ticks / secs,
            "share_on_2": float(on2.mean())}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agents", default="1e6", help="sizes, comma-separated")
    ap.add_argument("--mean-degree", type=float, default=10)
    ap.add_argument("--ticks", type=int, default=50)
    ap.add_argument("--a", type=float, default=0.01)
    ap.add_argument("--b", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    for s in args.agents.split(","):
        print(json.dumps(run(int(float(s)), args.mean_degree, args.ticks, args.a, args.b, args.seed)), flush=True)


if __name__ == "__main__":
    main()
