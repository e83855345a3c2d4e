#!/usr/bin/python3
"""Runs the flip benchmark in exodus and in its peers, side by side, and
prints updates/s and the ratios: `make bench-peers`.

For each size, in turn and in one process tree: `exodus bench --json` (flip
rule, Erdos-Renyi mean degree 10, 50 ticks, the given workers), the
vectorised NumPy/SciPy-sparse version (flip_scipy.py, one thread, as SciPy's
sparse product is) and the plain Go pull loop (flipgo, the same workers),
then exodus again with one worker, for the speed-up from 1 to the given
workers. Every figure is agents*ticks/run_seconds, network generation
excluded.
"""
import argparse
import json
import subprocess
import sys


def last_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def machine():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    except OSError:
        return "unknown"
    info = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    return f"{info.get('Model name', '?').strip()}, {info.get('CPU(s)', '?').strip()} CPUs"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exodus", default="bin/exodus")
    ap.add_argument("--flipgo", default="bin/flipgo")
    ap.add_argument("--agents", default="1e6,1e7")
    ap.add_argument("--workers", default="2")
    ap.add_argument("--ticks", default="50")
    args = ap.parse_args()
    here = sys.path[0]
    print(f"flip, Erdos-Renyi mean degree 10, {args.ticks} ticks, {args.workers} workers; {machine()}")
    print(f"{'agents':>10} {'exodus':>10} {'scipy':>10} {'plain Go':>10} {'exodus/scipy':>13} {'exodus/Go':>10}"
          f" {'exodus 1w':>10} {'speed-up':>9}")
    for n in args.agents.split(","):
        common = ["--agents", n, "--ticks", args.ticks]
        ex = last_json([args.exodus, "bench", "--json", "--workers", args.workers, "--mean-degree", "10"] + common)
        sc = last_json(["/usr/bin/python3", f"{here}/flip_scipy.py", "--mean-degree", "10"] + common)
        go = last_json([args.flipgo, "--workers", args.workers, "--mean-degree", "10"] + common)
        one = last_json([args.exodus, "bench", "--json", "--workers", "1", "--mean-degree", "10"] + common)
        e, s, g, e1 = (r["updates_per_second"] for r in (ex, sc, go, one))
        print(f"{int(float(n)):>10} {e:>10.3g} {s:>10.3g} {g:>10.3g} {e / s:>12.2f}x {e / g:>9.2f}x"
              f" {e1:>10.3g} {e / e1:>8.2f}x", flush=True)


if __name__ == "__main__":
    main()
