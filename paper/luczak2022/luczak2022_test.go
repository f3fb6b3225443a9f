package luczak2022

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

func run(t *testing.T, scale experiment.Scale, workers int, set map[string]string) (*experiment.Result, time.Duration) {
	t.Helper()
	t0 := time.Now()
	res := exptest.Run(t, New(), scale, workers, set)
	return res, time.Since(t0)
}

func assertChecks(t *testing.T, res *experiment.Result) {
	t.Helper()
	if len(res.Checks) != 7 {
		t.Errorf("got %d checks, want 7", len(res.Checks))
	}
	for _, c := range res.Checks {
		if !c.Pass {
			t.Errorf("check %s failed: got %g, want %s %g", c.Name, c.Value, c.Op, c.Threshold)
		}
	}
	if len(res.Figures) != 3 {
		t.Errorf("got %d figures, want 3", len(res.Figures))
	}
}

func saveFigs(t *testing.T, res *experiment.Result) {
	if dir := os.Getenv("LUCZAK_FIG_DIR"); dir != "" {
		for _, f := range res.Figures {
			if err := f.Plot.Save(5*vg.Inch, 3.6*vg.Inch, dir+"/"+f.Name+".png"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestQuick(t *testing.T) {
	res, el := run(t, experiment.Quick, 2, nil)
	t.Logf("quick scale took %v", el)
	exptest.Log(t, res)
	assertChecks(t, res)
	saveFigs(t, res)
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	set := map[string]string{"train": "200", "test": "100", "epochs": "2", "spont": "100", "hidden": "20"}
	a, _ := run(t, experiment.Quick, 1, set)
	b, _ := run(t, experiment.Quick, 2, set)
	exptest.SameMetrics(t, a, b)
}

func TestBadParams(t *testing.T) {
	for _, set := range []map[string]string{
		{"k": "200"},
		{"batch": "15", "update": "10"},
		{"bias_rule": "last"},
		{"test": "60", "batch": "100"},
		{"dt": "0"},
	} {
		_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: set})
		if !errors.Is(err, experiment.ErrInput) {
			t.Errorf("set %v: got error %v, want ErrInput", set, err)
		}
	}
}

// TestDefaultScale runs the default scale; set NEUROLAB_DEFAULT=1 to run it.
func TestDefaultScale(t *testing.T) {
	if os.Getenv("NEUROLAB_DEFAULT") == "" {
		t.Skip("set NEUROLAB_DEFAULT=1 to run the default scale")
	}
	res, el := run(t, experiment.Default, 2, nil)
	t.Logf("default scale took %v", el)
	exptest.Log(t, res)
	assertChecks(t, res)
	saveFigs(t, res)
}
