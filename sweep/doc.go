// Package sweep runs one neurolab experiment over a grid of parameter values
// and seeds: locally in parallel, or as a SLURM job array on a cluster.
//
// A sweep file (TOML) names the experiment, the scale, fixed overrides, a
// grid of lists and ranges, the seeds and the metrics to collect; Parse
// validates every name and value against the experiment's parameters and
// expands it into a Plan of jobs (grid point × seed) with stable ids: the id
// is a hash of the experiment, scale, overrides and seed, so it does not
// depend on the order of the grid or on how a number is written (a file or
// folder parameter is hashed as its absolute path: "imgs" and "./imgs" are
// one job, "imgs" from another directory is another).
//
// Results live under one directory DIR (see Store): each job writes its
// result into a temporary directory that is renamed into place when it is
// complete, so a killed job leaves nothing that counts as finished; a lock
// per job keeps two processes (two local runs, or SLURM tasks on several
// nodes of a shared filesystem) from running the same job twice; finished
// and failed jobs are recorded and skipped on the next run. Collect merges
// the results into CSV tables and draws each metric against each swept
// parameter (mean ± s.e.m. over seeds) into DIR/index.html. SlurmScript
// writes an sbatch array script whose tasks run `neurolab sweep task`.
//
// The format is documented in docs/sweeps.md.
package sweep
