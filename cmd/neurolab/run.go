package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"neurolab/experiment"
	"neurolab/report"
)

// graceAfterInterrupt is how long run waits, after SIGINT, for the running
// experiment to notice the cancellation before it gives up on it.
const graceAfterInterrupt = 800 * time.Millisecond

type runFlags struct {
	out     string
	seed    uint64
	scale   string
	sets    []string
	workers int
}

func newRunCmd(exps []experiment.Experiment) *cobra.Command {
	var f runFlags
	c := &cobra.Command{
		Use:   "run ID... | all",
		Short: "Run experiments, write results and figures to --out, and rebuild the HTML report",
		Long: "Run experiments, write DIR/ID/result.json and figures, print a one-line verdict per\n" +
			"experiment, and rebuild DIR/index.html.\n\nExperiments: " + strings.Join(ids(exps), ", "),
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return experiment.Inputf("run: an experiment ID, or all, is required (see 'neurolab list')")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			return runExperiments(c, exps, args, f)
		},
	}
	fs := newCmdFlags(c)
	scales := oneOf("quick", "default", "paper")
	fs.String(&f.scale, "scale", "SCALE", "default", "quick: seconds, for tests; default: what 'run all' uses; paper: the paper's own size", &scales)
	fs.fl.StringArrayVar(&f.sets, "set", nil, "override a parameter: NAME=VALUE or ID.NAME=VALUE, repeatable (see 'neurolab params ID')")
	fs.note("set", annMeta, "NAME=VALUE")
	fs.Out(&f.out, "results")
	fs.Seed(&f.seed, "master random seed")
	fs.Int(&f.workers, "workers", "N", 2, "goroutines in all: experiments run side by side and share them; results do not depend on it", intAtLeast(1))
	fs.finish("  neurolab run ssn-variability\n" +
		"  neurolab run ssn-variability --set sigma_E=0.25 --seed 7 --out myrun\n" +
		"  neurolab run all --scale quick --workers 2")
	return c
}

// selectExperiments resolves ids ("all" or experiment ids) to experiments,
// in the order given, without duplicates.
func selectExperiments(exps []experiment.Experiment, args []string) ([]experiment.Experiment, error) {
	var sel []experiment.Experiment
	seen := map[string]bool{}
	for _, a := range args {
		if a == "all" {
			for _, e := range exps {
				if id := e.Meta().ID; !seen[id] {
					seen[id] = true
					sel = append(sel, e)
				}
			}
			continue
		}
		e, err := lookup(exps, a)
		if err != nil {
			return nil, err
		}
		if !seen[a] {
			seen[a] = true
			sel = append(sel, e)
		}
	}
	if len(sel) == 0 {
		return nil, usagef("no experiments to run")
	}
	return sel, nil
}

// checkWritable makes sure dir exists (creating it) and that a file can be
// created in it.
func checkWritable(dir string) error { return checkOut(dir) }

func runExperiments(c *cobra.Command, exps []experiment.Experiment, args []string, f runFlags) error {
	ctx := c.Context()
	stdout, stderr := c.OutOrStdout(), c.ErrOrStderr()
	// Validate everything before any work starts.
	sel, err := selectExperiments(exps, args)
	if err != nil {
		return err
	}
	scale, err := experiment.ParseScale(f.scale)
	if err != nil {
		return badFlag("scale", f.scale, "one of quick, default, paper")
	}
	sets, err := parseSets(f.sets, sel, exps)
	if err != nil {
		return err
	}
	cfgs := make([]experiment.Config, len(sel))
	for i, e := range sel {
		cfgs[i] = experiment.Config{Seed: f.seed, Scale: scale, Set: sets[e.Meta().ID], Workers: f.workers}
		if v, ok := e.(experiment.Validator); ok {
			if err := v.Validate(cfgs[i]); err != nil {
				return usagef("%s: %v", e.Meta().ID, err)
			}
		}
	}
	created := missingDirs(f.out)
	if err := checkWritable(f.out); err != nil {
		return err
	}

	// Experiments run concurrently on up to --workers slots; the slots'
	// goroutines are shared out among them. Neither changes any result.
	slots := min(f.workers, len(sel))
	perExp := max(1, f.workers/slots)
	outcomes := make([]runOutcome, len(sel))
	var mu sync.Mutex // guards stdout, fracs, running, nDone and the progress label
	bar := startProgress(progressLabel(sel))
	fracs := make([]float64, len(sel))
	running := make([]bool, len(sel))
	nDone := 0
	showRunning := func() { // mu is held
		if len(sel) > 1 {
			bar.setDetail(runningLabel(sel, running, nDone))
		}
	}
	showRunning()
	next := 0
	var wg sync.WaitGroup
	for w := 0; w < slots; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				if i >= len(sel) || ctx.Err() != nil {
					mu.Unlock()
					return
				}
				running[i] = true
				showRunning()
				mu.Unlock()
				cfg := cfgs[i]
				cfg.Workers = perExp
				cfg.Progress = func(frac float64) {
					mu.Lock()
					defer mu.Unlock()
					fracs[i] = min(max(frac, fracs[i]), 1)
					sum := 0.0
					for _, v := range fracs {
						sum += v
					}
					bar.update(sum / float64(len(fracs)))
				}
				o := runAndWrite(ctx, sel[i], cfg, f.out)
				mu.Lock()
				fracs[i] = 1
				outcomes[i] = o
				running[i] = false
				if !o.interrupted {
					nDone++
				}
				showRunning()
				if !errors.Is(o.err, experiment.ErrInput) { // reported once, as the usage error below
					bar.above(func() { printVerdict(stdout, sel[i].Meta().ID, o, f.out) })
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	bar.finish()

	nFail, nRunErr := 0, 0
	var firstRunErr error
	var inputErrs []string
	var stopped []string
	nWritten := 0
	for i, o := range outcomes {
		id := sel[i].Meta().ID
		if o.res != nil {
			nWritten++
		}
		switch {
		case o.interrupted || (o.res == nil && o.err == nil):
			stopped = append(stopped, id)
		case o.err != nil && errors.Is(o.err, experiment.ErrInput):
			inputErrs = append(inputErrs, fmt.Sprintf("%s: %v", id, o.err))
		case o.err != nil:
			nRunErr++
			if firstRunErr == nil {
				firstRunErr = fmt.Errorf("%s: %w", id, o.err)
			}
		case !o.res.Pass:
			nFail++
		}
	}
	// The page lists every result DIR holds, so it is rebuilt whenever a
	// result was written, also when the run was interrupted or another
	// experiment was given bad input: the finished results are kept, and
	// index.html must show them.
	if nWritten == 0 {
		// Nothing to show: leave no empty folder behind either.
		removeEmptyDirs(created)
	} else {
		if rs, err := report.Rebuild(f.out, reportOptions(exps)); err == nil {
			fmt.Fprintf(stdout, "report: %s (%s)\n", filepath.Join(f.out, "index.html"), plural(len(rs), "experiment"))
		} else {
			fmt.Fprintf(stderr, "neurolab: %v\n", err)
		}
	}
	// Interrupted only if an experiment was stopped: a Ctrl-C after the last
	// one finished changes nothing.
	if len(stopped) > 0 {
		if nWritten == 0 {
			return &exitError{code: exitRun, err: fmt.Errorf("interrupted; no result written for %s", strings.Join(stopped, ", "))}
		}
		return &exitError{code: exitRun, err: fmt.Errorf("interrupted; no result written for %s; finished results are kept in %s",
			strings.Join(stopped, ", "), f.out)}
	}
	if len(inputErrs) > 0 {
		return usagef("%s", strings.Join(inputErrs, "; "))
	}
	switch {
	case nRunErr == 1:
		return &exitError{code: exitRun, err: firstRunErr}
	case nRunErr > 0:
		return &exitError{code: exitRun, err: fmt.Errorf("%d experiment(s) failed to run; first: %w", nRunErr, firstRunErr)}
	case nFail > 0:
		return &exitError{code: exitFailed, err: fmt.Errorf("%d experiment(s) failed a check", nFail)}
	}
	return nil
}

// runOutcome is what became of one experiment.
type runOutcome struct {
	res         *experiment.Result
	err         error
	interrupted bool
}

// runAndWrite runs e and writes its result into dir.
func runAndWrite(ctx context.Context, e experiment.Experiment, cfg experiment.Config, dir string) runOutcome {
	res, err := runOne(ctx, e, cfg)
	if ctx.Err() != nil {
		return runOutcome{interrupted: true}
	}
	if err == nil {
		err = report.WriteResult(dir, res)
		if errors.Is(err, report.ErrNotFinite) {
			err = fmt.Errorf("%w (a NaN or Inf reached the result: the run is not trustworthy)", err)
		}
	}
	if err != nil {
		return runOutcome{err: err}
	}
	return runOutcome{res: res}
}

// printVerdict prints the one-line verdict of an experiment, followed by one
// line per failed check.
func printVerdict(w io.Writer, id string, o runOutcome, dir string) {
	switch {
	case o.interrupted:
		fmt.Fprintf(w, "STOP  %s  interrupted; no result written\n", id)
		return
	case o.err != nil:
		fmt.Fprintf(w, "ERROR %s  %v\n", id, o.err)
		return
	}
	res := o.res
	passed := 0
	for _, ch := range res.Checks {
		if ch.Pass {
			passed++
		}
	}
	verdict := "PASS "
	if !res.Pass {
		verdict = "FAIL "
	}
	fmt.Fprintf(w, "%s %s  %d/%d checks  %.1f s  %s\n", verdict, id, passed, len(res.Checks), res.Elapsed,
		filepath.Join(dir, id))
	for _, ch := range res.Checks {
		if !ch.Pass {
			v, t := distinctNums(ch.Value, ch.Threshold)
			fmt.Fprintf(w, "      failed %s: %s (got %s, want %s %s)\n", ch.Name, ch.Claim, v, ch.Op, t)
		}
	}
}

// progressLabel labels the progress of a run: the experiment's ID, or "run"
// for several (whose bar shows runningLabel instead).
func progressLabel(sel []experiment.Experiment) string {
	if len(sel) == 1 {
		return sel[0].Meta().ID
	}
	return "run"
}

// runningLabel says how many of the experiments are done and which are
// running: "3/20 done; running: self-healing, pruning", with as many names
// as fit in runLabelMax characters (at least one), then "+N".
func runningLabel(sel []experiment.Experiment, running []bool, nDone int) string {
	const runLabelMax = 44 // leaves room for the bar in 79 columns
	var names []string
	for i, r := range running {
		if r {
			names = append(names, sel[i].Meta().ID)
		}
	}
	s := fmt.Sprintf("%d/%d done", nDone, len(sel))
	for k := len(names); k >= 1; k-- {
		t := s + "; running: " + strings.Join(names[:k], ", ")
		if k < len(names) {
			t += fmt.Sprintf(" +%d", len(names)-k)
		}
		if k == 1 || len(t) <= runLabelMax {
			return t
		}
	}
	return s
}

// missingDirs lists dir and those of its parents that do not exist yet,
// deepest first: the folders that creating dir creates.
func missingDirs(dir string) []string {
	var missing []string
	for p := filepath.Clean(dir); ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil || !os.IsNotExist(err) {
			return missing
		}
		missing = append(missing, p)
		if filepath.Dir(p) == p {
			return missing
		}
	}
}

// removeEmptyDirs removes the folders in dirs, deepest first, as long as
// they are empty.
func removeEmptyDirs(dirs []string) {
	for _, d := range dirs {
		if os.Remove(d) != nil {
			return
		}
	}
}

// runOne runs e, timing it and filling the version. If ctx is cancelled it
// waits at most graceAfterInterrupt for Run to return.
func runOne(ctx context.Context, e experiment.Experiment, cfg experiment.Config) (*experiment.Result, error) {
	ch := make(chan runOutcome, 1)
	start := time.Now()
	go func() {
		defer func() {
			if r := recover(); r != nil {
				ch <- runOutcome{err: fmt.Errorf("panic: %v", r)}
			}
		}()
		res, err := e.Run(ctx, cfg)
		ch <- runOutcome{res: res, err: err}
	}()
	var o runOutcome
	select {
	case o = <-ch:
	case <-ctx.Done():
		select {
		case o = <-ch:
		case <-time.After(graceAfterInterrupt):
			o = runOutcome{err: ctx.Err()}
		}
	}
	if o.err != nil {
		return nil, o.err
	}
	if o.res == nil {
		return nil, fmt.Errorf("no result")
	}
	o.res.Elapsed = time.Since(start).Seconds()
	o.res.Version = version
	return o.res, nil
}

// distinctNums formats a check's value and threshold with 4 significant
// digits, or with as many more as it takes to tell them apart when they
// differ (a value of 50001 against 50000 must not read "5e+04 <= 5e+04").
func distinctNums(v, t float64) (string, string) {
	for prec := 4; prec < 16; prec++ {
		a, b := strconv.FormatFloat(v, 'g', prec, 64), strconv.FormatFloat(t, 'g', prec, 64)
		if a != b || v == t {
			return a, b
		}
	}
	// The shortest forms that read back exactly differ when the numbers do.
	return strconv.FormatFloat(v, 'g', -1, 64), strconv.FormatFloat(t, 'g', -1, 64)
}
