package zhang2022

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/dataio/npy"
	"neurolab/experiment"
)

func TestLoadSC(t *testing.T) {
	dir := t.TempDir()
	writeNpy := func(name string, shape []int, d []float64) string {
		p := filepath.Join(dir, name)
		if err := npy.WriteFloat64(p, shape, d); err != nil {
			t.Fatal(err)
		}
		return p
	}
	writeCSV := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := []struct {
		name, path string
	}{
		{"not square", writeNpy("ns.npy", []int{2, 3}, []float64{0, 1, 2, 3, 4, 5})},
		{"rank 1", writeNpy("r1.npy", []int{4}, []float64{0, 1, 1, 0})},
		{"negative", writeNpy("neg.npy", []int{2, 2}, []float64{0, -1, 1, 0})},
		{"nan", writeNpy("nan.npy", []int{2, 2}, []float64{0, math.NaN(), 1, 0})},
		{"csv ragged", writeCSV("rag.csv", "0,1\n1\n")},
		{"csv text", writeCSV("txt.csv", "0,a\n1,0\n")},
		{"missing", filepath.Join(dir, "none.npy")},
		{"extension", writeCSV("m.mat", "0")},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			cfg := experiment.Config{Scale: experiment.Quick, Set: map[string]string{"sc": c.path}}
			if err := New().Validate(cfg); !errors.Is(err, experiment.ErrInput) {
				t.Errorf("Validate: got %v, want ErrInput", err)
			}
		})
	}
	t.Run("diagonal zeroed with a note", func(t *testing.T) {
		p := writeCSV("d.csv", "1,2,0\n2,0,3\n0,3,5\n")
		c, err := loadSC(p)
		if err != nil {
			t.Fatal(err)
		}
		if c.n != 3 || c.w[0] != 0 || c.w[8] != 0 || c.w[1] != 2 || c.w[5] != 3 {
			t.Errorf("got %v, want the matrix with a zero diagonal", c.w)
		}
		if len(c.notes) != 1 || !strings.Contains(c.notes[0], "diagonal") {
			t.Errorf("notes %q: want one, on the diagonal", c.notes)
		}
	})
	t.Run("sc_norm", func(t *testing.T) {
		// Row sums 2, 5, 3 (after the diagonal is zeroed).
		p := writeCSV("r.csv", "0,2,0\n2,0,3\n0,3,0\n")
		for _, c := range []struct {
			norm, note string
			w1         float64
		}{
			{"none", "the largest row sum of r.csv is 5 and the matrix is used as given", 2},
			{"maxrow", "r.csv was divided by its largest row sum, 5 (sc_norm = maxrow)", 0.4},
		} {
			sc, err := loadSC(p)
			if err != nil {
				t.Fatal(err)
			}
			sc.scale(c.norm, "r.csv")
			if sc.w[1] != c.w1 || len(sc.notes) != 1 || !strings.Contains(sc.notes[0], c.note) {
				t.Errorf("%s: w[0,1] = %g, notes %q; want %g and a note containing %q", c.norm, sc.w[1], sc.notes, c.w1, c.note)
			}
		}
		// A matrix already scaled like the synthetic one needs no note.
		sc, err := loadSC(writeCSV("u.csv", "0,1\n0.8,0\n"))
		if err != nil {
			t.Fatal(err)
		}
		if sc.scale("none", "u.csv"); len(sc.notes) != 0 {
			t.Errorf("row sums 1 and 0.8: notes %q, want none", sc.notes)
		}
	})
	t.Run("npy ok", func(t *testing.T) {
		p := writeNpy("ok.npy", []int{2, 2}, []float64{0, 0.5, 0.5, 0})
		if err := New().Validate(experiment.Config{Scale: experiment.Quick, Set: map[string]string{"sc": p}}); err != nil {
			t.Errorf("valid file rejected: %v", err)
		}
	})
}

// TestTransferLimits: H is continuous across its removable singularities
// (y = 0 and y = r_max) and tends to y for y ≪ r_max, r_max for y ≫ r_max.
func TestTransferLimits(t *testing.T) {
	h := transfer{a: 310, b: 125, d: 0.16, rmax: 500}
	at := func(y float64) float64 { return h.eval((y + h.b) / h.a) }
	for _, y0 := range []float64{0, 500} {
		for _, eps := range []float64{1e-9, 1e-7, 1e-5} {
			lo, mid, hi := at(y0-eps), at(y0), at(y0+eps)
			if math.Abs(lo-mid) > 1e-4 || math.Abs(hi-mid) > 1e-4 {
				t.Errorf("H near y = %g (±%g): %g, %g, %g; want continuous", y0, eps, lo, mid, hi)
			}
		}
	}
	if got := at(0); math.Abs(got-1/h.d) > 1e-9 {
		t.Errorf("H(y=0): got %g, want 1/d = %g", got, 1/h.d)
	}
	if got, want := at(100), 100/(1-math.Exp(-16)); math.Abs(got-want) > 1e-9*want {
		t.Errorf("H(y=100): got %.12g, want y/(1−e^{−dy}) = %.12g", got, want)
	}
	if got := at(2000); math.Abs(got-500) > 1e-6 {
		t.Errorf("H(y=2000): got %g, want r_max = 500", got)
	}
}

// TestSCParamNote: regions and between shape only the synthetic connectome
// and sc_norm only a user's; the one that does not apply was accepted by
// --set and ignored without a word.
func TestSCParamNote(t *testing.T) {
	p := Default(experiment.Quick)
	if n := scParamNote(p, map[string]string{"regions": "20", "between": "0.2"}); n != "" {
		t.Errorf("synthetic connectome, regions and between set: note %q, want none", n)
	}
	if n := scParamNote(p, map[string]string{"sc_norm": "maxrow"}); !strings.Contains(n, "sc_norm") {
		t.Errorf("synthetic connectome, sc_norm set: note %q, want one on sc_norm", n)
	}
	p.SC = "/data/hcp.csv"
	if n := scParamNote(p, map[string]string{"sc": p.SC, "sc_norm": "maxrow"}); n != "" {
		t.Errorf("user connectome, sc_norm set: note %q, want none", n)
	}
	n := scParamNote(p, map[string]string{"sc": p.SC, "regions": "20", "between": "0.2"})
	if !strings.Contains(n, "regions and between") || !strings.Contains(n, "hcp.csv") {
		t.Errorf("user connectome, regions and between set: note %q", n)
	}
}
