package sweep

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/internal/stats"
	"neurolab/report"
)

// pooledLabel labels the one line of a plot whose other swept parameters
// are pooled.
const pooledLabel = "pooled over the other parameters"

// MaxLines is the most lines (one per combination of the other swept
// parameters) a summary plot draws; beyond it the other parameters are
// pooled into one line.
const MaxLines = 8

// Row is one job of a collection.
type Row struct {
	Job    Job
	Status string
	Record *Record            // nil when missing
	Result *experiment.Result // nil unless ok
}

// Collection is a sweep's jobs with their records and results.
type Collection struct {
	Plan    *Plan
	Rows    []Row    // in plan order
	Metrics []string // the metrics collected, in order
	// MissingMetrics are metrics the sweep file asked for that no finished
	// job has.
	MissingMetrics []string
	// Available are the metrics the finished jobs have, sorted.
	Available           []string
	OK, Failed, Missing int
	CheckFailed         int
	// Params describe the experiment's parameters (units and docs for
	// DIR/columns.csv); the caller fills them in, nil leaves them blank.
	Params []experiment.Param
}

// Collect reads DIR/sweep.json and every job's record and result.
func Collect(dir string) (*Collection, error) {
	p, err := ReadPlan(dir)
	if err != nil {
		return nil, err
	}
	s := Store{dir}
	c := &Collection{Plan: p}
	all := map[string]bool{}
	for _, j := range p.Jobs {
		st, rec, err := s.Status(j.ID)
		if err != nil {
			return nil, err
		}
		r := Row{Job: j, Status: st, Record: rec}
		switch st {
		case StatusOK:
			res, err := report.ReadResult(s.ResultPath(p, j.ID))
			if err != nil {
				return nil, fmt.Errorf("sweep: job %d (%s): %w (delete %s and rerun the sweep to redo this job)",
					j.Index, p.Describe(j), err, s.jobDir(j.ID))
			}
			r.Result = res
			for m := range res.Metrics {
				all[m] = true
			}
			c.OK++
			if !res.Pass {
				c.CheckFailed++
			}
		case StatusFailed:
			c.Failed++
		default:
			c.Missing++
		}
		c.Rows = append(c.Rows, r)
	}
	c.Available = sortedKeys(all)
	if len(p.Metrics) > 0 {
		for _, m := range p.Metrics {
			if all[m] {
				c.Metrics = append(c.Metrics, m)
			} else if c.OK > 0 {
				c.MissingMetrics = append(c.MissingMetrics, m)
			}
		}
	} else {
		c.Metrics = sortedKeys(all)
	}
	return c, nil
}

func fmtAny(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// WriteCSV writes DIR/results.csv (one row per finished job: job id, seed,
// swept parameters, pass, elapsed_s, the metrics, then every other
// parameter) and DIR/jobs.csv (every job with its status and error).
func (c *Collection) WriteCSV(dir string) error {
	p := c.Plan
	axis := map[string]bool{}
	head := []string{"job", "seed"}
	for _, a := range p.Axes {
		axis[a.Name] = true
		head = append(head, a.Name)
	}
	head = append(head, "pass", "failed_checks", "elapsed_s")
	others := map[string]bool{}
	for _, r := range c.Rows {
		if r.Result != nil {
			for k := range r.Result.Params {
				if !axis[k] {
					others[k] = true
				}
			}
		}
	}
	taken := map[string]bool{}
	for _, h := range head {
		taken[h] = true
	}
	for k := range others {
		taken[k] = true
	}
	for _, m := range c.Metrics {
		name := m
		if taken[m] { // a metric named like a parameter
			name = "metric:" + m
		}
		head = append(head, name)
	}
	otherNames := sortedKeys(others)
	head = append(head, otherNames...)

	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(head)
	for _, r := range c.Rows {
		if r.Result == nil {
			continue
		}
		rec := []string{r.Job.ID, strconv.FormatUint(r.Job.Seed, 10)}
		for _, a := range p.Axes {
			rec = append(rec, r.Job.Point[a.Name])
		}
		rec = append(rec, strconv.FormatBool(r.Result.Pass), strings.Join(failedChecks(r.Result), ";"),
			strconv.FormatFloat(r.Result.Elapsed, 'g', 4, 64))
		for _, m := range c.Metrics {
			if v, ok := r.Result.Metrics[m]; ok {
				rec = append(rec, strconv.FormatFloat(v, 'g', -1, 64))
			} else {
				rec = append(rec, "")
			}
		}
		for _, k := range otherNames {
			rec = append(rec, fmtAny(r.Result.Params[k]))
		}
		w.Write(rec)
	}
	w.Flush()
	if err := report.WriteFileAtomic(filepath.Join(dir, "results.csv"), buf.Bytes()); err != nil {
		return err
	}
	if err := report.WriteFileAtomic(filepath.Join(dir, "columns.csv"), c.columns(head, len(p.Axes), otherNames)); err != nil {
		return err
	}

	buf.Reset()
	w = csv.NewWriter(&buf)
	head = []string{"index", "job", "seed"}
	for _, a := range p.Axes {
		head = append(head, a.Name)
	}
	w.Write(append(head, "status", "exit", "error", "version"))
	for _, r := range c.Rows {
		rec := []string{strconv.Itoa(r.Job.Index), r.Job.ID, strconv.FormatUint(r.Job.Seed, 10)}
		for _, a := range p.Axes {
			rec = append(rec, r.Job.Point[a.Name])
		}
		exit, msg, ver := "", "", ""
		if r.Record != nil && r.Status == StatusFailed {
			exit, msg = strconv.Itoa(r.Record.Exit), r.Record.Error
		}
		if r.Record != nil {
			ver = r.Record.Version
		}
		w.Write(append(rec, r.Status, exit, msg, ver))
	}
	w.Flush()
	return report.WriteFileAtomic(filepath.Join(dir, "jobs.csv"), buf.Bytes())
}

// failedChecks returns the names of the checks of res that failed, in
// result order.
func failedChecks(res *experiment.Result) []string {
	var out []string
	for _, ch := range res.Checks {
		if !ch.Pass {
			out = append(out, ch.Name)
		}
	}
	return out
}

// columns returns DIR/columns.csv: for each column of results.csv (head,
// whose swept parameters follow job and seed, and whose last columns are
// the other parameters), what it holds and its unit, so that the table can
// be read without the experiment's documentation.
func (c *Collection) columns(head []string, nAxes int, others []string) []byte {
	params := map[string]experiment.Param{}
	for _, q := range c.Params {
		params[q.Name] = q
	}
	axes := map[string]Axis{}
	for _, a := range c.Plan.Axes {
		axes[a.Name] = a
	}
	claims := map[string]string{}
	for _, r := range c.Rows {
		if r.Result != nil {
			for _, ch := range r.Result.Checks {
				if _, ok := claims[ch.Name]; !ok {
					claims[ch.Name] = ch.Claim
				}
			}
		}
	}
	unit := func(u string) string {
		if u == "-" || u == "1" {
			return "dimensionless"
		}
		return u
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"column", "role", "unit", "description"})
	nMetrics := len(head) - 5 - nAxes - len(others)
	for i, h := range head {
		switch {
		case i == 0:
			w.Write([]string{h, "job", "", "job id: results in jobs/ID/, its record in jobs/ID/job.json"})
		case i == 1:
			w.Write([]string{h, "seed", "", "random seed of the run (neurolab run --seed)"})
		case i < 2+nAxes:
			q := params[h]
			w.Write([]string{h, "swept parameter", unit(axes[h].Unit), q.Doc})
		case h == "pass":
			w.Write([]string{h, "verdict", "", "true when every acceptance check of the run passed"})
		case h == "failed_checks":
			w.Write([]string{h, "verdict", "", "names of the checks that failed, separated by ';' (index.html lists their claims)"})
		case h == "elapsed_s":
			w.Write([]string{h, "time", "s", "wall-clock time of the run (depends on the machine; not a result)"})
		case i < 5+nAxes+nMetrics:
			name := strings.TrimPrefix(h, "metric:")
			desc := "metric of " + c.Plan.Experiment + " (result.json \"metrics\"; its unit is not recorded)"
			if cl, ok := claims[name]; ok {
				desc += "; checked: " + cl
			}
			w.Write([]string{h, "metric", "", desc})
		default:
			q := params[h]
			role := "parameter"
			if _, fixed := c.Plan.Fixed[h]; fixed {
				role = "parameter ([set] in the sweep file)"
			}
			w.Write([]string{h, role, unit(q.Unit), q.Doc})
		}
	}
	w.Flush()
	return buf.Bytes()
}

// Stat is a mean and its standard error over n values.
type Stat struct {
	X         float64
	Mean, SEM float64
	N         int
}

// meanSEM returns the mean and the standard error of the mean (sample SD
// with n-1, over √n; 0 for a single value).
func meanSEM(v []float64) (mean, sem float64) {
	mean, sd := stats.MeanSD(v)
	if len(v) < 2 {
		return mean, 0
	}
	return mean, sd / math.Sqrt(float64(len(v)))
}

// Line is one curve of a summary plot: for each value of the swept
// parameter, the metric's mean ± s.e.m. over the finished jobs (the seeds)
// at that value and at the line's values of the other parameters.
type Line struct {
	Label  string // "n=500, g=2"; empty with no other axis; "pooled" when pooled
	Points []Stat // in the axis order; X is the value, or its position for a non-numeric axis
}

// Summary computes metric m against axis a (an index into Plan.Axes).
func (c *Collection) Summary(m string, a int) []Line {
	p := c.Plan
	ax := p.Axes[a]
	var others []Axis
	for k, o := range p.Axes {
		if k != a {
			others = append(others, o)
		}
	}
	combo := func(j Job) string {
		var parts []string
		for _, o := range others {
			parts = append(parts, o.Name+"="+j.Point[o.Name])
		}
		return strings.Join(parts, ", ")
	}
	var labels []string
	seen := map[string]bool{}
	for _, j := range p.Jobs {
		if l := combo(j); !seen[l] {
			seen[l] = true
			labels = append(labels, l)
		}
	}
	pooled := len(labels) > MaxLines
	if pooled {
		labels = []string{pooledLabel}
	}
	vals := map[string]map[string][]float64{} // label -> axis value -> metric values
	for _, l := range labels {
		vals[l] = map[string][]float64{}
	}
	for _, r := range c.Rows {
		if r.Result == nil {
			continue
		}
		v, ok := r.Result.Metrics[m]
		if !ok {
			continue
		}
		l := labels[0]
		if !pooled {
			l = combo(r.Job)
		}
		x := r.Job.Point[ax.Name]
		vals[l][x] = append(vals[l][x], v)
	}
	var out []Line
	for _, l := range labels {
		ln := Line{Label: l}
		for k, x := range ax.Values {
			v := vals[l][x]
			if len(v) == 0 {
				continue
			}
			pos := float64(k)
			if ax.Numeric() {
				pos, _ = strconv.ParseFloat(x, 64)
			}
			mean, sem := meanSEM(v)
			ln.Points = append(ln.Points, Stat{X: pos, Mean: mean, SEM: sem, N: len(v)})
		}
		if len(ln.Points) > 0 {
			out = append(out, ln)
		}
	}
	return out
}

// Versions counts the finished and failed jobs by the neurolab version
// that ran them, in order of first appearance. More than one means that the
// sweep was resumed with another build, whose results may differ.
func (c *Collection) Versions() (names []string, counts map[string]int) {
	counts = map[string]int{}
	for _, r := range c.Rows {
		if r.Record == nil {
			continue
		}
		v := r.Record.Version
		if v == "" {
			v = "unknown"
		}
		if counts[v] == 0 {
			names = append(names, v)
		}
		counts[v]++
	}
	return names, counts
}

// CheckSummary is how one acceptance check fared over the finished jobs.
type CheckSummary struct {
	Name           string
	Claim          string // as the first job where it failed words it (else the first job)
	Passed, Failed int
	// FailedAt lists the grid points where it failed, in plan order, as
	// "s=0.9 n=400: 2 of 3 seeds".
	FailedAt []string
}

// Checks summarises every check of the finished jobs, in the order they
// first appear.
func (c *Collection) Checks() []CheckSummary {
	var out []CheckSummary
	idx := map[string]int{}
	type tally struct{ fail, all int }
	at := map[string]map[string]*tally{} // check -> grid point -> counts
	var points []string                  // grid points in plan order
	seenPoint := map[string]bool{}
	for _, r := range c.Rows {
		if r.Result == nil {
			continue
		}
		pt := c.Plan.DescribePoint(r.Job)
		if !seenPoint[pt] {
			seenPoint[pt] = true
			points = append(points, pt)
		}
		for _, ch := range r.Result.Checks {
			i, ok := idx[ch.Name]
			if !ok {
				i = len(out)
				idx[ch.Name] = i
				out = append(out, CheckSummary{Name: ch.Name, Claim: ch.Claim})
				at[ch.Name] = map[string]*tally{}
			}
			t := at[ch.Name][pt]
			if t == nil {
				t = &tally{}
				at[ch.Name][pt] = t
			}
			t.all++
			if ch.Pass {
				out[i].Passed++
			} else {
				if out[i].Failed == 0 { // a claim's numbers can depend on the parameters: quote a failing job's
					out[i].Claim = ch.Claim
				}
				out[i].Failed++
				t.fail++
			}
		}
	}
	for i := range out {
		for _, pt := range points {
			if t := at[out[i].Name][pt]; t != nil && t.fail > 0 {
				out[i].FailedAt = append(out[i].FailedAt, fmt.Sprintf("%s: %d of %d seed(s)", pt, t.fail, t.all))
			}
		}
	}
	return out
}

// Gap counts the planned jobs at one value of a swept parameter that have
// no point in the plot of a metric.
type Gap struct {
	Failed   int // the run failed (no result)
	Missing  int // not run yet, killed, or running
	NoMetric int // finished, but its result has no such metric
}

// Gaps returns, for metric m and each value of axis a (an index into
// Plan.Axes) that has any, the jobs missing from the plot of m against a.
func (c *Collection) Gaps(m string, a int) map[string]Gap {
	name := c.Plan.Axes[a].Name
	out := map[string]Gap{}
	for _, r := range c.Rows {
		x := r.Job.Point[name]
		g := out[x]
		switch {
		case r.Status == StatusFailed:
			g.Failed++
		case r.Result == nil:
			g.Missing++
		default:
			if _, ok := r.Result.Metrics[m]; ok {
				continue
			}
			g.NoMetric++
		}
		out[x] = g
	}
	return out
}

// gapCaption describes the gaps of a plot against axis ax in words, or ""
// when every planned job is in it.
func gapCaption(ax Axis, gaps map[string]Gap) string {
	where := func(pick func(Gap) int) (int, string) {
		n := 0
		var at []string
		for _, x := range ax.Values {
			if k := pick(gaps[x]); k > 0 {
				n += k
				at = append(at, x)
			}
		}
		if len(at) > 6 {
			at = append(at[:5], "…", at[len(at)-1])
		}
		return n, ax.Name + " = " + strings.Join(at, ", ")
	}
	var parts []string
	if n, at := where(func(g Gap) int { return g.Failed }); n > 0 {
		parts = append(parts, fmt.Sprintf("%d failed job(s), marked ✕ (at %s; see Failed jobs)", n, at))
	}
	if n, at := where(func(g Gap) int { return g.Missing }); n > 0 {
		parts = append(parts, fmt.Sprintf("%d job(s) not run or not finished yet (at %s)", n, at))
	}
	if n, at := where(func(g Gap) int { return g.NoMetric }); n > 0 {
		parts = append(parts, fmt.Sprintf("%d finished job(s) without this metric (at %s)", n, at))
	}
	if len(parts) == 0 {
		return ""
	}
	return " Not in the plot: " + strings.Join(parts, "; ") + "."
}

// kebab turns a metric or parameter name into a figure-name fragment.
func kebab(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// Figures draws each collected metric against each swept parameter.
func (c *Collection) Figures() []experiment.Figure {
	p := c.Plan
	var figs []experiment.Figure
	used := map[string]bool{}
	for _, m := range c.Metrics {
		for a, ax := range p.Axes {
			lines := c.Summary(m, a)
			if len(lines) == 0 {
				continue
			}
			gaps := c.Gaps(m, a)
			over, titleOver := "seeds", "seeds"
			if lines[0].Label == pooledLabel {
				over = fmt.Sprintf("seeds and over the values of the other swept parameters (more than %d combinations, so pooled)", MaxLines)
				titleOver = "seeds and other parameters"
			}
			xlabel := ax.Name
			if ax.Unit != "" && ax.Unit != "-" {
				xlabel += " (" + ax.Unit + ")"
			}
			pl := fig.New(fmt.Sprintf("%s against %s: mean ± s.e.m. over %s", m, ax.Name, titleOver), xlabel, m)
			if !ax.Numeric() {
				pl.NominalX(ax.Values...)
			} else if logAxis(ax) {
				pl.X.Scale = plot.LogScale{}
				pl.X.Tick.Marker = plot.LogTicks{Prec: -1}
			}
			logX := ax.Numeric() && logAxis(ax)
			// Lines are dodged sideways a little so that their error bars
			// do not hide each other.
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, ln := range lines {
				for _, s := range ln.Points {
					lo, hi = min(lo, s.X), max(hi, s.X)
				}
			}
			dodge := 0.0
			if len(lines) > 1 && !logX {
				dodge = 0.012 * (hi - lo)
			}
			for i, ln := range lines {
				x, y, e := make([]float64, len(ln.Points)), make([]float64, len(ln.Points)), make([]float64, len(ln.Points))
				off := dodge * (float64(i) - float64(len(lines)-1)/2)
				for k, s := range ln.Points {
					x[k], y[k], e[k] = s.X+off, s.Mean, s.SEM
				}
				fig.Line(pl, x, y, "", fig.Color(i))
				fig.ErrorPoints(pl, x, y, e, ln.Label, fig.Color(i))
			}
			// The x axis spans every value of the grid, so that values
			// without a result (failed or not run) are visibly empty.
			var failedX []float64
			for k, x := range ax.Values {
				pos := float64(k)
				if ax.Numeric() {
					pos, _ = strconv.ParseFloat(x, 64)
				}
				pl.X.Min, pl.X.Max = min(pl.X.Min, pos), max(pl.X.Max, pos)
				if gaps[x].Failed > 0 {
					failedX = append(failedX, pos)
				}
			}
			thrNote := ""
			if op, thr, ok := c.checkThreshold(m); ok {
				if sym, ok := opSymbols[op]; ok {
					op = sym
				}
				fig.HLine(pl, thr, pl.X.Min, pl.X.Max, fmt.Sprintf("check %s: %s %s", m, op, fmtNum(thr)), thresholdColor)
				thrNote = fmt.Sprintf(" The dashed line is the threshold of the check %s (%s %s).", m, op, fmtNum(thr))
			}
			pad(pl, logX, !ax.Numeric())
			if len(failedX) > 0 {
				// A cross on the bottom margin at each value where a job
				// failed: the failure is part of the result.
				y := make([]float64, len(failedX))
				for i := range y {
					y[i] = pl.Y.Min + 0.02*(pl.Y.Max-pl.Y.Min)
				}
				sc := fig.Points(pl, failedX, y, "failed job(s): no result", failColor)
				sc.GlyphStyle.Shape = draw.CrossGlyph{}
				sc.GlyphStyle.Radius = vg.Points(4)
			}
			pl.Y.Tick.Marker = distinctTicks{}
			if ax.Numeric() && !logX {
				pl.X.Tick.Marker = distinctTicks{}
			}
			name := kebab(m) + "-vs-" + kebab(ax.Name)
			for k := 2; used[name]; k++ {
				name = fmt.Sprintf("%s-vs-%s-%d", kebab(m), kebab(ax.Name), k)
			}
			used[name] = true
			figs = append(figs, experiment.Figure{Name: name, Plot: pl,
				Caption: fmt.Sprintf("%s against %s; points are means over %s at each value, bars one standard error.%s%s",
					m, ax.Name, over, thrNote, gapCaption(ax, gaps))})
		}
	}
	return figs
}

// failColor marks failed jobs in the summary plots; thresholdColor draws
// a check's threshold.
var (
	failColor      = color.RGBA{R: 0xb3, G: 0x26, B: 0x1e, A: 0xff}
	thresholdColor = color.Gray{Y: 0x70}
)

// opSymbols print a check's op as a claim would.
var opSymbols = map[string]string{"<=": "≤", ">=": "≥", "==": "="}

// checkThreshold returns the op and threshold of the check that tests
// metric m itself: a check named m whose value is the metric's, with the
// same op and threshold in every finished job that has m. ok is false when
// there is no such check, or its threshold depends on the parameters.
func (c *Collection) checkThreshold(m string) (op string, thr float64, ok bool) {
	for _, r := range c.Rows {
		if r.Result == nil {
			continue
		}
		v, has := r.Result.Metrics[m]
		if !has {
			continue
		}
		var ch *experiment.Check
		for i := range r.Result.Checks {
			if r.Result.Checks[i].Name == m {
				ch = &r.Result.Checks[i]
				break
			}
		}
		if ch == nil || ch.Value != v || ok && (ch.Op != op || ch.Threshold != thr) {
			return "", 0, false
		}
		op, thr, ok = ch.Op, ch.Threshold, true
	}
	return op, thr, ok
}

// distinctTicks are gonum's default ticks, labelled with as many
// significant digits as it takes to tell them apart (the default labels
// repeat on a narrow range such as 1.001 … 1.004).
type distinctTicks struct{}

func (distinctTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for prec := 3; prec <= 15; prec++ {
		seen := map[string]bool{}
		ok := true
		for _, t := range ts {
			if t.Label == "" {
				continue
			}
			if seen[t.Label] {
				ok = false
				break
			}
			seen[t.Label] = true
		}
		if ok {
			return ts
		}
		for i := range ts {
			if ts[i].Label != "" {
				ts[i].Label = strconv.FormatFloat(ts[i].Value, 'g', prec, 64)
			}
		}
	}
	return ts
}

// pad widens the axes of pl by 5% of their range (a factor of 1.25 on a log
// axis, half a category on a nominal one) so that no point sits on a frame.
func pad(pl *plot.Plot, logX, nominal bool) {
	switch {
	case nominal:
		pl.X.Min, pl.X.Max = pl.X.Min-0.5, pl.X.Max+0.5
	case logX:
		pl.X.Min, pl.X.Max = pl.X.Min/1.25, pl.X.Max*1.25
	default:
		d := 0.05 * (pl.X.Max - pl.X.Min)
		if d == 0 {
			d = max(0.05*math.Abs(pl.X.Min), 0.5)
		}
		pl.X.Min, pl.X.Max = pl.X.Min-d, pl.X.Max+d
	}
	d := 0.05 * (pl.Y.Max - pl.Y.Min)
	if d == 0 {
		d = max(0.05*math.Abs(pl.Y.Min), 0.5)
	}
	pl.Y.Min, pl.Y.Max = pl.Y.Min-d, pl.Y.Max+d
}

// logAxis reports whether a numeric axis spans two decades or more of
// positive values.
func logAxis(a Axis) bool {
	lo, hi := math.Inf(1), 0.0
	for _, s := range a.Values {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v <= 0 {
			return false
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	return hi/lo >= 100
}

// Write writes the CSV tables, the summary plots (DIR/plots/*.png and .svg)
// and DIR/index.html.
func (c *Collection) Write(dir string) error {
	if err := c.WriteCSV(dir); err != nil {
		return err
	}
	figs := c.Figures()
	plots := filepath.Join(dir, "plots")
	if err := os.MkdirAll(plots, 0o755); err != nil {
		return err
	}
	files, err := report.WriteFigures(plots, figs)
	if err != nil {
		return err
	}
	removeStalePlots(plots, figs)
	var fv []figView
	for i, f := range files {
		fv = append(fv, figView{Src: "plots/" + f, SVG: "plots/" + strings.TrimSuffix(f, ".png") + ".svg", Caption: figs[i].Caption})
	}
	var buf bytes.Buffer
	if err := indexTmpl.Execute(&buf, c.view(fv)); err != nil {
		return err
	}
	return report.WriteFileAtomic(filepath.Join(dir, "index.html"), buf.Bytes())
}

// removeStalePlots removes the summary plots an earlier collect wrote to
// dir that this one did not (a metric or a swept parameter dropped from the
// sweep file), so that DIR/plots holds only the current plots.
func removeStalePlots(dir string, figs []experiment.Figure) {
	keep := map[string]bool{}
	for _, f := range figs {
		keep[f.Name] = true
	}
	for _, ext := range []string{".png", ".svg"} {
		ms, _ := filepath.Glob(filepath.Join(dir, "*-vs-*"+ext))
		for _, m := range ms {
			if !keep[strings.TrimSuffix(filepath.Base(m), ext)] {
				os.Remove(m)
			}
		}
	}
}

type figView struct{ Src, SVG, Caption string }

type jobView struct {
	Index      int
	ID, Params string
	Exit       int
	Error      string
}

type pageView struct {
	*Collection
	Figs        []figView
	Grid        []string
	FixedSet    []string
	FailedJobs  []jobView
	MissingJobs []jobView
	MoreMissing int
	Total       int
	Checks      []checkView
	SeedStats   []seedStat // when nothing is swept
	Versions    string     // "v1 (10 jobs), v2 (1 job)" when jobs were run by more than one version
}

type seedStat struct {
	Metric, Mean, SEM string
	N                 int
}

type checkView struct {
	CheckSummary
	MoreFailedAt int
}

func (c *Collection) view(figs []figView) pageView {
	v := pageView{Collection: c, Figs: figs, Total: len(c.Rows)}
	for _, a := range c.Plan.Axes {
		unit := ""
		if a.Unit != "" && a.Unit != "-" && a.Unit != "1" {
			unit = " " + a.Unit
		}
		v.Grid = append(v.Grid, fmt.Sprintf("%s ∈ {%s}%s", a.Name, strings.Join(a.Values, ", "), unit))
	}
	if names, counts := c.Versions(); len(names) > 1 {
		var parts []string
		for _, n := range names {
			parts = append(parts, fmt.Sprintf("%s (%d job%s)", n, counts[n], pluralS(counts[n])))
		}
		v.Versions = strings.Join(parts, ", ")
	}
	if len(c.Plan.Axes) == 0 {
		for _, m := range c.Metrics {
			var vs []float64
			for _, r := range c.Rows {
				if r.Result != nil {
					if v, ok := r.Result.Metrics[m]; ok {
						vs = append(vs, v)
					}
				}
			}
			if len(vs) > 0 {
				mean, sem := meanSEM(vs)
				v.SeedStats = append(v.SeedStats, seedStat{Metric: m, Mean: strconv.FormatFloat(mean, 'g', 6, 64),
					SEM: strconv.FormatFloat(sem, 'g', 3, 64), N: len(vs)})
			}
		}
	}
	for _, cs := range c.Checks() {
		cv := checkView{CheckSummary: cs}
		if len(cv.FailedAt) > 12 {
			cv.MoreFailedAt = len(cv.FailedAt) - 12
			cv.FailedAt = cv.FailedAt[:12]
		}
		v.Checks = append(v.Checks, cv)
	}
	for _, k := range sortedKeys(c.Plan.Fixed) {
		v.FixedSet = append(v.FixedSet, k+"="+c.Plan.Fixed[k])
	}
	for _, r := range c.Rows {
		jv := jobView{Index: r.Job.Index, ID: r.Job.ID, Params: c.Plan.Describe(r.Job)}
		switch r.Status {
		case StatusFailed:
			jv.Exit, jv.Error = r.Record.Exit, r.Record.Error
			v.FailedJobs = append(v.FailedJobs, jv)
		case StatusMissing:
			if len(v.MissingJobs) < 50 {
				v.MissingJobs = append(v.MissingJobs, jv)
			} else {
				v.MoreMissing++
			}
		}
	}
	return v
}

var indexTmpl = template.Must(template.New("sweep").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>neurolab sweep: {{.Plan.Experiment}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#222;line-height:1.4}
table{border-collapse:collapse;margin:0.5em 0 1em} th,td{border-bottom:1px solid #ddd;padding:0.25em 0.6em;text-align:left;vertical-align:top}
th{background:#f4f4f4} .fail{color:#b3261e;font-weight:600} .pass{color:#0a7a33;font-weight:600}
.figs{display:flex;flex-wrap:wrap;gap:1em} figure{margin:0;max-width:100%} figure img{max-width:560px;width:100%;border:1px solid #eee}
figcaption{font-size:0.9em;color:#444;max-width:560px} .warn{background:#fff8e1;border-left:4px solid #f0b400;padding:0.4em 0.8em}
</style></head><body>
<h1>neurolab sweep: {{.Plan.Experiment}}</h1>
<p>scale {{.Plan.Scale}} &middot; {{len .Plan.Seeds}} seed(s) per grid point &middot; {{.Total}} jobs:
<span class="pass">{{.OK}} finished</span>{{if .CheckFailed}} ({{.CheckFailed}} with a failing check){{end}},
{{if .Failed}}<span class="fail">{{.Failed}} failed</span>{{else}}0 failed{{end}}, {{.Missing}} missing</p>
<ul>{{range .Grid}}<li>{{.}}</li>{{end}}{{if .FixedSet}}<li>fixed: {{range .FixedSet}}{{.}} {{end}}</li>{{end}}</ul>
<p>Tables: <a href="results.csv">results.csv</a> (one row per finished job) &middot; <a href="jobs.csv">jobs.csv</a> (every job and its status)
&middot; <a href="columns.csv">columns.csv</a> (what each column of results.csv holds, and its unit).
Each job's result, figures and record are in <code>jobs/ID/</code>.</p>
{{if .Versions}}<div class="warn">The jobs were run by different versions of neurolab: {{.Versions}}. Results of different versions may differ; rerun the older jobs (delete their <code>jobs/ID</code>) for a uniform sweep.</div>{{end}}
{{if .MissingMetrics}}<div class="warn">No finished job has the metric(s): {{range .MissingMetrics}}{{.}} {{end}}</div>{{end}}
{{if .FailedJobs}}<h2>Failed jobs</h2><table><tr><th>#</th><th>job</th><th>parameters</th><th>exit</th><th>error</th></tr>
{{range .FailedJobs}}<tr><td>{{.Index}}</td><td><a href="jobs/{{.ID}}/job.json">{{.ID}}</a></td><td>{{.Params}}</td><td>{{.Exit}}</td><td>{{.Error}}</td></tr>
{{end}}</table>{{end}}
{{if .Checks}}<h2>Acceptance checks</h2>
<p>A job whose checks fail is still a result: its metrics are in the plots and in results.csv (columns <code>pass</code> and <code>failed_checks</code>).</p>
<table><tr><th>check</th><th>claim (as worded for the first job where it failed)</th><th>passed</th><th>failed</th><th>failed at</th></tr>
{{range .Checks}}<tr><td>{{.Name}}</td><td>{{.Claim}}</td><td>{{.Passed}}</td><td>{{if .Failed}}<span class="fail">{{.Failed}}</span>{{else}}0{{end}}</td>
<td>{{range .FailedAt}}{{.}}<br>{{end}}{{if .MoreFailedAt}}and {{.MoreFailedAt}} more grid point(s) (see results.csv){{end}}</td></tr>
{{end}}</table>{{end}}
{{if .MissingJobs}}<h2>Missing jobs</h2><p>Not run yet, killed, or still running: rerun the same <code>sweep run</code> or <code>sweep slurm … --submit</code> command to run them.</p><table><tr><th>#</th><th>job</th><th>parameters</th></tr>
{{range .MissingJobs}}<tr><td>{{.Index}}</td><td>{{.ID}}</td><td>{{.Params}}</td></tr>
{{end}}</table>{{if .MoreMissing}}<p>and {{.MoreMissing}} more (see jobs.csv)</p>{{end}}{{end}}
{{if .SeedStats}}<h2>Metrics over seeds</h2><p>Nothing is swept, so there are no plots: the mean ± s.e.m. of each metric over the finished jobs.</p>
<table><tr><th>metric</th><th>mean</th><th>s.e.m.</th><th>jobs</th></tr>
{{range .SeedStats}}<tr><td>{{.Metric}}</td><td>{{.Mean}}</td><td>{{.SEM}}</td><td>{{.N}}</td></tr>
{{end}}</table>{{else}}<h2>Metrics against the swept parameters</h2>{{end}}
<div class="figs">{{range .Figs}}<figure><a href="{{.Src}}"><img src="{{.Src}}" alt="{{.Caption}}" loading="lazy"></a>
<figcaption>{{.Caption}} (<a href="{{.SVG}}">SVG</a>)</figcaption></figure>{{end}}</div>
</body></html>
`))
