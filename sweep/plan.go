package sweep

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"

	"neurolab/experiment"
)

// MaxJobs bounds the number of jobs of one sweep file: beyond it a typo in a
// range (a step of 1e-6) is more likely than intent.
const MaxJobs = 100000

// Plan is a validated sweep: the experiment, scale, fixed overrides, grid
// axes, seeds and the jobs they expand to. It is written to DIR/sweep.json
// so that collect needs nothing but DIR.
type Plan struct {
	Experiment string            `json:"experiment"`
	Scale      string            `json:"scale"`
	Source     string            `json:"source,omitempty"` // the sweep file, as given
	Fixed      map[string]string `json:"set"`              // overrides common to every job (canonical values)
	Axes       []Axis            `json:"grid"`             // swept parameters, outermost first
	Seeds      []uint64          `json:"seeds"`
	Metrics    []string          `json:"metrics,omitempty"` // metrics to collect; empty means all
	Jobs       []Job             `json:"jobs"`
	// Hash fingerprints the job list (ids in order): a SLURM task checks it
	// so that an edited sweep file cannot shift the jobs under a submitted
	// array.
	Hash string `json:"hash"`
}

// Axis is one swept parameter and its values (canonical strings, in the
// order of the sweep file).
type Axis struct {
	Name   string   `json:"name"`
	Kind   string   `json:"kind"` // float, int, bool or string (experiment.Param.Kind)
	Unit   string   `json:"unit"`
	Values []string `json:"values"`
}

// Numeric reports whether the axis values are numbers.
func (a Axis) Numeric() bool { return a.Kind == "float" || a.Kind == "int" }

// Job is one run: a grid point and a seed. Index is its position in the
// plan (grid points in row-major order of the axes, seeds innermost).
type Job struct {
	Index int               `json:"index"`
	ID    string            `json:"id"`
	Seed  uint64            `json:"seed"`
	Point map[string]string `json:"point"` // axis name -> canonical value
}

// Set returns the overrides of job j: the plan's fixed overrides and the
// job's grid point.
func (p *Plan) Set(j Job) map[string]string {
	out := make(map[string]string, len(p.Fixed)+len(j.Point))
	for k, v := range p.Fixed {
		out[k] = v
	}
	for k, v := range j.Point {
		out[k] = v
	}
	return out
}

// Config returns the experiment configuration of job j.
func (p *Plan) Config(j Job, workers int) experiment.Config {
	sc, _ := experiment.ParseScale(p.Scale)
	return experiment.Config{Seed: j.Seed, Scale: sc, Set: p.Set(j), Workers: workers}
}

// DescribePoint returns "s=0.5 n=500" for the grid point of job j, axes in
// plan order ("every job" when nothing is swept).
func (p *Plan) DescribePoint(j Job) string {
	parts := make([]string, 0, len(p.Axes))
	for _, a := range p.Axes {
		parts = append(parts, a.Name+"="+j.Point[a.Name])
	}
	if len(parts) == 0 {
		return "every job"
	}
	return strings.Join(parts, " ")
}

// Describe returns "s=0.5 n=500 seed=3" for job j, axes in plan order.
func (p *Plan) Describe(j Job) string {
	var b strings.Builder
	for _, a := range p.Axes {
		fmt.Fprintf(&b, "%s=%s ", a.Name, j.Point[a.Name])
	}
	fmt.Fprintf(&b, "seed=%d", j.Seed)
	return b.String()
}

// sweepFile is the TOML document. Every field is decoded as any so that a
// value of the wrong type gets a message that says what the key takes
// instead of the TOML decoder's Go type names.
type sweepFile struct {
	Experiment any `toml:"experiment"`
	Scale      any `toml:"scale"`
	Seeds      any `toml:"seeds"`
	Metrics    any `toml:"metrics"`
	Set        any `toml:"set"`
	Grid       any `toml:"grid"`
}

// topLevelKeys are the keys of a sweep file outside its tables.
var topLevelKeys = map[string]bool{"experiment": true, "scale": true, "seeds": true, "metrics": true}

// afterTableHint explains a top-level key found inside [set] or [grid]:
// TOML reads every key after a [table] header as part of that table, so
// `seeds = 5` written below [grid] is not the sweep's seeds.
func afterTableHint(table, name string) string {
	return fmt.Sprintf("%s is a top-level key, but TOML reads every key below a [%s] header as part of that table: "+
		"move the line %s = … above [set] and [grid]", name, table, name)
}

// tomlType names the TOML type of a decoded value, for messages.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("a %T", v)
}

// ParseFile reads and validates the sweep file at path; see Parse.
func ParseFile(path string, exps []experiment.Experiment) (*Plan, experiment.Experiment, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, experiment.Inputf("sweep file: %v", err)
	}
	return Parse(data, path, exps)
}

// Parse validates a sweep file (named name in messages) against the
// experiments exps and expands it into a plan. Every error wraps
// experiment.ErrInput and names the offending entry: an unknown key,
// experiment or parameter, a value the parameter does not accept, a
// malformed range, duplicate values, or a job the experiment's Validator
// rejects.
func Parse(data []byte, name string, exps []experiment.Experiment) (*Plan, experiment.Experiment, error) {
	bad := func(format string, args ...any) error {
		// One line whatever the file holds (TOML strings may hold line
		// breaks; the values are quoted where they appear, see show).
		msg := strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(fmt.Sprintf(format, args...))
		return experiment.Inputf("sweep file %s: %s", name, msg)
	}
	var f sweepFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, nil, bad("line %d: %s", pe.Position.Line, pe.Message)
		}
		return nil, nil, bad("%v", err)
	}
	for _, k := range md.Undecoded() {
		if k[0] != "grid" && k[0] != "set" && !topLevelKeys[k[0]] { // their contents are checked below
			return nil, nil, bad("unknown key %q (valid: experiment, scale, seeds, metrics, [set], [grid])", k.String())
		}
	}
	set, err := table("set", f.Set)
	if err != nil {
		return nil, nil, bad("%v", err)
	}
	grid, err := table("grid", f.Grid)
	if err != nil {
		return nil, nil, bad("%v", err)
	}
	expID, err := stringKey("experiment", f.Experiment,
		"one experiment id from 'neurolab list', e.g. experiment = \"sparse-lowrank\" (a sweep file sweeps one experiment: write one file per experiment)")
	if err != nil {
		return nil, nil, bad("%v", err)
	}
	if expID == "" {
		for _, t := range []struct {
			name string
			m    map[string]any
		}{{"set", set}, {"grid", grid}} {
			if _, ok := t.m["experiment"]; ok {
				return nil, nil, bad("no experiment: %s", afterTableHint(t.name, "experiment"))
			}
		}
		return nil, nil, bad("no experiment (want experiment = \"ID\")")
	}
	scaleName, err := stringKey("scale", f.Scale, "quick, default or paper, e.g. scale = \"quick\"")
	if err != nil {
		return nil, nil, bad("%v", err)
	}
	metrics, err := stringList("metrics", f.Metrics)
	if err != nil {
		return nil, nil, bad("%v", err)
	}
	var exp experiment.Experiment
	var known []string
	for _, e := range exps {
		known = append(known, e.Meta().ID)
		if e.Meta().ID == expID {
			exp = e
		}
	}
	if exp == nil {
		return nil, nil, bad("unknown experiment %q%s (known: %s)", expID, experiment.DidYouMean(expID, known), strings.Join(known, ", "))
	}
	meta := exp.Meta()
	if scaleName == "" {
		scaleName = experiment.Default.String()
	}
	scale, err := experiment.ParseScale(scaleName)
	if err != nil {
		return nil, nil, bad("scale: %v", err)
	}
	params := map[string]experiment.Param{}
	pathParams := map[string]bool{} // file or folder names (unit "path")
	for _, p := range meta.Params {
		params[p.Name] = p
		pathParams[p.Name] = p.Unit == "path"
	}
	lookup := func(where, n string) (experiment.Param, error) {
		p, ok := params[n]
		if !ok {
			table := strings.Trim(where, "[]")
			switch {
			case topLevelKeys[n]:
				return p, bad("%s: %s", where, afterTableHint(table, n))
			case n == "seed":
				return p, bad("%s: seed is not a parameter of %s: the sweep's seeds are the top-level key seeds = N (seeds 1..N) "+
					"or seeds = [a, b, …], written above [set] and [grid]", where, meta.ID)
			}
			names := make([]string, 0, len(params))
			for k := range params {
				names = append(names, k)
			}
			sort.Strings(names)
			return p, bad("%s: unknown parameter %q%s for %s (valid: %s)", where, n, experiment.DidYouMean(n, names), meta.ID, strings.Join(names, ", "))
		}
		return p, nil
	}

	plan := &Plan{Experiment: meta.ID, Scale: scale.String(), Source: name, Fixed: map[string]string{}}

	// Fixed overrides.
	for _, n := range sortedKeys(set) {
		p, err := lookup("[set]", n)
		if err != nil {
			return nil, nil, err
		}
		if _, isList := set[n].([]any); isList {
			return nil, nil, bad("set.%s: [set] takes one value per parameter; a list of values to sweep goes in [grid]", n)
		}
		s, err := scalarString(set[n])
		if err != nil {
			return nil, nil, bad("set.%s: %v", n, err)
		}
		c, err := canonical(p, s)
		if err != nil {
			return nil, nil, bad("set.%s = %s: %v", n, show(s), err)
		}
		plan.Fixed[n] = c
	}

	// Grid axes, in the order of the file.
	var order []string
	seen := map[string]bool{}
	for _, k := range md.Keys() {
		if len(k) == 2 && k[0] == "grid" && !seen[k[1]] {
			seen[k[1]] = true
			order = append(order, k[1])
		}
	}
	for _, n := range sortedKeys(grid) { // keys md did not list (should not happen)
		if !seen[n] {
			order = append(order, n)
		}
	}
	for _, n := range order {
		where := "grid." + n
		p, err := lookup("[grid]", n)
		if err != nil {
			return nil, nil, err
		}
		if _, dup := plan.Fixed[n]; dup {
			return nil, nil, bad("%s: parameter %q is both in [set] and in [grid]", where, n)
		}
		raw, err := expandValues(p, grid[n])
		if err != nil {
			return nil, nil, bad("%s: %v", where, err)
		}
		if len(raw) == 0 {
			return nil, nil, bad("%s: no values", where)
		}
		ax := Axis{Name: n, Kind: p.Kind, Unit: p.Unit}
		have := map[string]int{}
		for i, s := range raw {
			c, err := canonical(p, s)
			if err != nil {
				return nil, nil, bad("%s[%d] = %s: %v", where, i, show(s), err)
			}
			if j, ok := have[c]; ok {
				return nil, nil, bad("%s: value %s appears twice (entries %d and %d)", where, c, j, i)
			}
			have[c] = i
			ax.Values = append(ax.Values, c)
		}
		plan.Axes = append(plan.Axes, ax)
	}

	// Seeds.
	plan.Seeds, err = parseSeeds(f.Seeds)
	if err != nil {
		return nil, nil, bad("seeds: %v", err)
	}

	// Metrics.
	ms := map[string]bool{}
	for _, m := range metrics {
		if strings.TrimSpace(m) == "" || ms[m] {
			return nil, nil, bad("metrics: empty or repeated name %q", m)
		}
		ms[m] = true
	}
	plan.Metrics = metrics

	// Expand: axes row-major (first axis outermost), seeds innermost.
	n := len(plan.Seeds)
	for _, a := range plan.Axes {
		if n > MaxJobs/len(a.Values) {
			return nil, nil, bad("more than %d jobs", MaxJobs)
		}
		n *= len(a.Values)
	}
	idx := make([]int, len(plan.Axes))
	for g := 0; g < n/len(plan.Seeds); g++ {
		point := map[string]string{}
		for k, a := range plan.Axes {
			point[a.Name] = a.Values[idx[k]]
		}
		for _, seed := range plan.Seeds {
			j := Job{Index: len(plan.Jobs), Seed: seed, Point: point}
			j.ID = jobID(plan.Experiment, plan.Scale, plan.Set(j), seed, pathParams)
			plan.Jobs = append(plan.Jobs, j)
		}
		for k := len(idx) - 1; k >= 0; k-- {
			idx[k]++
			if idx[k] < len(plan.Axes[k].Values) {
				break
			}
			idx[k] = 0
		}
	}

	// Cross-parameter checks the experiment can make before running.
	if v, ok := exp.(experiment.Validator); ok {
		checked := map[string]bool{} // Validate per grid point, not per seed
		for _, j := range plan.Jobs {
			key := plan.Describe(Job{Point: j.Point})
			if checked[key] {
				continue
			}
			checked[key] = true
			if err := v.Validate(plan.Config(j, 1)); err != nil {
				return nil, nil, bad("job %d (%s): %v", j.Index, plan.Describe(j), err)
			}
		}
	}
	plan.Hash = planHash(plan.Jobs)
	return plan, exp, nil
}

// jobID hashes what determines a job's result: experiment, scale, overrides
// (canonical values, sorted by name) and seed. A file or folder parameter
// (isPath) is hashed as its absolute path, so that "imgs" and "./imgs" are
// one job, and the same relative name from another directory is another.
func jobID(exp, scale string, set map[string]string, seed uint64, isPath map[string]bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "neurolab sweep job v1\nexperiment=%s\nscale=%s\nseed=%d\n", exp, scale, seed)
	for _, k := range sortedKeys(set) {
		v := set[k]
		if isPath[k] && v != "" {
			if abs, err := filepath.Abs(v); err == nil {
				fmt.Fprintf(h, "set %s=path:%s\n", k, abs)
				continue
			}
		}
		fmt.Fprintf(h, "set %s=%s\n", k, v)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func planHash(jobs []Job) string {
	h := sha256.New()
	for _, j := range jobs {
		fmt.Fprintln(h, j.ID)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// canonical parses s as a value of p and formats it back, so that "5e-1"
// and "0.5" give the same job.
func canonical(p experiment.Param, s string) (string, error) {
	v, err := experiment.Parse(p, s)
	if err != nil {
		return "", err
	}
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case int:
		return strconv.Itoa(x), nil
	case bool:
		return strconv.FormatBool(x), nil
	case string:
		return x, nil
	}
	return fmt.Sprint(v), nil
}

// show is s as it appears in a message: as is, or quoted when it is empty
// or holds a line break or other control character.
func show(s string) string {
	if s == "" || strings.ContainsFunc(s, unicode.IsControl) {
		return strconv.Quote(s)
	}
	return s
}

// scalarString formats a TOML scalar (integer, float, boolean, string).
func scalarString(v any) (string, error) {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", fmt.Errorf("%v is not a finite number", x)
		}
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	case string:
		return x, nil
	}
	return "", fmt.Errorf("want a number, boolean or string, got %s", tomlType(v))
}

// expandValues turns a grid entry into value strings: a list of scalars, or
// a range table {from, to, step} (inclusive, linear) or {from, to, num,
// log} (num values, linear or geometric).
func expandValues(p experiment.Param, v any) ([]string, error) {
	switch x := v.(type) {
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			s, err := scalarString(e)
			if err != nil {
				return nil, fmt.Errorf("entry %d: %v", i, err)
			}
			out[i] = s
		}
		return out, nil
	case map[string]any:
		return expandRange(p, x)
	}
	if s, err := scalarString(v); err == nil {
		// A single value is a one-value axis, except under the name of a
		// top-level key: `seeds = 5` written below [grid] means the sweep's
		// seeds, not a parameter of that name (sparse-lowrank has one).
		if topLevelKeys[p.Name] {
			return nil, fmt.Errorf("a single value %s: if you meant the sweep's own %s, %s; for the parameter %s, put %s = %s in [set] or write a list (%s = [%s])",
				show(s), p.Name, afterTableHint("grid", p.Name), p.Name, p.Name, show(s), p.Name, show(s))
		}
		return []string{s}, nil
	}
	return nil, fmt.Errorf("want a list of values or a range {from, to, step} or {from, to, num[, log]}, got %s", tomlType(v))
}

func expandRange(p experiment.Param, r map[string]any) ([]string, error) {
	for k := range r {
		switch k {
		case "from", "to", "step", "num", "log":
		default:
			return nil, fmt.Errorf("unknown range key %q (valid: from, to, step, num, log)", k)
		}
	}
	if p.Kind != "float" && p.Kind != "int" {
		return nil, fmt.Errorf("a range needs a numeric parameter; %s is %s", p.Name, p.Kind)
	}
	num := func(k string) (float64, bool, error) {
		v, ok := r[k]
		if !ok {
			return 0, false, nil
		}
		switch x := v.(type) {
		case int64:
			return float64(x), true, nil
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, true, fmt.Errorf("range %s = %v is not finite", k, x)
			}
			return x, true, nil
		}
		return 0, true, fmt.Errorf("range %s: want a number, got %s", k, tomlType(v))
	}
	from, okF, err := num("from")
	if err != nil {
		return nil, err
	}
	to, okT, err := num("to")
	if err != nil {
		return nil, err
	}
	step, okS, err := num("step")
	if err != nil {
		return nil, err
	}
	count, okN, err := num("num")
	if err != nil {
		return nil, err
	}
	logScale := false
	if v, ok := r["log"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return nil, fmt.Errorf("range log: want true or false")
		}
		logScale = b
	}
	if !okF || !okT || okS == okN {
		return nil, fmt.Errorf("a range needs from, to and exactly one of step or num")
	}
	var vals []float64
	if okS {
		if logScale {
			return nil, fmt.Errorf("log = true goes with num, not step")
		}
		if step == 0 || (to-from)/step < 0 {
			return nil, fmt.Errorf("step %g does not lead from %g to %g", step, from, to)
		}
		// Counted in floating point first: (to − from)/step may exceed
		// every int (or be +Inf when to − from overflows).
		if math.Floor((to-from)/step+1e-9)+1 > MaxJobs {
			return nil, fmt.Errorf("range gives more than %d values", MaxJobs)
		}
		n := int(math.Floor((to-from)/step+1e-9)) + 1
		for i := 0; i < n; i++ {
			vals = append(vals, from+float64(i)*step)
		}
		if r := (to - from) / step; math.Abs(r-math.Round(r)) > 1e-9 {
			return nil, missedEnd(p, from, to, step, vals)
		}
	} else {
		n := int(count)
		if float64(n) != count || n < 1 || n > MaxJobs {
			return nil, fmt.Errorf("num = %g: want an integer in [1, %d]", count, MaxJobs)
		}
		if logScale && !(from > 0 && to > 0) {
			return nil, fmt.Errorf("log range needs from > 0 and to > 0")
		}
		for i := 0; i < n; i++ {
			t := 0.0
			if n > 1 {
				t = float64(i) / float64(n-1)
			}
			switch {
			case logScale && math.IsInf(to/from, 0): // a ratio beyond float64
				vals = append(vals, math.Exp((1-t)*math.Log(from)+t*math.Log(to)))
			case logScale:
				vals = append(vals, from*math.Pow(to/from, t))
			case math.IsInf(to-from, 0): // a span beyond float64: weigh the ends instead
				vals = append(vals, (1-t)*from+t*to)
			default:
				vals = append(vals, from+t*(to-from))
			}
		}
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		if p.Kind == "int" && logScale {
			v = math.Round(v)
		}
		// 12 significant digits remove the float noise of from+i·step.
		out[i] = strconv.FormatFloat(v, 'g', 12, 64)
	}
	return out, nil
}

// missedEnd is the error of a range {from, to, step} whose step does not
// reach to (the range is inclusive): it lists the values the range would give
// and suggests a num that does reach to, when its values suit the parameter.
func missedEnd(p experiment.Param, from, to, step float64, vals []float64) error {
	hint := ""
	if n := len(vals) + 1; n <= MaxJobs {
		alt := make([]float64, n)
		whole := true
		for i := range alt {
			alt[i] = from + float64(i)/float64(n-1)*(to-from)
			whole = whole && alt[i] == math.Trunc(alt[i])
		}
		if p.Kind == "float" || whole {
			hint = fmt.Sprintf(" (num = %d gives %s)", n, listValues(alt))
		}
	}
	if span := to - from; hint == "" && span == math.Trunc(span) && step == math.Trunc(step) && math.Abs(span) <= MaxJobs {
		// An integer range: the divisor of to − from nearest to step (the
		// larger one on a tie).
		best := 0.0
		for d := 1.0; d <= math.Abs(span); d++ {
			if math.Mod(span, d) == 0 && (best == 0 || math.Abs(d-math.Abs(step)) <= math.Abs(best-math.Abs(step))) {
				best = d
			}
		}
		hint = fmt.Sprintf(" (step = %s gives %d values)", fmtNum(math.Copysign(best, step)), int(math.Abs(span)/best)+1)
	}
	return fmt.Errorf("step %s does not reach to = %s: the range gives %s, but it is inclusive; "+
		"want a step that divides to − from = %s, or num instead of step%s",
		fmtNum(step), fmtNum(to), listValues(vals), fmtNum(to-from), hint)
}

// listValues formats vs as "a, b, c", or "a, b, c, …, z (N values)" when
// there are more than 6.
func listValues(vs []float64) string {
	var parts []string
	if len(vs) > 6 {
		for _, v := range vs[:3] {
			parts = append(parts, fmtNum(v))
		}
		return strings.Join(parts, ", ") + ", …, " + fmtNum(vs[len(vs)-1]) + fmt.Sprintf(" (%d values)", len(vs))
	}
	for _, v := range vs {
		parts = append(parts, fmtNum(v))
	}
	return strings.Join(parts, ", ")
}

// fmtNum formats v as a range value is formatted (12 significant digits).
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', 12, 64) }

// parseSeeds reads seeds = N (seeds 1..N) or seeds = [a, b, ...]; absent
// means seed 1.
func parseSeeds(v any) ([]uint64, error) {
	switch x := v.(type) {
	case nil:
		return []uint64{1}, nil
	case int64:
		if x < 1 || x > MaxJobs {
			return nil, fmt.Errorf("%d: want a count in [1, %d] or a list of seeds", x, MaxJobs)
		}
		out := make([]uint64, x)
		for i := range out {
			out[i] = uint64(i + 1)
		}
		return out, nil
	case []any:
		if len(x) == 0 {
			return nil, fmt.Errorf("empty list")
		}
		if len(x) > MaxJobs {
			return nil, fmt.Errorf("%d seeds, more than the %d jobs a sweep may have", len(x), MaxJobs)
		}
		seen := map[int64]bool{}
		var out []uint64
		for i, e := range x {
			s, ok := e.(int64)
			if !ok || s < 0 {
				return nil, fmt.Errorf("entry %d = %v: want a non-negative integer", i, e)
			}
			if seen[s] {
				return nil, fmt.Errorf("seed %d appears twice", s)
			}
			seen[s] = true
			out = append(out, uint64(s))
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a count (seeds = 5 means 1..5) or a list of seeds (seeds = [3, 7, 11]), got %s", tomlType(v))
}

// table returns the table [name] of the file (nil if absent).
func table(name string, v any) (map[string]any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return x, nil
	}
	return nil, fmt.Errorf("%s: want a table ([%s] followed by NAME = VALUE lines), got %s", name, name, tomlType(v))
}

// stringKey returns the string value of a top-level key ("" if absent).
func stringKey(name string, v any, want string) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	}
	return "", fmt.Errorf("%s: want %s, got %s", name, want, tomlType(v))
}

// stringList returns the list of strings of a top-level key (nil if absent).
func stringList(name string, v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	x, ok := v.([]any)
	if !ok {
		if s, isString := v.(string); isString {
			return nil, fmt.Errorf("%s: want a list of names, e.g. %s = [%q], got a string", name, name, s)
		}
		return nil, fmt.Errorf("%s: want a list of names, e.g. %s = [\"NAME\", …], got %s", name, name, tomlType(v))
	}
	out := make([]string, len(x))
	for i, e := range x {
		s, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("%s[%d]: want a name in quotes, got %s", name, i, tomlType(e))
		}
		out[i] = s
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
