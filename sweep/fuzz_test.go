package sweep

import (
	"errors"
	"strings"
	"testing"

	"neurolab/experiment"
)

// FuzzParse parses arbitrary sweep files for an experiment with float, int,
// bool and string parameters and a Validator: errors are one-line input
// errors naming the file; a plan has len(seeds) × Π len(axis values) ≤
// MaxJobs jobs with distinct ids whose overrides the experiment accepts,
// and parsing again gives the same hash.
func FuzzParse(f *testing.F) {
	for _, src := range []string{
		"experiment = \"test-exp\"\nscale = \"quick\"\nseeds = 3\nmetrics = [\"y\"]\n[set]\ng = 2\n[grid]\ns = [0.5, 0.25]\nn = {from = 100, to = 300, step = 100}\n",
		"experiment = \"test-exp\"\n[grid]\ns = {from = 0, to = 0.9, num = 4}\n",
		"experiment = \"test-exp\"\n[grid]\ng = {from = 1, to = 100, num = 3, log = true}\n",
		"experiment = \"test-exp\"\n[grid]\nn = {from = 300, to = 100, step = -100}\nmode = [\"a\", \"c\"]\non = [true, false]\n",
		"experiment = \"test-exp\"\n[grid]\ns = {from = 0, to = 1, step = 0.3}\n",
		"experiment = \"test-exp\"\n[grid]\nn = {from = 1, to = 10, step = 4}\n",
		"experiment = \"test-exp\"\nseeds = [3, 7]\n[grid]\nn = [1, 3]\n",
		"experiment = \"test-exp\"\n[grid]\ns = [0.5]\nseeds = 5\n",
		"experiment = \"test-exp\"\n[set]\nmode = \"\"\"a\nb\"\"\"\n",
		"experiment = \"test-exp\"\n[grid]\ng = {from = 0, to = 1e300, step = 1e-300}\n",
		"experiment = \"test-exp\"\n[grid]\ng = {from = -1e308, to = 1e308, num = 3}\n",
		"experiment = \"test-exp\"\nseeds = 1000\n[grid]\ng = {from = 0, to = 1000, step = 1}\n",
		"experiment = \"test-exp\"\n[grid\n",
		"experiment = \"tset-exp\"\n",
		"[grid]\n\"a\\nb\" = [1]\nexperiment = \"test-exp\"\n",
	} {
		f.Add(src)
	}
	exps := []experiment.Experiment{validatingExp{}}
	f.Fuzz(func(t *testing.T, src string) {
		p, _, err := Parse([]byte(src), "fuzz.toml", exps)
		if err != nil {
			if !errors.Is(err, experiment.ErrInput) || strings.ContainsAny(err.Error(), "\n\r") || !strings.HasPrefix(err.Error(), "sweep file fuzz.toml: ") {
				t.Fatalf("got error %q, want a one-line input error naming the file", err)
			}
			return
		}
		n := len(p.Seeds)
		for _, a := range p.Axes {
			n *= len(a.Values)
		}
		if n != len(p.Jobs) || n < 1 || n > MaxJobs {
			t.Fatalf("%d jobs, %d seeds, axes %v", len(p.Jobs), len(p.Seeds), p.Axes)
		}
		ps := validatingExp{}.Meta().Params
		ids := map[string]bool{}
		for i, j := range p.Jobs {
			if ids[j.ID] || j.Index != i {
				t.Fatalf("job %d: index %d, id %s repeated: %v", i, j.Index, j.ID, ids[j.ID])
			}
			ids[j.ID] = true
			if i < 100 {
				if err := experiment.CheckSet(ps, p.Set(j)); err != nil {
					t.Fatalf("job %d: %v", i, err)
				}
			}
		}
		again, _, err := Parse([]byte(src), "fuzz.toml", exps)
		if err != nil || again.Hash != p.Hash {
			t.Fatalf("parsed again: %v, hash %s vs %s", err, again.Hash, p.Hash)
		}
	})
}

// Inputs the fuzzer and its review turned up: ranges whose span or value
// count overflow, a value with a line break, more seeds than jobs.
func TestParseOverflowingInput(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		// int(+Inf) or int(1e20) wrapped to a negative count: "no values".
		{"[grid]\ng = {from = 0, to = 1e20, step = 1}\n", "range gives more than 100000 values"},
		{"[grid]\ng = {from = 0, to = 1e300, step = 1e-300}\n", "range gives more than 100000 values"},
		// to − from = +Inf made every value but the first NaN.
		{"[grid]\ng = {from = -1e308, to = 1e308, num = 3}\n", "-1e+308,0,1e+308"},
		{"[grid]\ng = {from = 1e-300, to = 1e300, num = 3, log = true}\n", "1e-300,1,1e+300"},
		{"[set]\nmode = \"\"\"a\nb\"\"\"\n", `set.mode = "a\nb": bad value`},
		{"seeds = [" + strings.Repeat("1, ", MaxJobs) + "1]\n", "100001 seeds, more than the 100000 jobs"},
	} {
		p, _, err := Parse([]byte("experiment = \"test-exp\"\n"+c.src), "e.toml", []experiment.Experiment{testExp{}})
		got := ""
		switch {
		case err != nil:
			got = err.Error()
		case len(p.Axes) > 0:
			got = strings.Join(p.Axes[0].Values, ",")
		}
		if !strings.Contains(got, c.want) || strings.Contains(got, "\n") {
			t.Errorf("%.60q: got %q, want %q", c.src, got, c.want)
		}
	}
}
