# Analyse a sweep of exodus with R: the peak daily inflow to RedNote by
# point (mean over replicates) and each run's day of peak installs.
#
#   exodus sweep --spec examples/sweep.toml --out out/sweep --jobs 2
#   Rscript examples/analysis.R out/sweep
#
# Reads the Parquet tables when the arrow package is installed, else the
# CSV tables, which hold the same columns and rows (base R only; Debian 12
# does not package arrow for R).

args <- commandArgs(trailingOnly = TRUE)
folder <- if (length(args) > 0) args[1] else "out/sweep"

# load reads the table name of folder, with its day column as dates.
load <- function(name) {
  if (requireNamespace("arrow", quietly = TRUE)) {
    return(as.data.frame(arrow::read_parquet(file.path(folder, paste0(name, ".parquet")))))
  }
  d <- read.csv(file.path(folder, paste0(name, ".csv")), stringsAsFactors = FALSE)
  if ("day" %in% names(d)) d$day <- as.Date(d$day)
  d
}

# runs: one row per run, its parameters and metrics as columns; a metric a
# run could not define is NA.
runs <- load("runs")
points <- unique(runs[, c("point", "weights_protest", "ban_days")])
points <- points[order(points$point), ]
inflow <- split(runs$peak_daily_inflow_share, runs$point)
points$count <- sapply(inflow, function(x) sum(!is.na(x)))
points$mean <- sapply(inflow, mean, na.rm = TRUE)
write.csv(format(points, digits = 15), stdout(), row.names = FALSE, quote = FALSE)
cat("\n")

# runs_daily: one row per run, day, group and platform, in agents.
daily <- load("runs_daily")
us <- daily[daily$group_name == "US" & daily$platform == "RedNote", ]
us <- us[order(us$point, us$replicate, -us$installs, us$day), ]
peak <- us[!duplicated(us[, c("point", "replicate")]), c("point", "replicate", "day", "installs")]
write.csv(peak, stdout(), row.names = FALSE, quote = FALSE)
