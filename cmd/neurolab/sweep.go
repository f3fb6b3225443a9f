package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"neurolab/experiment"
	"neurolab/report"
	"neurolab/sweep"
)

// newSweepCmd is `neurolab sweep`: parameter grids × seeds run locally in
// parallel or as a SLURM job array, resumable, collected into tables and
// plots. See docs/sweeps.md.
func newSweepCmd(exps []experiment.Experiment) *cobra.Command {
	c := &cobra.Command{
		Use:   "sweep",
		Short: "Run an experiment over a grid of parameters and seeds, locally or on a SLURM cluster",
		Long: "A sweep file (TOML) names an experiment, a scale, a grid of parameter values and seeds.\n" +
			"'sweep plan' validates it and lists the jobs; 'sweep run' runs them here in parallel;\n" +
			"'sweep slurm' writes (and with --submit submits) an sbatch job array; 'sweep collect'\n" +
			"merges the results into DIR/results.csv and plots each metric against each swept\n" +
			"parameter in DIR/index.html. Finished jobs are never run twice. See docs/sweeps.md.",
	}
	c.AddCommand(newSweepPlanCmd(exps), newSweepRunCmd(exps), newSweepSlurmCmd(exps), newSweepTaskCmd(exps), newSweepCollectCmd(exps))
	return c
}

// sweepFileArg is the Args check of the sweep commands that take a sweep
// file.
var sweepFileArg = oneArg("a sweep file FILE", "a TOML file, see docs/sweeps.md")

func newSweepPlanCmd(exps []experiment.Experiment) *cobra.Command {
	var asJSON, all, checkMetrics bool
	c := &cobra.Command{
		Use:   "plan FILE",
		Short: "Validate a sweep file and list its jobs",
		Args:  sweepFileArg,
		RunE: func(c *cobra.Command, args []string) error {
			p, e, err := sweep.ParseFile(args[0], exps)
			if err != nil {
				return err
			}
			if checkMetrics {
				took, err := checkSweepMetrics(c.Context(), p, e, args[0])
				if err != nil {
					return err
				}
				msg := "metrics: none listed, so collect takes every metric; nothing to check\n"
				if len(p.Metrics) > 0 {
					msg = fmt.Sprintf("metrics: all %d found in a quick-scale run of job 0 (%s), %.1f s\n",
						len(p.Metrics), p.Describe(p.Jobs[0]), took.Seconds())
				}
				if !asJSON {
					defer fmt.Fprint(c.OutOrStdout(), msg)
				}
			}
			if asJSON {
				return writeJSON(c, p)
			}
			out := c.OutOrStdout()
			fmt.Fprintf(out, "%s: experiment %s, scale %s\n", args[0], p.Experiment, p.Scale)
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			shape := []string{}
			for _, a := range p.Axes {
				fmt.Fprintf(tw, "  grid\t%s\t%d value(s): %s\n", a.Name, len(a.Values), strings.Join(a.Values, ", "))
				shape = append(shape, strconv.Itoa(len(a.Values)))
			}
			for _, k := range sortedStrings(p.Fixed) {
				fmt.Fprintf(tw, "  set\t%s\t%s\n", k, p.Fixed[k])
			}
			tw.Flush()
			fmt.Fprintf(out, "  seeds    %s\n", fmtSeeds(p.Seeds))
			if len(p.Metrics) > 0 {
				fmt.Fprintf(out, "  metrics  %s\n", strings.Join(p.Metrics, ", "))
			}
			shape = append(shape, strconv.Itoa(len(p.Seeds))+" seed(s)")
			fmt.Fprintf(out, "%s (%s)\n", plural(len(p.Jobs), "job"), strings.Join(shape, " × "))
			tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "INDEX\tJOB\tPARAMETERS")
			show := func(j sweep.Job) { fmt.Fprintf(tw, "%d\t%s\t%s\n", j.Index, j.ID, p.Describe(j)) }
			const head, tail = 5, 2
			if all || len(p.Jobs) <= head+tail+1 {
				for _, j := range p.Jobs {
					show(j)
				}
			} else {
				for _, j := range p.Jobs[:head] {
					show(j)
				}
				fmt.Fprintf(tw, "...\t\t(%d more; --all lists every job)\n", len(p.Jobs)-head-tail)
				for _, j := range p.Jobs[len(p.Jobs)-tail:] {
					show(j)
				}
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the plan as JSON")
	c.Flags().BoolVar(&all, "all", false, "list every job")
	c.Flags().BoolVar(&checkMetrics, "check-metrics", false,
		"run job 0 once at quick scale (its grid point and seed) and check the metric names against its result")
	return c
}

// checkSweepMetrics runs job 0 of p once at quick scale and checks that
// every metric p names is one the run produces (metric names exist only
// once an experiment has run, so Parse cannot check them). It returns how
// long the run took.
func checkSweepMetrics(ctx context.Context, p *sweep.Plan, e experiment.Experiment, file string) (time.Duration, error) {
	if len(p.Metrics) == 0 {
		return 0, nil
	}
	j := p.Jobs[0]
	cfg := experiment.Config{Seed: j.Seed, Scale: experiment.Quick, Set: p.Set(j), Workers: runtime.NumCPU()}
	start := time.Now()
	res, err := e.Run(ctx, cfg)
	took := time.Since(start)
	if err != nil {
		return took, fmt.Errorf("--check-metrics: quick-scale run of job 0 (%s): %w (the metric names are unchecked: put a grid value that runs first, or drop --check-metrics)", p.Describe(j), err)
	}
	names := make([]string, 0, len(res.Metrics))
	for m := range res.Metrics {
		names = append(names, m)
	}
	sort.Strings(names)
	for _, m := range p.Metrics {
		if _, ok := res.Metrics[m]; !ok {
			return took, experiment.Inputf("sweep file %s: metrics: %s does not produce metric %q%s (valid: %s)",
				file, p.Experiment, m, experiment.DidYouMean(m, names), strings.Join(names, ", "))
		}
	}
	return took, nil
}

func fmtSeeds(s []uint64) string {
	contiguous := len(s) > 2
	for i := 1; i < len(s); i++ {
		contiguous = contiguous && s[i] == s[i-1]+1
	}
	if contiguous {
		return fmt.Sprintf("%d..%d (%d)", s[0], s[len(s)-1], len(s))
	}
	parts := make([]string, len(s))
	for i, v := range s {
		parts[i] = strconv.FormatUint(v, 10)
	}
	return strings.Join(parts, ", ")
}

func sortedStrings(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// prepareSweep parses FILE and readies DIR: everything a sweep command
// validates before any job starts.
func prepareSweep(exps []experiment.Experiment, file, dir string) (*sweep.Plan, experiment.Experiment, sweep.Store, error) {
	p, e, err := sweep.ParseFile(file, exps)
	if err != nil {
		return nil, nil, sweep.Store{}, err
	}
	if err := checkWritable(dir); err != nil {
		return nil, nil, sweep.Store{}, err
	}
	return p, e, sweep.Store{Dir: dir}, nil
}

// notePlanChange tells the user, before DIR/sweep.json is replaced by p,
// that DIR held a different plan: collect reports only the plan in
// sweep.json, so a sweep pointed at another sweep's DIR would otherwise hide
// that sweep's results without a word.
func notePlanChange(w io.Writer, dir string, p *sweep.Plan) {
	old, err := sweep.ReadPlan(dir)
	if err != nil || old.Hash == p.Hash {
		return
	}
	from := ""
	if old.Source != "" {
		from = ", from " + old.Source
	}
	if old.Experiment != p.Experiment {
		fmt.Fprintf(w, "neurolab: note: %s held a sweep of %s (%s%s); it now holds this sweep of %s, and collect will list only its jobs (the %s results stay in %s)\n",
			dir, old.Experiment, plural(len(old.Jobs), "job"), from, p.Experiment, old.Experiment, filepath.Join(dir, "jobs"))
		return
	}
	fmt.Fprintf(w, "neurolab: note: %s held a different plan (%s%s); it now holds this one (%s): jobs with the same parameters and seed are shared, so finished ones do not run again, and collect lists only this plan's jobs\n",
		dir, plural(len(old.Jobs), "job"), from, plural(len(p.Jobs), "job"))
}

// jobLogger prints one line per job outcome.
func jobLogger(w io.Writer, p *sweep.Plan) func(sweep.Event) {
	width := len(strconv.Itoa(len(p.Jobs)))
	return func(ev sweep.Event) {
		prefix := fmt.Sprintf("%*d/%d  %s  %s", width, ev.Done, ev.Total, ev.Job.ID, p.Describe(ev.Job))
		switch ev.Outcome {
		case sweep.OutcomeOK:
			verdict := "pass"
			if !ev.Record.Pass {
				verdict = "check failed"
			}
			fmt.Fprintf(w, "ok      %s  %s  %.1f s\n", prefix, verdict, ev.Record.Elapsed)
		case sweep.OutcomeFailed:
			fmt.Fprintf(w, "FAILED  %s  %s\n", prefix, ev.Record.Error)
		case sweep.OutcomeBusy:
			fmt.Fprintf(w, "busy    %s  running in another process\n", prefix)
		case sweep.OutcomeDone:
			fmt.Fprintf(w, "done    %s  finished before\n", prefix)
		}
	}
}

// sweepOutcome turns a Run summary into the exit status: 3 when a job
// failed or the run was interrupted, 0 otherwise (failing checks are data
// in a sweep, not an error).
//
// task is true for a SLURM array task, whose log a user reads later: an
// interrupted task (scancel, its --time limit) is resumed by resubmitting
// with 'sweep slurm', not by rerunning the task.
func sweepOutcome(out io.Writer, dir string, p *sweep.Plan, sum sweep.Summary, err error, task bool) error {
	before := ""
	if sum.FailedBefore > 0 {
		before = fmt.Sprintf(" (%d of them failed in an earlier run)", sum.FailedBefore)
	}
	fmt.Fprintf(out, "sweep: %d ok (%d with a failing check), %d failed, %d already done%s, %d busy elsewhere, %d interrupted\n",
		sum.OK, sum.CheckFailed, sum.Failed, sum.Done, before, sum.Busy, sum.Interrupted)
	switch {
	case (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) && task:
		return &exitError{code: exitRun, err: fmt.Errorf("array task interrupted (scancel, its --time limit, or the node going down); "+
			"finished jobs are kept in %s: rerun 'neurolab sweep slurm %s --out %s ... --submit' to run the unfinished ones", dir, p.Source, dir)}
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return &exitError{code: exitRun, err: fmt.Errorf("sweep interrupted; finished jobs are kept in %s: rerun the same command to resume", dir)}
	case err != nil:
		return &exitError{code: exitRun, err: err}
	case sum.Failed > 0:
		return &exitError{code: exitRun, err: fmt.Errorf("%d job(s) failed (recorded; 'neurolab sweep collect %s' lists them); first: job %d %s (%s): %s",
			sum.Failed, dir, sum.FirstFailedJob.Index, sum.FirstFailure.ID, p.Describe(sum.FirstFailedJob), sum.FirstFailure.Error)}
	case sum.FailedBefore > 0:
		// A rerun that skipped recorded failures has not finished the
		// sweep either: exiting 0 would tell a script it had.
		return &exitError{code: exitRun, err: fmt.Errorf("%d job(s) failed in an earlier run and were not rerun ('neurolab sweep collect %s' lists them; --retry-failed reruns them)",
			sum.FailedBefore, dir)}
	}
	if !task && sum.Busy == 0 {
		fmt.Fprintf(out, "next: neurolab sweep collect %s\n", dir)
	} else if !task {
		fmt.Fprintf(out, "%d job(s) are running in another process (another 'sweep run' or a SLURM task); collect when they finish: neurolab sweep collect %s\n",
			sum.Busy, dir)
	}
	return nil
}

func newSweepRunCmd(exps []experiment.Experiment) *cobra.Command {
	var out string
	var workers int
	var retry bool
	c := &cobra.Command{
		Use:   "run FILE --out DIR",
		Short: "Run a sweep's unfinished jobs on this machine, --workers at a time",
		Long: "Run every unfinished job of the sweep file, --workers jobs at a time, each writing its own\n" +
			"result directory DIR/jobs/ID atomically. Rerunning skips finished jobs and redoes unfinished\n" +
			"ones; two processes on the same DIR never run a job twice. Exit 3 if a job failed.",
		Args: sweepFileArg,
		RunE: func(c *cobra.Command, args []string) error {
			if workers < 1 {
				return badFlag("workers", workers, "an integer ≥ 1")
			}
			if out == "" {
				return requiredErr(c, "--out DIR")
			}
			p, e, store, err := prepareSweep(exps, args[0], out)
			if err != nil {
				return err
			}
			notePlanChange(c.ErrOrStderr(), out, p)
			if err := store.Init(p); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			pending, err := store.Pending(p, retry)
			if err != nil {
				return &exitError{code: exitRun, err: err}
			}
			failedBefore := 0 // jobs recorded as failed that this run skips
			if !retry {
				all, err := store.Pending(p, true)
				if err != nil {
					return &exitError{code: exitRun, err: err}
				}
				failedBefore = len(all) - len(pending)
			}
			stdout := c.OutOrStdout()
			fmt.Fprintf(stdout, "sweep %s: %s, %d to run, %d at a time, results in %s\n",
				p.Experiment, plural(len(p.Jobs), "job"), len(pending), workers, filepath.Join(out, "jobs"))
			update, done := newProgress("sweep " + p.Experiment)
			logJob := jobLogger(stdout, p)

			sum, err := sweep.Run(c.Context(), store, p, e, pending, sweep.Options{
				Parallel: workers, Workers: 1, RetryFailed: retry, Version: version,
				Progress: update,
				// Run calls OnJob and Progress one at a time: erase the
				// bar before a job's line so that the line does not start
				// after it; the bar redraws below.
				OnJob: func(ev sweep.Event) { clearProgressLine(); logJob(ev) },
			})
			done()
			sum.Done += len(p.Jobs) - len(pending) // finished (or failed) before this run
			sum.FailedBefore += failedBefore
			return sweepOutcome(stdout, out, p, sum, err, false)
		},
	}
	c.Flags().StringVar(&out, "out", "", "sweep directory (required)")
	c.Flags().IntVar(&workers, "workers", runtime.NumCPU(), "jobs run at once (each job uses one goroutine)")
	c.Flags().BoolVar(&retry, "retry-failed", false, "also rerun jobs recorded as failed")
	return c
}

func newSweepTaskCmd(exps []experiment.Experiment) *cobra.Command {
	var out, hash string
	var index, chunk, workers int
	var retry bool
	c := &cobra.Command{
		Use:   "task FILE --out DIR --index I",
		Short: "Run one SLURM array task: jobs [I·chunk, (I+1)·chunk) of the sweep (used by 'sweep slurm' scripts)",
		Args:  sweepFileArg,
		RunE: func(c *cobra.Command, args []string) error {
			if workers < 1 {
				return badFlag("workers", workers, "an integer ≥ 1")
			}
			if out == "" {
				return requiredErr(c, "--out DIR")
			}
			p, e, store, err := prepareSweep(exps, args[0], out)
			if err != nil {
				return err
			}
			if hash != "" && hash != p.Hash {
				return usagef("%s changed since the script was written (plan %s, script %s): rerun 'neurolab sweep slurm'", args[0], p.Hash, hash)
			}
			jobs, err := sweep.TaskJobs(p, index, chunk)
			if err != nil {
				return err
			}
			if _, err := sweep.ReadPlan(out); err != nil {
				if err := store.Init(p); err != nil {
					return &exitError{code: exitRun, err: err}
				}
			}
			stdout := c.OutOrStdout()
			host, _ := os.Hostname()
			fmt.Fprintf(stdout, "sweep task %d on %s: jobs %d..%d of %d\n", index, host, jobs[0].Index, jobs[len(jobs)-1].Index, len(p.Jobs))
			sum, err := sweep.Run(c.Context(), store, p, e, jobs, sweep.Options{
				Parallel: 1, Workers: workers, RetryFailed: retry, Version: version, OnJob: jobLogger(stdout, p),
			})
			return sweepOutcome(stdout, out, p, sum, err, true)
		},
	}
	fl := c.Flags()
	fl.StringVar(&out, "out", "", "sweep directory (required)")
	fl.IntVar(&index, "index", -1, "array task index ($SLURM_ARRAY_TASK_ID)")
	fl.IntVar(&chunk, "chunk", 1, "jobs per array task")
	fl.StringVar(&hash, "plan", "", "plan fingerprint the script was written for (refuses an edited sweep file)")
	fl.IntVar(&workers, "workers", 1, "goroutines per job (never changes results)")
	fl.BoolVar(&retry, "retry-failed", false, "also rerun jobs recorded as failed")
	return c
}

type slurmFlags struct {
	out, partition, wall, mem, binary string
	cpus, maxParallel, maxArray       int
	submit, retry                     bool
}

func newSweepSlurmCmd(exps []experiment.Experiment) *cobra.Command {
	var f slurmFlags
	c := &cobra.Command{
		Use:   "slurm FILE --out DIR",
		Short: "Write an sbatch job-array script for the unfinished jobs (and submit it with --submit)",
		Long: "Write DIR/slurm/array.sbatch: one array task per job (or per chunk of jobs when there are more\n" +
			"jobs than the cluster's MaxArraySize), covering only the jobs not finished yet. Each task runs\n" +
			"'neurolab sweep task FILE --out DIR --index $SLURM_ARRAY_TASK_ID'. The binary, FILE and DIR are\n" +
			"written as absolute paths; DIR must be on a filesystem every node shares.",
		Args: sweepFileArg,
		RunE: func(c *cobra.Command, args []string) error {
			return sweepSlurm(c, exps, args[0], f)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.out, "out", "", "sweep directory on a shared filesystem (required)")
	fl.StringVar(&f.partition, "partition", "", "SLURM partition (default: the cluster's)")
	fl.StringVar(&f.wall, "time", "", "wall-time limit per array task, HH:MM:SS (default: the partition's)")
	fl.IntVar(&f.cpus, "cpus-per-task", 1, "CPUs per array task; also each job's --workers")
	fl.StringVar(&f.mem, "mem", "", "memory per array task, e.g. 4G (default: the cluster's)")
	fl.IntVar(&f.maxParallel, "max-parallel", 0, "array tasks running at once (0: no limit)")
	fl.IntVar(&f.maxArray, "max-array-size", 0, "the cluster's MaxArraySize (0: ask scontrol, else 1001)")
	fl.StringVar(&f.binary, "binary", "", "neurolab binary the tasks run (default: this one)")
	fl.BoolVar(&f.submit, "submit", false, "submit the script with sbatch")
	fl.BoolVar(&f.retry, "retry-failed", false, "also rerun jobs recorded as failed")
	return c
}

func sweepSlurm(c *cobra.Command, exps []experiment.Experiment, file string, f slurmFlags) error {
	if f.out == "" {
		return requiredErr(c, "--out DIR")
	}
	o := sweep.SlurmOptions{Partition: f.partition, Time: f.wall, CPUsPerTask: f.cpus, Mem: f.mem,
		MaxParallel: f.maxParallel, MaxArraySize: f.maxArray, RetryFailed: f.retry}
	if o.MaxArraySize == 0 {
		o.MaxArraySize = sweep.DefaultMaxArraySize
		if n, err := sweep.QueryMaxArraySize(); err == nil && n > 0 {
			o.MaxArraySize = n
		}
	}
	if err := o.Check(); err != nil {
		return err
	}
	var err error
	if o.File, err = filepath.Abs(file); err != nil {
		return usagef("%v", err)
	}
	if o.Dir, err = filepath.Abs(f.out); err != nil {
		return usagef("%v", err)
	}
	if strings.ContainsAny(o.Dir, "\"\n") {
		return usagef("--out %q: the script's #SBATCH --output line cannot hold a path with a double quote or a newline; choose another DIR", f.out)
	}
	o.Binary = f.binary
	if o.Binary == "" {
		if o.Binary, err = os.Executable(); err != nil {
			return usagef("cannot find this binary (%v): give --binary", err)
		}
	}
	if o.Binary, err = filepath.Abs(o.Binary); err != nil {
		return usagef("%v", err)
	}
	if resolved, err := filepath.EvalSymlinks(o.Binary); err == nil {
		o.Binary = resolved
	}
	if st, err := os.Stat(o.Binary); err != nil || st.IsDir() {
		return usagef("--binary %s is not a file", o.Binary)
	}
	if goRunBinary(o.Binary) {
		return usagef("%s is the temporary binary of 'go run', deleted when this command ends, so the array tasks could not start it: "+
			"build one (go build -o ~/bin/neurolab ./cmd/neurolab) and run that, or pass --binary", o.Binary)
	}
	var sbatch string
	if f.submit {
		if sbatch, err = exec.LookPath("sbatch"); err != nil {
			return usagef("--submit: sbatch not found in PATH (is this a SLURM login node?)")
		}
	}
	p, e, store, err := prepareSweep(exps, file, o.Dir)
	if err != nil {
		return err
	}
	rel := sweep.RelativePaths(p, e.Meta().Params)
	if len(rel) > 0 {
		// They were checked against this directory; sbatch starts the
		// tasks in the directory it is called from.
		if o.WorkDir, err = os.Getwd(); err != nil {
			return usagef("%s names data by a relative path (%s) and the current directory is unknown (%v): give an absolute path",
				file, strings.Join(rel, ", "), err)
		}
	}
	notePlanChange(c.ErrOrStderr(), f.out, p)
	if err := store.Init(p); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	pending, err := store.Pending(p, f.retry)
	if err != nil {
		return &exitError{code: exitRun, err: err}
	}
	out := c.OutOrStdout()
	if len(pending) == 0 {
		failed, err := store.Pending(p, true)
		if err != nil {
			return &exitError{code: exitRun, err: err}
		}
		note := ""
		if len(failed) > 0 {
			note = fmt.Sprintf(" (%d failed; --retry-failed reruns them)", len(failed))
		}
		all := fmt.Sprintf("all %d jobs of %s have run", len(p.Jobs), file)
		if len(p.Jobs) == 1 {
			all = fmt.Sprintf("the 1 job of %s has run", file)
		}
		fmt.Fprintf(out, "%s%s; nothing to submit. next: neurolab sweep collect %s\n", all, note, f.out)
		return nil
	}
	script, ntasks := sweep.SlurmScript(p, pending, o, time.Now())
	if err := os.MkdirAll(filepath.Join(o.Dir, "slurm", "logs"), 0o755); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	path := filepath.Join(o.Dir, "slurm", "array.sbatch")
	if err := report.WriteFileAtomic(path, []byte(script)); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	os.Chmod(path, 0o755)
	fmt.Fprintf(out, "wrote %s: %d pending job(s) of %d in %d array task(s)\n", path, len(pending), len(p.Jobs), ntasks)
	if len(rel) > 0 {
		fmt.Fprintf(out, "the tasks run in %s, where the sweep file's relative paths (%s) were found\n", o.WorkDir, strings.Join(rel, ", "))
	}
	if !f.submit {
		fmt.Fprintf(out, "submit with: sbatch %s   (or rerun with --submit)\n", path)
		return nil
	}
	cmd := exec.CommandContext(c.Context(), sbatch, "--parsable", path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	id, err := cmd.Output()
	if err != nil {
		// sbatch writes several "sbatch: error: …" lines: one line here.
		msg := strings.Join(strings.Fields(strings.ReplaceAll(stderr.String(), "\n", "; ")), " ")
		return &exitError{code: exitRun, err: fmt.Errorf("sbatch %s: %v: %s", path, err, strings.TrimSuffix(msg, ";"))}
	}
	jobID := strings.TrimSpace(string(id))
	fmt.Fprintf(out, "submitted array job %s; logs in %s; when it is done: neurolab sweep collect %s\n",
		jobID, filepath.Join(o.Dir, "slurm", "logs"), f.out)
	return nil
}

// goRunBinary reports whether path is a binary that 'go run' built in its
// temporary work directory ($TMPDIR/go-build…/b001/exe/NAME).
func goRunBinary(path string) bool {
	dir := filepath.Dir(path)
	return filepath.Base(dir) == "exe" && strings.HasPrefix(filepath.Base(filepath.Dir(filepath.Dir(dir))), "go-build")
}

func newSweepCollectCmd(exps []experiment.Experiment) *cobra.Command {
	return &cobra.Command{
		Use:   "collect DIR",
		Short: "Merge finished jobs into DIR/results.csv, list failed and missing jobs, plot metrics into DIR/index.html",
		Args:  oneArg("a sweep directory DIR", "the --out of 'sweep run' or 'sweep slurm'"),
		RunE: func(c *cobra.Command, args []string) error {
			dir := args[0]
			col, err := sweep.Collect(dir)
			if err != nil {
				return err
			}
			for _, e := range exps {
				if e.Meta().ID == col.Plan.Experiment {
					col.Params = e.Meta().Params
				}
			}
			if err := col.Write(dir); err != nil {
				return &exitError{code: exitRun, err: err}
			}
			out := c.OutOrStdout()
			p := col.Plan
			fmt.Fprintf(out, "sweep %s: %s: %d finished (%d with a failing check), %d failed, %d missing\n",
				p.Experiment, plural(len(col.Rows), "job"), col.OK, col.CheckFailed, col.Failed, col.Missing)
			const maxFailed, maxMissing = 20, 10
			shown := 0
			for _, r := range col.Rows {
				if r.Status == sweep.StatusFailed && shown < maxFailed {
					fmt.Fprintf(out, "  failed  %s  %s  exit %d: %s\n", r.Job.ID, p.Describe(r.Job), r.Record.Exit, r.Record.Error)
					shown++
				}
			}
			if col.Failed > maxFailed {
				fmt.Fprintf(out, "  … and %d more failed job(s)\n", col.Failed-maxFailed)
			}
			shown = 0
			for _, r := range col.Rows {
				if r.Status == sweep.StatusMissing && shown < maxMissing {
					fmt.Fprintf(out, "  missing %s  %s\n", r.Job.ID, p.Describe(r.Job))
					shown++
				}
			}
			if col.Missing > maxMissing {
				fmt.Fprintf(out, "  … and %d more missing job(s) (not run yet, killed, or still running)\n", col.Missing-maxMissing)
			}
			if col.Failed > maxFailed || col.Missing > maxMissing {
				fmt.Fprintf(out, "  (every job and its status: %s)\n", filepath.Join(dir, "jobs.csv"))
			}
			for _, cs := range col.Checks() {
				if cs.Failed > 0 {
					fmt.Fprintf(out, "  check %s failed in %d of %d finished job(s): %s\n", cs.Name, cs.Failed, cs.Passed+cs.Failed, cs.Claim)
				}
			}
			if names, counts := col.Versions(); len(names) > 1 {
				var parts []string
				for _, n := range names {
					parts = append(parts, fmt.Sprintf("%s (%s)", n, plural(counts[n], "job")))
				}
				fmt.Fprintf(c.ErrOrStderr(), "neurolab: warning: the jobs were run by different versions of neurolab: %s; their results may differ (jobs.csv has each job's version)\n",
					strings.Join(parts, ", "))
			}
			if len(col.MissingMetrics) > 0 {
				var names []string
				for _, m := range col.MissingMetrics {
					hint := experiment.DidYouMean(m, col.Available)
					if hint == "" { // a name the metrics extend: quench_ratio → quench_ratio_lin, quench_ratio_sim
						var ext []string
						for _, a := range col.Available {
							if strings.Contains(a, m) && len(ext) < 3 {
								ext = append(ext, strconv.Quote(a))
							}
						}
						if len(ext) > 0 {
							hint = " (did you mean " + strings.Join(ext, " or ") + "?)"
						}
					}
					names = append(names, fmt.Sprintf("%q%s", m, hint))
				}
				avail := col.Available
				more := ""
				if len(avail) > 40 {
					avail, more = avail[:40], fmt.Sprintf(", … (%d in all)", len(col.Available))
				}
				fmt.Fprintf(c.ErrOrStderr(), "neurolab: warning: no finished job has metric(s) %s; the jobs' metrics: %s%s\n",
					strings.Join(names, ", "), strings.Join(avail, ", "), more)
			}
			fmt.Fprintf(out, "wrote %s, %s, %s and %s\n", filepath.Join(dir, "results.csv"), filepath.Join(dir, "columns.csv"),
				filepath.Join(dir, "jobs.csv"), filepath.Join(dir, "index.html"))
			return nil
		},
	}
}
