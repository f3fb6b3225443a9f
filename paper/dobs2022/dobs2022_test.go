package dobs2022

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

// The decoder recovers a planted linear rule: two Gaussian classes with
// d′ = 4 along one feature are decoded far above chance.
func TestDecoderPlanted(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const k, per, dim = 3, 40, 5
	feats := make([]float64, k*per*dim)
	y := make([]int, k*per)
	for i := range y {
		y[i] = i / per
		for j := 0; j < dim; j++ {
			feats[i*dim+j] = rng.NormFloat64()
		}
		feats[i*dim+y[i]] += 4
	}
	acc, err := crossDecode(feats, y, dim, k, 20, 20, 3, 1e-3, rng)
	if err != nil {
		t.Fatal(err)
	}
	if acc < 0.9 {
		t.Errorf("accuracy: got %v, want ≥ 0.9", acc)
	}
}

// L-BFGS reaches the minimum of a convex quadratic.
func TestLBFGSQuadratic(t *testing.T) {
	f := func(x, g []float64) float64 {
		v := 0.0
		for i, xi := range x {
			c := float64(i + 1)
			v += c * (xi - 1) * (xi - 1)
			if g != nil {
				g[i] = 2 * c * (xi - 1)
			}
		}
		return v
	}
	x, ok, err := minimizeLBFGS(f, make([]float64, 6), 200, 1e-10)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range x {
		if math.Abs(v-1) > 1e-8 || !ok {
			t.Fatalf("got %v (converged %v), want all 1 ± 1e-8", x, ok)
		}
	}
}

// The iteration limit counts L-BFGS iterations (not the starting point)
// and stops short of convergence without an error. On the Rosenbrock
// function from (−1.2, 1), one iteration evaluates the value and gradient
// at the start and at each line-search trial.
func TestLBFGSIterationLimit(t *testing.T) {
	evals := 0
	f := func(x, g []float64) float64 {
		evals++
		a, b := 1-x[0], x[1]-x[0]*x[0]
		if g != nil {
			g[0] = -2*a - 400*x[0]*b
			g[1] = 200 * b
		}
		return a*a + 100*b*b
	}
	for _, c := range []struct {
		name    string
		maxIter int
		conv    bool
	}{
		{"one", 1, false},
		{"five", 5, false},
		{"enough", 500, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			evals = 0
			x, ok, err := minimizeLBFGS(f, []float64{-1.2, 1}, c.maxIter, 1e-8)
			if err != nil {
				t.Fatal(err)
			}
			if ok != c.conv {
				t.Errorf("converged: got %v, want %v (x = %v, %d evaluations)", ok, c.conv, x, evals)
			}
			if c.conv && (math.Abs(x[0]-1) > 1e-6 || math.Abs(x[1]-1) > 1e-6) {
				t.Errorf("minimum: got %v, want (1, 1) ± 1e-6", x)
			}
			if !c.conv && evals > 1+25*c.maxIter {
				t.Errorf("evaluations: got %d, want ≤ %d for %d iterations", evals, 1+25*c.maxIter, c.maxIter)
			}
		})
	}
}

func TestTop(t *testing.T) {
	got := top([]float64{0.1, 0.5, 0.3, 0.5, 0.2}, 3)
	want := []int{1, 2, 3}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestWithout(t *testing.T) {
	for _, c := range []struct {
		name    string
		a, b    []int
		want    []int
		overlap int
	}{
		{"disjoint", []int{1, 2}, []int{3}, []int{1, 2}, 0},
		{"partial", []int{1, 2, 5}, []int{2, 7}, []int{1, 5}, 1},
		{"same", []int{4, 6}, []int{6, 4}, nil, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := without(c.a, c.b)
			if len(got) != len(c.want) || len(c.a)-len(got) != c.overlap {
				t.Fatalf("got %v, want %v (overlap %d)", got, c.want, c.overlap)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			}
		})
	}
}

func TestBadParams(t *testing.T) {
	exptest.RunInputError(t, New(), map[string]string{"lesion_frac": "0.01"})
}

// nonReproducing lists the checks that fail at default scale, seed 1 (see
// the package doc and res.Notes): lesioning the top object units costs the
// fragile 30-way face task more than 1/3 of what it costs objects (5 of
// the 13 top FC64 object units are also top face units), and the face-unit
// selectivity is not 3× that of random lesions.
var nonReproducing = map[string]string{
	"a3_object_units_conv3": "lesioning the top object units costs the 30-way face task more than 1/3 of the object cost",
	"a3_object_units_fc":    "5 of the 13 top FC64 object units are also top face units",
	"a4_ratio_conv3":        "face-unit selectivity not 3x that of random lesions",
	"a4_ratio_fc":           "face-unit selectivity not 3x that of random lesions",
}

// At quick scale (seconds) the CNNs are too briefly trained for the
// paper's checks; the test checks the run's structure: every check and
// metric present and finite, three figures, notes on failures.
func TestQuick(t *testing.T) {
	res := exptest.Quick(t, New())
	if len(res.Checks) != 16 {
		t.Errorf("checks: got %d, want 16", len(res.Checks))
	}
	exptest.Finite(t, res)
	if len(res.Figures) != 3 {
		t.Errorf("figures: got %d, want 3", len(res.Figures))
	}
	if !res.Pass && len(res.Notes) == 0 {
		t.Error("failed run without notes")
	}
}

func TestDefaultScale(t *testing.T) {
	exptest.AllPass(t, exptest.Default(t, New()), exptest.Want{Known: nonReproducing})
}

// tiny is a minimal configuration for structural tests (not for checks).
var tiny = map[string]string{"image_size": "12", "face_ids": "4", "face_held_out": "2", "face_images": "6",
	"obj_images": "6", "food_images": "2", "val_images": "12", "test_images": "12", "epochs": "1",
	"random_draws": "2", "decode_train": "3", "decode_test": "3", "decode_splits": "2"}

// Workers never change the metrics: one stream per image, net and draw.
func TestDeterministicAcrossWorkers(t *testing.T) {
	exptest.Deterministic(t, New(), tiny)
}

// TestFaceTiles checks the stimulus figure's face tiles: two images of each
// of six identities, or one image of each of twelve when an identity has a
// single training image (the tiles showed identities 0, 1, 1, 2, 2, … at
// face_images = 1 under a caption of six identities, two images each).
func TestFaceTiles(t *testing.T) {
	for _, c := range []struct {
		ids, per int
		want     []int
		text     string
	}{
		{30, 100, []int{0, 1, 100, 101, 200, 201, 300, 301, 400, 401, 500, 501}, "six face identities (two images each)"},
		{30, 1, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, "twelve face identities (one image each)"},
		{4, 2, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, "4 face identities (two images each)"},
	} {
		idx, text := faceTiles(c.ids, c.per, 12)
		if !slices.Equal(idx, c.want) || text != c.text {
			t.Errorf("face_ids = %d, face_images = %d: got %v %q, want %v %q", c.ids, c.per, idx, text, c.want, c.text)
		}
	}
}

// TestLesionNoteFraction checks that the note on a failed run quotes the
// run's random-lesion size (it said 20% at any lesion_frac).
func TestLesionNoteFraction(t *testing.T) {
	res := &experiment.Result{Checks: []experiment.Check{{Name: "x", Pass: false}}}
	addNotes(res, Params{LesionFrac: 0.35}, []lesionResult{{net: netDual, layer: layerFC}})
	found := false
	for _, n := range res.Notes {
		if strings.Contains(n, "random 35% lesions") {
			found = true
		}
		if strings.Contains(n, "random 20%") {
			t.Errorf("note quotes 20%% at lesion_frac = 0.35: %q", n)
		}
	}
	if !found {
		t.Errorf("no note quotes random 35%% lesions: %q", res.Notes)
	}
}
