// Package slurm writes the sbatch script that runs a study on a Slurm
// cluster, and submits it.
//
// The script is one file with three modes. Run with bash (or by Submit),
// it submits itself twice: as a job array of Job.Tasks tasks, task i
// running shard i/Tasks of the study's runs (the runs whose index is i mod
// Tasks) with as many runs at once as the task has CPUs
// ($SLURM_CPUS_PER_TASK), then as an aggregation job that depends on the
// whole array having succeeded (--dependency=afterok). Runs are claimed
// through files in the study's folder (see internal/sweep), so a task
// cancelled or failed is simply submitted again (sbatch --array=i SCRIPT
// task) and does only the runs its first attempt did not record. A study
// whose runs cannot be listed ahead (a calibration, whose rounds depend on
// the previous ones) gives tasks no shard: every task runs the whole
// study, and the claims split the runs between them.
//
// The package knows nothing of the kinds of study: the caller gives the
// exodus arguments of a task (with the placeholders Shard and Jobs) and of
// the aggregation.
package slurm
