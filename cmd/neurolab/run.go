package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
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
	if err := checkWritable(f.out); err != nil {
		return err
	}

	// Experiments run concurrently on up to --workers slots; the slots'
	// goroutines are shared out among them. Neither changes any result.
	slots := min(f.workers, len(sel))
	perExp := max(1, f.workers/slots)
	outcomes := make([]runOutcome, len(sel))
	var mu sync.Mutex // guards stdout, fracs and the progress bar
	update, done := newProgress(progressLabel(sel))
	fracs := make([]float64, len(sel))
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
				mu.Unlock()
				if i >= len(sel) || ctx.Err() != nil {
					return
				}
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
					update(sum / float64(len(fracs)))
				}
				o := runAndWrite(ctx, sel[i], cfg, f.out)
				mu.Lock()
				fracs[i] = 1
				outcomes[i] = o
				clearProgressLine()
				if !errors.Is(o.err, experiment.ErrInput) { // reported once, as the usage error below
					printVerdict(stdout, sel[i].Meta().ID, o, f.out)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	done()

	nFail, nRunErr := 0, 0
	var firstRunErr error
	var inputErrs []string
	var stopped []string
	for i, o := range outcomes {
		id := sel[i].Meta().ID
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
	if ctx.Err() != nil {
		return &exitError{code: exitRun, err: fmt.Errorf("interrupted; no result written for %s; finished results are kept in %s",
			strings.Join(stopped, ", "), f.out)}
	}
	if len(inputErrs) > 0 {
		return usagef("%s", strings.Join(inputErrs, "; "))
	}
	if nRunErr < len(sel) {
		if rs, err := report.Rebuild(f.out); err == nil {
			fmt.Fprintf(stdout, "report: %s (%s)\n", filepath.Join(f.out, "index.html"), plural(len(rs), "experiment"))
		} else {
			fmt.Fprintf(stderr, "neurolab: %v\n", err)
		}
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
			fmt.Fprintf(w, "      failed %s: %s (got %.4g, want %s %.4g)\n", ch.Name, ch.Claim, ch.Value, ch.Op, ch.Threshold)
		}
	}
}

func progressLabel(sel []experiment.Experiment) string {
	if len(sel) == 1 {
		return sel[0].Meta().ID
	}
	return fmt.Sprintf("%d experiments", len(sel))
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
