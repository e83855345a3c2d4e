"""Analyse a sweep of exodus with pandas: the peak daily inflow to RedNote
by point (mean over replicates) and each run's day of peak installs.

    exodus sweep --spec examples/sweep.toml --out out/sweep --jobs 2
    python3 examples/analysis.py out/sweep

Reads the Parquet tables when pandas can (pyarrow or fastparquet
installed), else the CSV tables, which hold the same columns and rows
(Debian 12 packages pandas but neither Parquet engine).
"""
import sys
from pathlib import Path

import pandas as pd


def load(folder: Path, name: str) -> pd.DataFrame:
    """Reads the table NAME of folder, with its day column as dates."""
    try:
        return pd.read_parquet(folder / f"{name}.parquet")
    except ImportError:
        df = pd.read_csv(folder / f"{name}.csv")
        if "day" in df:
            df["day"] = pd.to_datetime(df["day"]).dt.date
        return df


folder = Path(sys.argv[1] if len(sys.argv) > 1 else "out/sweep")

# runs: one row per run, its parameters and metrics as columns; a metric a
# run could not define is null, and count() leaves it out.
runs = load(folder, "runs")
by_point = (
    runs.groupby(["point", "weights_protest", "ban_days"])
    .peak_daily_inflow_share.agg(["count", "mean"])
    .reset_index()
)
print(by_point.to_csv(index=False, float_format="%.17g"), end="")
print()

# runs_daily: one row per run, day, group and platform, in agents.
daily = load(folder, "runs_daily")
us = daily[(daily.group_name == "US") & (daily.platform == "RedNote")]
peak = (
    us.sort_values(["point", "replicate", "installs", "day"], ascending=[True, True, False, True])
    .groupby(["point", "replicate"])
    .head(1)
)
print(peak[["point", "replicate", "day", "installs"]].to_csv(index=False), end="")
