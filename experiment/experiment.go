package experiment

import (
	"context"
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Experiment is one paper's reproduction.
type Experiment interface {
	// Meta describes the experiment: identity, citation and parameters with
	// their defaults at the default scale.
	Meta() Meta
	// Run runs the experiment. It is a pure function of cfg's parameters,
	// seed and scale: results do not depend on cfg.Workers. It honours ctx
	// cancellation and reports progress through cfg.Progress.
	//
	// A bad parameter value yields an error wrapping ErrInput; any other
	// error (divergence, NaN, cancellation) means the run failed.
	Run(ctx context.Context, cfg Config) (*Result, error)
}

// Validator is implemented by experiments that can check a Config for bad
// input (for example an unreadable file named by a parameter) before any work
// starts. The returned error wraps ErrInput.
type Validator interface {
	Validate(cfg Config) error
}

// Meta describes an experiment.
type Meta struct {
	ID       string // kebab-case identifier, e.g. "ssn-variability"
	Title    string // the paper's title
	Citation string // short citation, e.g. "Hennequin et al., Neuron 2018"
	Family   string // dynamics, plasticity, learning, calcium imaging, population analysis
	Claim    string // one sentence: what the reproduction shows
	// About summarises the model or method and the protocol for a reader of
	// the report and of `neurolab about ID`: plain-text paragraphs separated
	// by blank lines, each opening with a label ("Model.", "Protocol.",
	// "Deviations."); a line indented by four spaces is an equation, shown
	// as written. Parameter names are those `neurolab params ID` lists.
	About  string
	Params []Param // parameters with defaults at the default scale
}

// Scale selects the size of a run.
type Scale int

const (
	// Quick is for tests: seconds.
	Quick Scale = iota
	// Default is what `neurolab run all` uses: within each spec's budget.
	Default
	// Paper is the paper's own size: may take hours.
	Paper
)

// Scales lists every scale in order.
var Scales = []Scale{Quick, Default, Paper}

func (s Scale) String() string {
	switch s {
	case Quick:
		return "quick"
	case Default:
		return "default"
	case Paper:
		return "paper"
	}
	return fmt.Sprintf("Scale(%d)", int(s))
}

// ParseScale parses "quick", "default" or "paper".
func ParseScale(s string) (Scale, error) {
	for _, sc := range Scales {
		if s == sc.String() {
			return sc, nil
		}
	}
	return 0, Inputf("unknown scale %q (valid: quick, default, paper)", s)
}

// Config is what a run is given.
type Config struct {
	Seed  uint64 // master seed; every random stream derives from it
	Scale Scale
	// Set holds parameter overrides by name (from --set NAME=VALUE). The
	// experiment applies them over its defaults for Scale with Apply.
	Set map[string]string
	// Workers is the number of goroutines the experiment may use. Results
	// never depend on it. Values < 1 mean 1.
	Workers int
	// Progress, if not nil, is called with the fraction of work done, in
	// [0, 1] and never decreasing (workers finishing together count
	// through num.Tally), from any goroutine. It must be cheap.
	Progress func(frac float64)
}

// Report calls c.Progress if it is set.
func (c Config) Report(frac float64) {
	if c.Progress != nil {
		c.Progress(frac)
	}
}

// NumWorkers returns c.Workers, at least 1.
func (c Config) NumWorkers() int {
	if c.Workers < 1 {
		return 1
	}
	return c.Workers
}

// Result is what a run produces. It is written to DIR/ID/result.json by the
// report package; Figures are rendered next to it.
type Result struct {
	ID       string             `json:"id"`
	Title    string             `json:"title"`
	Citation string             `json:"citation"`
	Seed     uint64             `json:"seed"`
	Scale    string             `json:"scale"`
	Params   map[string]any     `json:"params"`  // flat: float64, int, bool or string values
	Metrics  map[string]float64 `json:"metrics"` // flat numbers; never NaN or Inf
	Checks   []Check            `json:"checks"`
	Figures  []Figure           `json:"-"`
	// FigureFiles lists the PNG files written for Figures, relative to the
	// experiment's directory. The report package fills it.
	FigureFiles []string `json:"figures"`
	// FigureCaptions holds each figure's caption, parallel to FigureFiles.
	FigureCaptions []string `json:"figure_captions,omitempty"`
	Pass           bool     `json:"pass"`
	Elapsed        float64  `json:"elapsed_s"`
	Version        string   `json:"version"`
	// Notes are free-text remarks (for example a claim that did not
	// reproduce, with what was measured).
	Notes []string `json:"notes,omitempty"`
}

// NewResult returns a Result filled with m's identity, cfg's seed and scale,
// and the parameter values of params (a tagged struct, see Describe).
func NewResult(m Meta, cfg Config, params any) *Result {
	r := &Result{
		ID:       m.ID,
		Title:    m.Title,
		Citation: m.Citation,
		Seed:     cfg.Seed,
		Scale:    cfg.Scale.String(),
		Params:   Values(params),
		Metrics:  map[string]float64{},
	}
	return r
}

// Metric records a named metric.
func (r *Result) Metric(name string, v float64) { r.Metrics[name] = v }

// AddCheck appends a check and returns whether it passed.
func (r *Result) AddCheck(c Check) bool {
	r.Checks = append(r.Checks, c)
	return c.Pass
}

// Finish sets Pass to the AND of all checks (false when there are none).
func (r *Result) Finish() {
	r.Pass = len(r.Checks) > 0
	for _, c := range r.Checks {
		r.Pass = r.Pass && c.Pass
	}
}

// Check is one acceptance check: Value Op Threshold.
type Check struct {
	Name      string  `json:"name"`
	Claim     string  `json:"claim"`
	Value     float64 `json:"value"`
	Op        string  `json:"op"` // "<", "<=", ">", ">=", "=="
	Threshold float64 `json:"threshold"`
	Pass      bool    `json:"pass"`
}

// NewCheck builds a check and evaluates it. A NaN value fails every check.
// It panics on an unknown op (a programmer error).
func NewCheck(name, claim string, value float64, op string, threshold float64) Check {
	var pass bool
	switch op {
	case "<":
		pass = value < threshold
	case "<=":
		pass = value <= threshold
	case ">":
		pass = value > threshold
	case ">=":
		pass = value >= threshold
	case "==":
		pass = value == threshold
	default:
		panic(fmt.Sprintf("experiment: unknown check op %q", op))
	}
	return Check{Name: name, Claim: claim, Value: value, Op: op, Threshold: threshold, Pass: pass}
}

// Figure is one figure of a result: a single plot, or a grid of panels
// (Panels[row][col], nil entries left blank). Name is the file stem: the
// report writes Name.png and Name.svg.
type Figure struct {
	Name    string
	Caption string // one sentence: the claim the figure shows
	Plot    *plot.Plot
	Panels  [][]*plot.Plot
	Width   vg.Length // zero means the report's default
	Height  vg.Length
}

// ValidID reports whether id is kebab-case: lower-case letters and digits in
// words joined by single hyphens.
func ValidID(id string) bool {
	if id == "" || strings.HasPrefix(id, "-") || strings.HasSuffix(id, "-") || strings.Contains(id, "--") {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ScaledParams is implemented by experiments whose parameter values depend on
// the scale: ParamsAt returns the parameters with their values at scale s
// (Meta().Params equals ParamsAt(Default)).
type ScaledParams interface {
	ParamsAt(s Scale) []Param
}

// ParamsAt returns e's parameters with their values at scale s: those of
// ParamsAt when e implements ScaledParams, else Meta().Params (the same at
// every scale).
func ParamsAt(e Experiment, s Scale) []Param {
	if sp, ok := e.(ScaledParams); ok {
		return sp.ParamsAt(s)
	}
	return e.Meta().Params
}
