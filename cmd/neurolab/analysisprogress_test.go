package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/cobra"

	"neurolab/analysis/remap"
	"neurolab/dataio/npy"
	"neurolab/internal/fig"
	"neurolab/report"
)

// recordProgress replaces the analysis commands' progress bar with one that
// records every fraction reported under each label, for the test's life.
func recordProgress(t *testing.T) func(label string) []float64 {
	t.Helper()
	var mu sync.Mutex
	got := map[string][]float64{}
	old := commandProgress
	commandProgress = func(label string) (func(float64), func()) {
		return func(f float64) {
			mu.Lock()
			got[label] = append(got[label], f)
			mu.Unlock()
		}, func() {}
	}
	t.Cleanup(func() { commandProgress = old })
	return func(label string) []float64 {
		mu.Lock()
		defer mu.Unlock()
		return append([]float64(nil), got[label]...)
	}
}

// checkProgress fails unless fr rises monotonically through [0, 1], reports
// some fraction strictly between lo and hi (the part of the work that used
// to show nothing) and ends at 1.
func checkProgress(t *testing.T, name string, fr []float64, lo, hi float64) {
	t.Helper()
	if len(fr) == 0 {
		t.Fatalf("%s: no progress reported", name)
	}
	inside := false
	for i, f := range fr {
		if !(f >= 0 && f <= 1) || i > 0 && f < fr[i-1] {
			t.Fatalf("%s: progress %v is not monotone in [0, 1]", name, fr)
		}
		inside = inside || f > lo && f < hi
	}
	if !inside {
		t.Errorf("%s: progress %v reports nothing between %g and %g", name, fr, lo, hi)
	}
	if fr[len(fr)-1] != 1 {
		t.Errorf("%s: progress %v does not end at 1", name, fr)
	}
}

// TestJPCAProgress: jpca reports its fit's progress.
func TestJPCAProgress(t *testing.T) {
	got := recordProgress(t)
	dir := t.TempDir()
	const C, T, n = 6, 21, 30
	in := filepath.Join(dir, "x.npy")
	if err := npy.WriteFloat64(in, []int{C, T, n}, jpcaPlanted(C, T, n)); err != nil {
		t.Fatal(err)
	}
	if err := execJPCA("--input", in, "--out", filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	checkProgress(t, "jpca", got("jpca"), 0, 0.95)
}

// TestDriftGeometryProgress: drift-geometry goes beyond its first 5 % while
// it compares sessions.
func TestDriftGeometryProgress(t *testing.T) {
	got := recordProgress(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	const S, T, N = 4, 40, 6
	data := make([]float64, S*T*N)
	for i := range data {
		data[i] = rng.NormFloat64() + float64((i/N)%2)
	}
	p := filepath.Join(dir, "x.npy")
	writeNpy3(t, p, S, T, N, data)
	if err := runDG("--input", p, "--out", filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	fr := got("drift-geometry")
	checkProgress(t, "drift-geometry", fr, 0.05, 1)
	if len(fr) < S { // 5 %, then one per session pair (S − 1 of them)
		t.Errorf("drift-geometry: progress %v, want one value per session pair", fr)
	}
}

// remapTwoMaps writes a T × 6 × 4 tensor of two alternating maps (blocks
// of 10 trials) with noise.
func remapTwoMaps(t *testing.T, path string, T int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 7))
	const D = 24
	maps := [2][]float64{make([]float64, D), make([]float64, D)}
	for k := range maps {
		for i := range maps[k] {
			maps[k][i] = 5 * rng.Float64()
		}
	}
	data := make([]float64, 0, T*D)
	for tr := 0; tr < T; tr++ {
		for _, v := range maps[tr/10%2] {
			data = append(data, v+rng.Float64())
		}
	}
	if err := npy.WriteFloat64(path, []int{T, 6, 4}, data); err != nil {
		t.Fatal(err)
	}
}

// TestRemapProgress: choosing K reports progress (it used to show 0 %
// until K was chosen, then 30 %), and so does the analysis with --maps.
func TestRemapProgress(t *testing.T) {
	got := recordProgress(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "x.npy")
	remapTwoMaps(t, in, 60)
	if err := execPop(t, newRemapCmd(), "--tensor", in, "--out", filepath.Join(dir, "auto"), "--restarts", "8"); err != nil {
		t.Fatal(err)
	}
	checkProgress(t, "remap (K chosen)", got("remap"), 0, 0.3)
	got = recordProgress(t)
	if err := execPop(t, newRemapCmd(), "--tensor", in, "--out", filepath.Join(dir, "fixed"), "--maps", "2", "--restarts", "8"); err != nil {
		t.Fatal(err)
	}
	checkProgress(t, "remap --maps 2", got("remap"), 0.3, 0.9)
}

// TestRemapAutoKMatchesFixedK: with K chosen by silhouette the labels,
// events and scores are those of --maps set to the K chosen (the analysis
// reuses the chosen K's k-means, which starts from the same seed).
func TestRemapAutoKMatchesFixedK(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "x.npy")
	remapTwoMaps(t, in, 60)
	if err := execPop(t, newRemapCmd(), "--tensor", in, "--out", filepath.Join(dir, "auto"), "--restarts", "8"); err != nil {
		t.Fatal(err)
	}
	if err := execPop(t, newRemapCmd(), "--tensor", in, "--out", filepath.Join(dir, "fixed"), "--maps", "2", "--restarts", "8"); err != nil {
		t.Fatal(err)
	}
	a := readPopJSON(t, filepath.Join(dir, "auto", "remap.json"))
	f := readPopJSON(t, filepath.Join(dir, "fixed", "remap.json"))
	if a["maps"].(float64) != 2 || a["k_chosen_by_silhouette"] != true {
		t.Fatalf("automatic K: got %v maps (chosen %v), want 2", a["maps"], a["k_chosen_by_silhouette"])
	}
	for _, k := range []string{"map_per_trial", "remap_event_trials", "score_per_trial", "remap_score_per_cell", "within_map_similarity", "across_map_similarity"} {
		if x, y := jsonText(t, a[k]), jsonText(t, f[k]); x != y {
			t.Errorf("%s: automatic K %s, --maps 2 %s", k, x, y)
		}
	}
}

func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWithProgressClearsBarBeforeSummary: on a terminal the summary line
// is printed after the bar is erased, not on the bar's line.
func TestWithProgressClearsBarBeforeSummary(t *testing.T) {
	oldTerm, oldOut := stderrIsTerminal, progressOut
	defer func() { stderrIsTerminal, progressOut = oldTerm, oldOut }()
	var tty syncBuffer
	stderrIsTerminal = func() bool { return true }
	progressOut = &tty
	c := &cobra.Command{Use: "demo", RunE: withProgress(func(c *cobra.Command, update func(float64)) error {
		update(0.5)
		c.PrintErrln("a warning")
		update(1)
		c.Println("demo: summary")
		return nil
	})}
	c.SetOut(&tty)
	c.SetErr(&tty)
	c.SetArgs(nil)
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	out := tty.b.String()
	for _, line := range []string{"a warning\n", "demo: summary\n"} {
		i := strings.Index(out, line)
		if i < 0 || !strings.HasSuffix(out[:i], "\r\033[K") {
			t.Errorf("%q is not printed on a cleared line: %q", line, out)
		}
	}
}

// TestDistinctTrials: the hashed count of distinct trials is the count by
// whole-trial keys it replaced (0 and −0 alike), including when every
// trial falls in one hash group.
func TestDistinctTrials(t *testing.T) {
	// floatKeyCount is the old count: one map key per trial's bytes.
	floatKeyCount := func(data []float64, T, D int) int {
		m := map[string]bool{}
		for tr := 0; tr < T; tr++ {
			b := make([]byte, 0, 8*D)
			for _, f := range data[tr*D : (tr+1)*D] {
				if f == 0 {
					f = 0
				}
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
			}
			m[string(b)] = true
		}
		return len(m)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	const D = 5
	for _, tc := range []struct {
		name string
		T    int
		row  func(tr int) []float64
	}{
		{"all distinct", 30, func(int) []float64 {
			r := make([]float64, D)
			for i := range r {
				r[i] = rng.NormFloat64()
			}
			return r
		}},
		{"three repeated", 30, func(tr int) []float64 { return []float64{float64(tr % 3), 1, 2, 3, 4} }},
		{"zero signs", 8, func(tr int) []float64 {
			z := 0.0
			if tr%2 == 1 {
				z = math.Copysign(0, -1)
			}
			return []float64{z, float64(tr % 4), z, 1, -z}
		}},
		{"one trial", 1, func(int) []float64 { return make([]float64, D) }},
	} {
		var data []float64
		for tr := 0; tr < tc.T; tr++ {
			data = append(data, tc.row(tr)...)
		}
		if got, want := distinctTrials(data, tc.T, D), floatKeyCount(data, tc.T, D); got != want {
			t.Errorf("%s: %d distinct trials, want %d", tc.name, got, want)
		}
	}
	// Rows whose hashes collide are told apart by the exact comparison.
	if sameTrial([]float64{1, 2}, []float64{1, 3}) || !sameTrial([]float64{0, 1}, []float64{math.Copysign(0, -1), 1}) {
		t.Error("sameTrial: wrong on distinct rows or on 0 against −0")
	}
}

// TestRemapSimilarityFigureBounded: the similarity figure of thousands of
// trials is block-averaged to at most remapFigureSide a side, drawn as an
// image, with axes in trial numbers; up to remapFigureSide trials the
// matrix is drawn as it is.
func TestRemapSimilarityFigureBounded(t *testing.T) {
	for _, T := range []int{remapFigureSide, 1234, 3000} {
		sim := make([]float64, T*T)
		for i := 0; i < T; i++ {
			for j := 0; j < T; j++ {
				sim[i*T+j] = 0.2
				if i/100%2 == j/100%2 {
					sim[i*T+j] = 0.8
				}
			}
			sim[i*T+i] = 1
		}
		sim[5*T+7] = math.NaN()
		g, caption := remapSimilarityGrid(sim, T)
		if g.Rows > remapFigureSide || g.Rows != g.Cols || len(g.Data) != g.Rows*g.Cols {
			t.Fatalf("T = %d: %d × %d grid, want square and at most %d a side", T, g.Rows, g.Cols, remapFigureSide)
		}
		if T <= remapFigureSide {
			if g.Rows != T || g.X != nil || !math.IsNaN(g.Data[0]) || g.Data[1] != sim[1] || strings.Contains(caption, "block") {
				t.Errorf("T = %d: want the matrix itself without its diagonal", T)
			}
			continue
		}
		n := g.Rows
		if !strings.Contains(caption, "block") || !strings.Contains(caption, "trials") {
			t.Errorf("T = %d: caption %q does not say the trials are averaged in blocks", T, caption)
		}
		// Axes in trial numbers: the blocks span −0.5 … T − 0.5.
		d := float64(T) / float64(n)
		if math.Abs(g.X[0]-d/2+0.5) > 1e-9 || math.Abs(g.X[n-1]+d/2-(float64(T)-0.5)) > 1e-9 {
			t.Errorf("T = %d: blocks centred at %g … %g, want them to span the trials", T, g.X[0], g.X[n-1])
		}
		// No self-similarity: the first block's mean leaves the diagonal out
		// (and the one NaN) — 0.8 everywhere else in it.
		if v := g.Data[0]; math.Abs(v-0.8) > 1e-12 {
			t.Errorf("T = %d: first block %v, want 0.8 (no diagonal)", T, v)
		}
		figs := remapFigures(remap.Tensor{Trials: T}, &remap.Result{K: 2, Labels: make([]int, T), Similarity: sim})
		svg, err := report.Render(figs[0], "svg")
		if err != nil {
			t.Fatal(err)
		}
		// An image of n × n pixels: a few bytes per pixel, not a rectangle
		// per trial pair (~90 bytes each, 800 MB at 3000 trials).
		if limit := 20*n*n + 200000; len(svg) > limit {
			t.Errorf("T = %d: %d-byte SVG, want at most %d", T, len(svg), limit)
		}
		if !bytes.Contains(svg, []byte("<image")) {
			t.Errorf("T = %d: the SVG embeds no image", T)
		}
	}
	if fig.RasterCells >= remapFigureSide*remapFigureSide {
		t.Errorf("RasterCells %d: a %d-a-side figure would be drawn a rectangle per cell", fig.RasterCells, remapFigureSide)
	}
}
