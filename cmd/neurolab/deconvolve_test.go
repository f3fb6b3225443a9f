package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/stats"
	"neurolab/dataio/nwb"
	"neurolab/dataio/suite2p"
	"neurolab/experiment"
	"neurolab/synth/calcium"
)

// writeSuite2p writes a tiny Suite2p plane folder (no ops.npy): cells
// gen_data traces plus a baseline of 5 and a neuropil of 2 (removed by
// neucoeff 0.7), and one extra ROI labelled not-a-cell. It returns the
// true spikes of the cells.
func writeSuite2p(t *testing.T, dir string, cells, frames int) [][]float64 {
	t.Helper()
	F, Fneu := mat.NewDense(cells+1, frames, nil), mat.NewDense(cells+1, frames, nil)
	var spikes [][]float64
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < cells+1; i++ {
		tr := calcium.GenData(rng, calcium.GenDataConfig{T: frames})
		for t := 0; t < frames; t++ {
			F.Set(i, t, tr.Y[t]+5+1.4)
			Fneu.Set(i, t, 2)
		}
		if i < cells {
			spikes = append(spikes, tr.S)
		}
	}
	for name, m := range map[string]*mat.Dense{"F.npy": F, "Fneu.npy": Fneu} {
		b, err := suite2p.WriteFloat32(m)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	ic := mat.NewDense(cells+1, 2, nil)
	for i := 0; i < cells; i++ {
		ic.Set(i, 0, 1)
	}
	var buf bytes.Buffer
	npyio.Write(&buf, ic)
	os.WriteFile(filepath.Join(dir, "iscell.npy"), buf.Bytes(), 0o644)
	return spikes
}

func TestDeconvolveSuite2p(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	truth := writeSuite2p(t, dir, 3, 1500)
	for _, workers := range []string{"1", "2"} {
		c := newDeconvolveCmd()
		c.SetOut(&bytes.Buffer{})
		c.SetArgs([]string{"--suite2p", dir, "--fs", "30", "--tau", "0.65", "--out", filepath.Join(out, workers), "--workers", workers})
		if err := c.ExecuteContext(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	S1, err := suite2p.Matrix(filepath.Join(out, "1", "spikes.npy"))
	if err != nil {
		t.Fatal(err)
	}
	S2, _ := suite2p.Matrix(filepath.Join(out, "2", "spikes.npy"))
	if !mat.Equal(S1, S2) {
		t.Fatal("spikes differ between --workers 1 and 2")
	}
	if r, c := S1.Dims(); r != 3 || c != 1500 {
		t.Fatalf("spikes.npy: got %d×%d, want 3×1500 (the non-cell ROI dropped)", r, c)
	}
	for i := 0; i < 3; i++ {
		if r := stats.Pearson(S1.RawRowView(i), truth[i]); r < 0.7 {
			t.Errorf("cell %d: corr(ŝ, s) = %.3f, want ≥ 0.7", i, r)
		}
	}
	var sum struct {
		PerCell []struct {
			G        float64 `json:"g"`
			Baseline float64 `json:"baseline"`
		} `json:"per_cell"`
	}
	raw, err := os.ReadFile(filepath.Join(out, "1", "deconvolve.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &sum); err != nil {
		t.Fatal(err)
	}
	// tau 0.65 s at 30 Hz: g = exp(−1/19.5) = 0.950.
	if g := sum.PerCell[0].G; math.Abs(g-0.95) > 0.001 {
		t.Errorf("g: got %g, want 0.950 ± 0.001", g)
	}
	if b := sum.PerCell[0].Baseline; math.Abs(b-5) > 0.3 {
		t.Errorf("baseline: got %g, want 5 ± 0.3", b)
	}
	if _, err := os.Stat(filepath.Join(out, "1", "deconvolve.png")); err != nil {
		t.Errorf("figure: %v", err)
	}
}

func TestDeconvolveBadInput(t *testing.T) {
	dir := t.TempDir()
	writeSuite2p(t, dir, 2, 300)
	npyPath := filepath.Join(dir, "F.npy")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no fs for suite2p without ops", []string{"--suite2p", dir}, "frame rate unknown"},
		{"npy without fs", []string{"--npy", npyPath}, "--fs"},
		{"two inputs", []string{"--npy", npyPath, "--suite2p", dir, "--fs", "30"}, "give one input, not 2"},
		{"missing folder", []string{"--suite2p", filepath.Join(dir, "nope"), "--fs", "30"}, "--suite2p " + filepath.Join(dir, "nope") + ": folder not found"},
		{"missing npy", []string{"--npy", filepath.Join(dir, "nope.npy"), "--fs", "30"}, "file not found"},
		{"negative fs", []string{"--npy", npyPath, "--fs", "-3"}, "--fs -3: want 0 (from ops.npy or the NWB file) or a frame rate > 0 Hz"},
		{"ar 3", []string{"--npy", npyPath, "--fs", "30", "--ar", "3"}, "--ar 3: want one of 1, 2"},
		{"ar 0", []string{"--npy", npyPath, "--fs", "30", "--ar", "0"}, "--ar 0: want one of 1, 2"},
		{"tau-rise without ar 2", []string{"--npy", npyPath, "--fs", "30", "--tau-rise", "0.05"}, "--tau-rise 0.05: want 0 unless --ar 2"},
		{"tau-rise without tau", []string{"--npy", npyPath, "--fs", "30", "--ar", "2", "--tau-rise", "0.05"}, "--tau-rise 0.05: want 0 unless the decay time constant is known"},
		{"tau-rise not shorter", []string{"--npy", npyPath, "--fs", "30", "--ar", "2", "--tau", "0.1", "--tau-rise", "0.2"}, "--tau-rise 0.2: want a rise time constant shorter than the decay time constant (0.1 s)"},
	}
	if !nwb.Available {
		// An existing file: a missing one is answered "file not found" first.
		if err := os.WriteFile(filepath.Join(dir, "x.nwb"), []byte("not hdf5"), 0o644); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, struct {
			name string
			args []string
			want string
		}{"nwb without tag", []string{"--nwb", filepath.Join(dir, "x.nwb")}, "hdf5"})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newDeconvolveCmd()
			c.SetOut(&bytes.Buffer{})
			c.SetErr(&bytes.Buffer{})
			c.SetArgs(append(tc.args, "--out", t.TempDir()))
			wantRefused(t, c.ExecuteContext(context.Background()), tc.want)
		})
	}
}

// TestDeconvolveAR2 runs --ar 2 on traces with a 50-ms rise and a 500-ms
// decay at 30 Hz, with the time constants given and with g1, g2 estimated,
// and checks the parameters written and the spike recovery.
func TestDeconvolveAR2(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	const cells, frames = 3, 3000
	d, r := math.Exp(-1/15.0), math.Exp(-1/1.5)
	g1, g2 := d+r, -d*r
	F := mat.NewDense(cells, frames, nil)
	truth := make([][]float64, cells)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range truth {
		truth[i] = make([]float64, frames)
		var c1, c2 float64
		for k := 0; k < frames; k++ {
			if rng.Float64() < 0.5/30 {
				truth[i][k] = 1
			}
			c := g1*c1 + g2*c2 + truth[i][k]
			c2, c1 = c1, c
			F.Set(i, k, 2+c+0.3*rng.NormFloat64())
		}
	}
	b, err := suite2p.WriteFloat32(F)
	if err != nil {
		t.Fatal(err)
	}
	npyPath := filepath.Join(dir, "F.npy")
	if err := os.WriteFile(npyPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		args    []string
		wantG   [2]float64
		minCorr float64
	}{
		{"time constants", []string{"--tau", "0.5", "--tau-rise", "0.05"}, [2]float64{g1, g2}, 0.8},
		{"estimated", nil, [2]float64{}, 0.75},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := filepath.Join(out, tc.name)
			c := newDeconvolveCmd()
			c.SetOut(&bytes.Buffer{})
			c.SetArgs(append([]string{"--npy", npyPath, "--fs", "30", "--ar", "2", "--out", o}, tc.args...))
			if err := c.ExecuteContext(context.Background()); err != nil {
				t.Fatal(err)
			}
			S, err := suite2p.Matrix(filepath.Join(o, "spikes.npy"))
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < cells; i++ {
				if r := stats.Pearson(S.RawRowView(i), truth[i]); r < tc.minCorr {
					t.Errorf("cell %d: corr(ŝ, s) = %.3f, want ≥ %.2f", i, r, tc.minCorr)
				}
			}
			var sum struct {
				AR      int `json:"ar"`
				PerCell []struct {
					G  float64 `json:"g"`
					G2 float64 `json:"g2"`
				} `json:"per_cell"`
			}
			raw, err := os.ReadFile(filepath.Join(o, "deconvolve.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &sum); err != nil {
				t.Fatal(err)
			}
			if sum.AR != 2 {
				t.Errorf("ar: got %d, want 2", sum.AR)
			}
			for i, pc := range sum.PerCell {
				if tc.wantG[0] != 0 && (math.Abs(pc.G-tc.wantG[0]) > 1e-9 || math.Abs(pc.G2-tc.wantG[1]) > 1e-9) {
					t.Errorf("cell %d: got g1 %g g2 %g, want %g %g", i, pc.G, pc.G2, tc.wantG[0], tc.wantG[1])
				}
				if pc.G2 >= 0 {
					t.Errorf("cell %d: got g2 = %g, want < 0 (a rise)", i, pc.G2)
				}
			}
		})
	}
}

// TestDeconvolveNaNFrames: NaN frames (dropped frames) stay NaN in the
// outputs, the other frames are deconvolved as the finite runs they form, a
// cell with no finite frame is skipped and said so, and ±Inf is an input
// error. cilds, whose model has no missing-data path, still rejects NaN.
func TestDeconvolveNaNFrames(t *testing.T) {
	dir := t.TempDir()
	const cells, frames = 3, 600
	F := mat.NewDense(cells, frames, nil)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < cells; i++ {
		tr := calcium.GenData(rng, calcium.GenDataConfig{T: frames})
		F.SetRow(i, tr.Y)
	}
	for t := 200; t < 230; t++ {
		F.Set(0, t, math.NaN())
	}
	for t := 0; t < frames; t++ {
		F.Set(2, t, math.NaN())
	}
	var buf bytes.Buffer
	if err := npyio.Write(&buf, F); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "F.npy")
	os.WriteFile(path, buf.Bytes(), 0o644)
	out := filepath.Join(dir, "out")
	c := newDeconvolveCmd()
	var stderr bytes.Buffer
	c.SetOut(&bytes.Buffer{})
	c.SetErr(&stderr)
	c.SetArgs([]string{"--npy", path, "--fs", "30", "--tau", "1", "--out", out})
	if err := c.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("NaN frames: %v", err)
	}
	S, err := suite2p.Matrix(filepath.Join(out, "calcium.npy"))
	if err == nil {
		t.Fatalf("calcium.npy with NaN frames read as finite (%v)", S.At(0, 0))
	}
	var sum struct {
		NaNFrames int `json:"nan_frames"`
		PerCell   []struct {
			Missing int     `json:"missing_frames"`
			Skipped string  `json:"skipped"`
			Spikes  float64 `json:"total_spikes"`
		} `json:"per_cell"`
	}
	b, _ := os.ReadFile(filepath.Join(out, "deconvolve.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.NaNFrames != 30+frames || sum.PerCell[0].Missing != 30 || sum.PerCell[1].Missing != 0 || sum.PerCell[2].Skipped == "" {
		t.Errorf("got nan_frames %d, per cell %+v; want %d, 30 / 0 / skipped", sum.NaNFrames, sum.PerCell, 30+frames)
	}
	if !(sum.PerCell[0].Spikes > 0) || !strings.Contains(stderr.String(), "NaN") {
		t.Errorf("cell 0 total spikes %v (want > 0), stderr %q (want a NaN warning)", sum.PerCell[0].Spikes, stderr.String())
	}
	sp, err := suite2p.MatrixWith(filepath.Join(out, "spikes.npy"), suite2p.ReadOptions{AllowNaN: true})
	if err != nil {
		t.Fatal(err)
	}
	for t0 := 0; t0 < frames; t0++ {
		if nan := math.IsNaN(sp.At(0, t0)); nan != (t0 >= 200 && t0 < 230) {
			t.Fatalf("cell 0 frame %d: NaN %v, want NaN exactly on frames 200–229", t0, nan)
		}
	}

	// ±Inf is corruption, not a missing frame; cilds takes no NaN.
	F.Set(1, 5, math.Inf(1))
	buf.Reset()
	npyio.Write(&buf, F)
	inf := filepath.Join(dir, "Finf.npy")
	os.WriteFile(inf, buf.Bytes(), 0o644)
	c = newDeconvolveCmd()
	c.SetOut(&bytes.Buffer{})
	c.SetErr(&bytes.Buffer{})
	c.SetArgs([]string{"--npy", inf, "--fs", "30", "--out", out})
	if err := c.ExecuteContext(context.Background()); err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "Inf") {
		t.Errorf("Inf frame: got %v, want an input error naming Inf", err)
	}
	c = newCildsCmd()
	c.SetOut(&bytes.Buffer{})
	c.SetErr(&bytes.Buffer{})
	c.SetArgs([]string{"--npy", path, "--fs", "30", "--dims", "1", "--out", out})
	if err := c.ExecuteContext(context.Background()); err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("cilds with NaN frames: got %v, want an input error naming NaN", err)
	}
}
