package sweep

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"neurolab/experiment"
	"neurolab/report"
)

// Job statuses.
const (
	StatusOK      = "ok"      // the run finished and its result is written (its checks may fail)
	StatusFailed  = "failed"  // the run failed (diverged, NaN, panic, bad input); Record.Error says why
	StatusMissing = "missing" // not run yet, killed, or running
)

// Store is the layout of a sweep directory DIR:
//
//	DIR/sweep.json                 the plan (written by sweep run and sweep slurm)
//	DIR/jobs/ID/job.json           the job's record (status, error, seed, overrides)
//	DIR/jobs/ID/EXPERIMENT/        result.json and figures, as `neurolab run` writes them
//	DIR/jobs/ID.lock               held while a process runs the job
//	DIR/jobs/.tmp-ID-*             a job being written (renamed to DIR/jobs/ID when complete)
//	DIR/results.csv, jobs.csv, plots/, index.html   written by collect
//	DIR/slurm/                     sbatch script and task logs
type Store struct{ Dir string }

// Record is DIR/jobs/ID/job.json. A job directory appears only complete
// (it is renamed into place), so a Record with status ok means its
// result.json is there too.
type Record struct {
	ID         string            `json:"id"`
	Experiment string            `json:"experiment"`
	Scale      string            `json:"scale"`
	Seed       uint64            `json:"seed"`
	Set        map[string]string `json:"set"`
	Status     string            `json:"status"`
	Error      string            `json:"error,omitempty"`
	Exit       int               `json:"exit,omitempty"` // the exit status `neurolab run` would give: 2 bad input, 3 run failed
	Pass       bool              `json:"pass"`
	Elapsed    float64           `json:"elapsed_s"`
	Stack      string            `json:"stack,omitempty"` // the goroutine stack of a run that panicked (a bug: report it)
	Host       string            `json:"host,omitempty"`
	Version    string            `json:"version,omitempty"`
}

func (s Store) jobsDir() string             { return filepath.Join(s.Dir, "jobs") }
func (s Store) jobDir(id string) string     { return filepath.Join(s.Dir, "jobs", id) }
func (s Store) lockPath(id string) string   { return filepath.Join(s.Dir, "jobs", id+".lock") }
func (s Store) planPath() string            { return filepath.Join(s.Dir, "sweep.json") }
func (s Store) recordPath(id string) string { return filepath.Join(s.jobDir(id), "job.json") }

// ResultPath is the result.json of a finished job.
func (s Store) ResultPath(p *Plan, id string) string {
	return filepath.Join(s.jobDir(id), p.Experiment, "result.json")
}

// Init creates DIR/jobs and writes the plan to DIR/sweep.json.
func (s Store) Init(p *Plan) error {
	if err := os.MkdirAll(s.jobsDir(), 0o755); err != nil {
		return err
	}
	return report.WriteJSON(s.planPath(), p)
}

// ReadPlan reads DIR/sweep.json.
func ReadPlan(dir string) (*Plan, error) {
	data, err := os.ReadFile(Store{dir}.planPath())
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, experiment.Inputf("%s is not a sweep directory (no sweep.json; run 'neurolab sweep run' or 'sweep slurm' first)", dir)
		}
		return nil, experiment.Inputf("sweep: %v", err)
	}
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, experiment.Inputf("sweep: %s: %v", Store{dir}.planPath(), err)
	}
	return &p, nil
}

// Record returns the record of job id, or nil if the job has none (not run
// yet, killed, or running).
func (s Store) Record(id string) (*Record, error) {
	data, err := os.ReadFile(s.recordPath(id))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r Record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("sweep: %s: %w", s.recordPath(id), err)
	}
	return &r, nil
}

// Status returns the status of job id. A record that says ok but whose
// result.json is gone (deleted by hand, or a copy of DIR made while the
// sweep ran, such as an rsync from the cluster) counts as missing, so that a
// rerun redoes the job instead of collect failing on it.
func (s Store) Status(id string) (string, *Record, error) {
	r, err := s.Record(id)
	if err != nil || r == nil {
		return StatusMissing, nil, err
	}
	if r.Status == StatusOK {
		if _, err := os.Stat(filepath.Join(s.jobDir(id), r.Experiment, "result.json")); errors.Is(err, os.ErrNotExist) {
			return StatusMissing, nil, nil
		}
	}
	return r.Status, r, nil
}

// Pending returns the jobs of p that still need a run: those without a
// record, and failed ones if retryFailed.
func (s Store) Pending(p *Plan, retryFailed bool) ([]Job, error) {
	var out []Job
	for _, j := range p.Jobs {
		st, _, err := s.Status(j.ID)
		if err != nil {
			return nil, err
		}
		if st == StatusMissing || st == StatusFailed && retryFailed {
			out = append(out, j)
		}
	}
	return out, nil
}

// commit writes a job's record (and, for a finished run, its result and
// figures) into a temporary directory and renames it to DIR/jobs/ID. The
// caller holds the job's lock.
func (s Store) commit(p *Plan, rec *Record, res *experiment.Result) error {
	tmp, err := os.MkdirTemp(s.jobsDir(), ".tmp-"+rec.ID+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if res != nil {
		if err := report.WriteResult(tmp, res); err != nil {
			return err
		}
	}
	if err := report.WriteJSON(filepath.Join(tmp, "job.json"), rec); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	final := s.jobDir(rec.ID)
	if err := os.RemoveAll(final); err != nil { // a failed record being retried
		return err
	}
	return os.Rename(tmp, final)
}

// cleanTemp removes what a killed run of job id left behind. The caller
// holds the job's lock, so no live process is writing these.
func (s Store) cleanTemp(id string) {
	ms, _ := filepath.Glob(filepath.Join(s.jobsDir(), ".tmp-"+id+"-*"))
	for _, m := range ms {
		if strings.HasPrefix(filepath.Base(m), ".tmp-"+id+"-") {
			os.RemoveAll(m)
		}
	}
}
