package sweep

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"neurolab/experiment"
)

// DefaultMaxArraySize is SLURM's default MaxArraySize (array indices 0 to
// 1000), used when scontrol cannot tell.
const DefaultMaxArraySize = 1001

// SlurmOptions are the settings of an sbatch array script. Binary, File and
// Dir must be absolute paths (Dir on a filesystem every node shares).
type SlurmOptions struct {
	Binary, File, Dir string
	Partition         string // empty: the cluster's default
	Time              string // wall-time limit per array task: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS
	CPUsPerTask       int    // also the --workers of each job
	Mem               string // memory per task, e.g. 4G; empty: the cluster's default
	MaxParallel       int    // array tasks running at once (%K); 0: no limit
	MaxArraySize      int    // the cluster's MaxArraySize
	RetryFailed       bool   // tasks rerun failed jobs too
	// WorkDir, if not empty, is the directory the tasks run in: the one
	// the sweep was planned in, when the sweep file names data by a
	// relative path (RelativePaths). sbatch would otherwise start the
	// tasks wherever it was called from, where such a path names nothing
	// (or another file).
	WorkDir string
}

// RelativePaths returns "NAME=VALUE" for each file or folder parameter of
// p (unit "path" in params) whose value, fixed or swept, is a relative
// path: those resolve against the working directory of whatever runs the
// jobs.
func RelativePaths(p *Plan, params []experiment.Param) []string {
	isPath := map[string]bool{}
	for _, q := range params {
		if q.Unit == "path" {
			isPath[q.Name] = true
		}
	}
	rel := func(v string) bool { return v != "" && !filepath.IsAbs(v) }
	var out []string
	for _, n := range sortedKeys(p.Fixed) {
		if isPath[n] && rel(p.Fixed[n]) {
			out = append(out, n+"="+p.Fixed[n])
		}
	}
	for _, a := range p.Axes {
		if !isPath[a.Name] {
			continue
		}
		for _, v := range a.Values {
			if rel(v) {
				out = append(out, a.Name+"="+v)
			}
		}
	}
	return out
}

var (
	timeRe      = regexp.MustCompile(`^(\d+-)?\d+(:\d{1,2}){0,2}$`)
	memRe       = regexp.MustCompile(`^\d+[KMGT]?$`)
	partitionRe = regexp.MustCompile(`^[A-Za-z0-9_.,-]+$`)
)

// Check validates the options; errors wrap experiment.ErrInput.
func (o SlurmOptions) Check() error {
	switch {
	case o.Time != "" && !timeRe.MatchString(o.Time):
		return experiment.Inputf("--time %q: want HH:MM:SS (or MM, MM:SS, D-HH, D-HH:MM, D-HH:MM:SS)", o.Time)
	case o.Mem != "" && !memRe.MatchString(o.Mem):
		return experiment.Inputf("--mem %q: want a size such as 4000, 500M or 4G", o.Mem)
	case o.Partition != "" && !partitionRe.MatchString(o.Partition):
		return experiment.Inputf("--partition %q: want a partition name", o.Partition)
	case o.CPUsPerTask < 1:
		return experiment.Inputf("--cpus-per-task %d: want an integer >= 1", o.CPUsPerTask)
	case o.MaxParallel < 0:
		return experiment.Inputf("--max-parallel %d: want an integer >= 0 (0: no limit)", o.MaxParallel)
	case o.MaxArraySize < 1:
		return experiment.Inputf("--max-array-size %d: want an integer >= 1", o.MaxArraySize)
	}
	return nil
}

// ChunkSize is the number of jobs per array task so that the plan's nJobs
// fit in array indices 0 … maxArraySize-1.
func ChunkSize(nJobs, maxArraySize int) int {
	if nJobs <= maxArraySize {
		return 1
	}
	return (nJobs + maxArraySize - 1) / maxArraySize
}

// Tasks returns the array task indices whose chunk (jobs [t·chunk,
// (t+1)·chunk) of the plan) holds at least one pending job, ascending.
func Tasks(pending []Job, chunk int) []int {
	var out []int
	for _, j := range pending {
		t := j.Index / chunk
		if len(out) == 0 || out[len(out)-1] != t {
			out = append(out, t)
		}
	}
	return out
}

// ArraySpec formats ascending task indices as an sbatch --array value with
// runs compressed ("0-3,7,9-12"), and "%K" when maxParallel > 0.
func ArraySpec(tasks []int, maxParallel int) string {
	var parts []string
	for i := 0; i < len(tasks); {
		k := i
		for k+1 < len(tasks) && tasks[k+1] == tasks[k]+1 {
			k++
		}
		if k == i {
			parts = append(parts, strconv.Itoa(tasks[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", tasks[i], tasks[k]))
		}
		i = k + 1
	}
	s := strings.Join(parts, ",")
	if maxParallel > 0 {
		s += "%" + strconv.Itoa(maxParallel)
	}
	return s
}

// shellQuote quotes s for bash.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// SlurmScript returns an sbatch script whose array tasks run the chunks of
// p holding the pending jobs, and the number of tasks. Each task runs
// `BINARY sweep task FILE --out DIR --index $SLURM_ARRAY_TASK_ID --chunk C
// --plan HASH`, which skips jobs finished meanwhile.
func SlurmScript(p *Plan, pending []Job, o SlurmOptions, now time.Time) (string, int) {
	chunk := ChunkSize(len(p.Jobs), o.MaxArraySize)
	tasks := Tasks(pending, chunk)
	var b strings.Builder
	b.WriteString("#!/bin/bash\n")
	fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", shellSafe("nl-"+p.Experiment))
	fmt.Fprintf(&b, "#SBATCH --array=%s\n", ArraySpec(tasks, o.MaxParallel))
	fmt.Fprintf(&b, "#SBATCH --output=\"%s/slurm/logs/%%A_%%a.out\"\n", strings.ReplaceAll(o.Dir, "%", "%%"))
	fmt.Fprintf(&b, "#SBATCH --cpus-per-task=%d\n", o.CPUsPerTask)
	fmt.Fprintf(&b, "#SBATCH --ntasks=1\n")
	if o.Partition != "" {
		fmt.Fprintf(&b, "#SBATCH --partition=%s\n", o.Partition)
	}
	if o.Time != "" {
		fmt.Fprintf(&b, "#SBATCH --time=%s\n", o.Time)
	}
	if o.Mem != "" {
		fmt.Fprintf(&b, "#SBATCH --mem=%s\n", o.Mem)
	}
	fmt.Fprintf(&b, "#\n# Written by 'neurolab sweep slurm' at %s.\n", now.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "# Sweep %s: %s, scale %s, %d job%s, %d pending, %d array task(s) of up to %d job(s).\n",
		o.File, p.Experiment, p.Scale, len(p.Jobs), pluralS(len(p.Jobs)), len(pending), len(tasks), chunk)
	b.WriteString("# Each task skips jobs already finished; rerun 'neurolab sweep slurm ... --submit' to resubmit the rest.\n")
	b.WriteString("set -euo pipefail\n")
	if o.WorkDir != "" {
		b.WriteString("# The sweep file names data by relative paths: run where it was planned.\n")
		fmt.Fprintf(&b, "cd %s\n", shellQuote(o.WorkDir))
	}
	retry := ""
	if o.RetryFailed {
		retry = " --retry-failed"
	}
	fmt.Fprintf(&b, "exec %s sweep task %s --out %s --index \"$SLURM_ARRAY_TASK_ID\" --chunk %d --plan %s --workers \"${SLURM_CPUS_PER_TASK:-1}\"%s\n",
		shellQuote(o.Binary), shellQuote(o.File), shellQuote(o.Dir), chunk, p.Hash, retry)
	return b.String(), len(tasks)
}

// shellSafe keeps letters, digits, '-', '_' and '.'.
func shellSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
}

// QueryMaxArraySize asks scontrol for the cluster's MaxArraySize.
func QueryMaxArraySize() (int, error) {
	out, err := exec.Command("scontrol", "show", "config").Output()
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if ok && strings.TrimSpace(k) == "MaxArraySize" {
			return strconv.Atoi(strings.TrimSpace(v))
		}
	}
	return 0, fmt.Errorf("scontrol show config: no MaxArraySize")
}

// TaskJobs returns the jobs of array task index with the given chunk size.
func TaskJobs(p *Plan, index, chunk int) ([]Job, error) {
	if chunk < 1 {
		return nil, experiment.Inputf("--chunk %d: want an integer >= 1", chunk)
	}
	lo := index * chunk
	if index < 0 || lo >= len(p.Jobs) {
		return nil, experiment.Inputf("--index %d: the sweep has %d job(s), so with --chunk %d the index is in [0, %d]",
			index, len(p.Jobs), chunk, (len(p.Jobs)-1)/chunk)
	}
	return p.Jobs[lo:min(lo+chunk, len(p.Jobs))], nil
}

// pluralS returns "s" unless n is 1.
func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
