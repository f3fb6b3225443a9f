package sweep

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"neurolab/experiment"
	"neurolab/report"
)

// GraceAfterInterrupt is how long Run waits, once ctx is cancelled, for the
// running jobs to notice before it abandons them (their results are not
// written either way).
var GraceAfterInterrupt = 800 * time.Millisecond

// Options control Run.
type Options struct {
	Parallel    int                // jobs run at once (>= 1)
	Workers     int                // experiment.Config.Workers of each job (never changes results)
	RetryFailed bool               // rerun jobs recorded as failed
	Version     string             // recorded in result.json and job.json
	Progress    func(frac float64) // fraction of this call's work done, from any goroutine
	// OnJob is called, one call at a time, when a job ends or is skipped.
	OnJob func(Event)
}

// Outcomes of a job in one Run.
const (
	OutcomeOK          = "ok"          // ran and wrote its result
	OutcomeFailed      = "failed"      // ran and failed; the failure is recorded
	OutcomeDone        = "done"        // already finished (or failed) before this run: skipped
	OutcomeBusy        = "busy"        // another process holds its lock: skipped
	OutcomeInterrupted = "interrupted" // ctx was cancelled while it ran: nothing written
)

// Event reports one job's outcome.
type Event struct {
	Job     Job
	Outcome string
	Record  *Record // for ok and failed
	Done    int     // jobs handled so far in this Run, including this one
	Total   int
}

// Summary counts the outcomes of one Run.
type Summary struct {
	Total, OK, Failed, Done, Busy, Interrupted int
	CheckFailed                                int // ok jobs whose checks did not all pass
	// FailedBefore counts the Done jobs skipped because an earlier run
	// recorded them as failed (RetryFailed reruns them).
	FailedBefore int
	// FirstFailure is the record of the failed job first in plan order
	// (not the first to fail, which depends on timing), and FirstFailedJob
	// that job.
	FirstFailure   *Record
	FirstFailedJob Job
}

// Run runs the jobs of plan p (a subset of p.Jobs, in order) with exp,
// p.Parallel at a time, writing each into store. Finished and failed jobs
// are skipped (failed ones rerun with RetryFailed), as are jobs another
// process is running. A job that fails is recorded and the others go on.
// When ctx is cancelled no new job starts and running ones are abandoned
// without a trace. The error is non-nil only when the store cannot be
// written (Run then stops starting jobs) or ctx was cancelled.
func Run(ctx context.Context, store Store, p *Plan, exp experiment.Experiment, jobs []Job, opt Options) (Summary, error) {
	if opt.Parallel < 1 {
		opt.Parallel = 1
	}
	if err := os.MkdirAll(store.jobsDir(), 0o755); err != nil {
		return Summary{}, err
	}
	host, _ := os.Hostname()
	sum := Summary{Total: len(jobs)}

	// Progress: finished jobs count 1, running ones their reported fraction.
	// The sum over the map is taken in its random order, so its rounding
	// can differ from call to call: the fraction reported never goes below
	// the last one.
	var mu sync.Mutex
	partial := map[int]float64{}
	handled := 0
	var lastFrac float64
	var ioErr error
	report1 := func() {
		if opt.Progress == nil || len(jobs) == 0 {
			return
		}
		f := float64(handled)
		for _, v := range partial {
			f += v
		}
		lastFrac = max(lastFrac, min(f/float64(len(jobs)), 1))
		opt.Progress(lastFrac)
	}
	finish := func(j Job, outcome string, rec *Record) {
		mu.Lock()
		defer mu.Unlock()
		delete(partial, j.Index)
		handled++
		switch outcome {
		case OutcomeOK:
			sum.OK++
			if !rec.Pass {
				sum.CheckFailed++
			}
		case OutcomeFailed:
			sum.Failed++
			if sum.FirstFailure == nil || j.Index < sum.FirstFailedJob.Index {
				sum.FirstFailure, sum.FirstFailedJob = rec, j
			}
		case OutcomeDone:
			sum.Done++
			if rec != nil && rec.Status == StatusFailed {
				sum.FailedBefore++
			}
		case OutcomeBusy:
			sum.Busy++
		case OutcomeInterrupted:
			sum.Interrupted++
		}
		if opt.OnJob != nil {
			opt.OnJob(Event{Job: j, Outcome: outcome, Record: rec, Done: handled, Total: len(jobs)})
		}
		report1()
	}
	stopped := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return ioErr != nil || ctx.Err() != nil
	}

	next := make(chan Job)
	var wg sync.WaitGroup
	for w := 0; w < opt.Parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				outcome, rec, err := runJob(ctx, store, p, exp, j, opt, host, func(f float64) {
					mu.Lock()
					if _, running := partial[j.Index]; running && f > partial[j.Index] {
						partial[j.Index] = min(f, 1)
						report1()
					}
					mu.Unlock()
				}, func() {
					mu.Lock()
					partial[j.Index] = 0
					mu.Unlock()
				})
				if err != nil {
					mu.Lock()
					if ioErr == nil {
						ioErr = fmt.Errorf("sweep: job %s: %w", j.ID, err)
					}
					mu.Unlock()
					outcome = OutcomeInterrupted
				}
				finish(j, outcome, rec)
			}
		}()
	}
	for _, j := range jobs {
		if stopped() {
			break
		}
		select {
		case next <- j:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if ioErr != nil {
		return sum, ioErr
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, nil
}

// runJob runs one job under its lock. started is called once the job
// actually starts computing.
func runJob(ctx context.Context, store Store, p *Plan, exp experiment.Experiment, j Job, opt Options, host string,
	progress func(float64), started func()) (string, *Record, error) {
	var before *Record // the record of a job done (or failed) before
	done := func() (bool, error) {
		st, rec, err := store.Status(j.ID)
		before = rec
		return st == StatusOK || st == StatusFailed && !opt.RetryFailed, err
	}
	if d, err := done(); err != nil || d {
		return OutcomeDone, before, err
	}
	if ctx.Err() != nil {
		return OutcomeInterrupted, nil, nil
	}
	unlock, ok, err := tryLock(store.lockPath(j.ID))
	if err != nil {
		return "", nil, err
	}
	if !ok {
		return OutcomeBusy, nil, nil
	}
	defer unlock()
	// Another process may have finished it between the check and the lock.
	if d, err := done(); err != nil || d {
		return OutcomeDone, before, err
	}
	store.cleanTemp(j.ID)
	started()

	cfg := p.Config(j, opt.Workers)
	cfg.Progress = progress
	res, runErr := runExperiment(ctx, exp, cfg)
	if ctx.Err() != nil {
		return OutcomeInterrupted, nil, nil
	}
	rec := &Record{ID: j.ID, Experiment: p.Experiment, Scale: p.Scale, Seed: j.Seed, Set: p.Set(j),
		Host: host, Version: opt.Version}
	if runErr == nil {
		res.Version = opt.Version
		rec.Status, rec.Pass, rec.Elapsed = StatusOK, res.Pass, res.Elapsed
		err := store.commit(p, rec, res)
		if err == nil {
			return OutcomeOK, rec, nil
		}
		if !errors.Is(err, report.ErrNotFinite) {
			return "", nil, err
		}
		runErr = fmt.Errorf("%w (a NaN or Inf reached the result: the run is not trustworthy)", err)
	}
	rec.Status, rec.Pass, rec.Error, rec.Exit = StatusFailed, false, runErr.Error(), 3
	var pe *panicError
	if errors.As(runErr, &pe) {
		rec.Stack = pe.stack
	}
	if errors.Is(runErr, experiment.ErrInput) {
		rec.Exit = 2
	}
	if res != nil {
		rec.Elapsed = res.Elapsed
	}
	if err := store.commit(p, rec, nil); err != nil {
		return "", nil, err
	}
	return OutcomeFailed, rec, nil
}

// panicError is a panic in a job's run: a bug, not a property of the
// parameters. The stack goes into the job's record so the cause can be
// found and reported.
type panicError struct{ msg, stack string }

func (e *panicError) Error() string { return e.msg }

// panicSite returns "function (file:line)" of the frame that panicked in a
// debug.Stack() taken inside the deferred recover: the frame after the
// runtime's panic call.
func panicSite(stack string) string {
	lines := strings.Split(stack, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") && i+3 < len(lines) {
			fn := lines[i+2]
			if k := strings.LastIndex(fn, "("); k > 0 {
				fn = fn[:k]
			}
			file := strings.TrimSpace(lines[i+3])
			if k := strings.LastIndex(file, " +0x"); k > 0 {
				file = file[:k]
			}
			return fn + " (" + filepath.Base(file) + ")"
		}
	}
	return ""
}

// runExperiment runs e like `neurolab run` does: timed, panics turned into
// errors, abandoned GraceAfterInterrupt after ctx is cancelled.
func runExperiment(ctx context.Context, e experiment.Experiment, cfg experiment.Config) (*experiment.Result, error) {
	type outcome struct {
		res *experiment.Result
		err error
	}
	ch := make(chan outcome, 1)
	start := time.Now()
	go func() {
		defer func() {
			if r := recover(); r != nil {
				stack := string(debug.Stack())
				msg := fmt.Sprintf("panic: %v", r)
				if at := panicSite(stack); at != "" {
					msg += " (at " + at + ")"
				}
				ch <- outcome{nil, &panicError{msg: msg, stack: stack}}
			}
		}()
		res, err := e.Run(ctx, cfg)
		ch <- outcome{res, err}
	}()
	var o outcome
	select {
	case o = <-ch:
	case <-ctx.Done():
		select {
		case o = <-ch:
		case <-time.After(GraceAfterInterrupt):
			o = outcome{nil, ctx.Err()}
		}
	}
	if o.err != nil {
		return nil, o.err
	}
	if o.res == nil {
		return nil, fmt.Errorf("no result")
	}
	o.res.Elapsed = time.Since(start).Seconds()
	return o.res, nil
}
