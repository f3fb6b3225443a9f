package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/jpca"
	"neurolab/dataio/npy"
	"neurolab/experiment"
	"neurolab/internal/linalg"
)

// jpcaPlanted returns C conditions × T bins × n neurons of x_c(t) = Q e^{Mt}
// x0_c with a 2 Hz and a 1 Hz rotation plane and decays (−3, −5 s⁻¹) at 10 ms
// bins (the arm-feedback spec's planted test).
func jpcaPlanted(C, T, n int) []float64 {
	return plantedTensor(2, 1, nil, C, T, n)
}

// plantedTensor is jpca.Planted flattened to conditions × bins × neurons: a
// rotation plane at f1 Hz, one at f2 Hz and decays (−3, −5 s⁻¹) at 10 ms
// bins, embedded by a random orthonormal Q whose columns are scaled by
// scale (nil: 1), which scales the corresponding latents (M is block
// diagonal).
func plantedTensor(f1, f2 float64, scale []float64, C, T, n int) []float64 {
	rng := rand.New(rand.NewPCG(4, 2))
	w1, w2 := 2*math.Pi*f1, 2*math.Pi*f2
	M := mat.NewDense(6, 6, []float64{0, -w1, 0, 0, 0, 0, w1, 0, 0, 0, 0, 0, 0, 0, 0, -w2, 0, 0, 0, 0, w2, 0, 0, 0, 0, 0, 0, 0, -3, 0, 0, 0, 0, 0, 0, -5})
	Qk := linalg.RandOrthonormal(rng, n, 6)
	for j, sc := range scale {
		for i := 0; i < n; i++ {
			Qk.Set(i, j, sc*Qk.At(i, j))
		}
	}
	out := make([]float64, 0, C*T*n)
	for _, x := range jpca.Planted(rng, M, Qk, C, T, 0.01) {
		out = append(out, x.RawMatrix().Data...)
	}
	return out
}

// writeF32 writes a C-order float32 .npy file by hand (format version 1.0).
func writeF32(t *testing.T, path string, shape []int, data []float64) {
	t.Helper()
	s := "("
	for _, v := range shape {
		s += fmt.Sprintf("%d, ", v)
	}
	s += ")"
	h := fmt.Sprintf("{'descr': '<f4', 'fortran_order': False, 'shape': %s, }", s)
	for (10+len(h)+1)%64 != 0 {
		h += " "
	}
	h += "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(h)))
	b.WriteString(h)
	for _, v := range data {
		binary.Write(&b, binary.LittleEndian, float32(v))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func execJPCA(args ...string) error {
	c := newJPCACmd()
	c.SetArgs(args)
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	c.SetContext(context.Background())
	return c.Execute()
}

func TestJPCACommandPlanted(t *testing.T) {
	dir := t.TempDir()
	const C, T, n = 9, 31, 40
	data := jpcaPlanted(C, T, n)
	for _, kind := range []string{"f8", "f4"} {
		t.Run(kind, func(t *testing.T) {
			in := filepath.Join(dir, "x"+kind+".npy")
			if kind == "f8" {
				if err := npy.WriteFloat64(in, []int{C, T, n}, data); err != nil {
					t.Fatal(err)
				}
			} else {
				writeF32(t, in, []int{C, T, n}, data)
			}
			out := filepath.Join(dir, "out"+kind)
			if err := execJPCA("--input", in, "--out", out, "--no-normalize"); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(out, "jpca.json"))
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				Ratio  float64 `json:"r2_skew_over_r2_best"`
				Planes []struct {
					FreqHz float64 `json:"freq_hz"`
				} `json:"planes"`
				Figures []string `json:"figures"`
			}
			if err := json.Unmarshal(b, &res); err != nil {
				t.Fatal(err)
			}
			if f := res.Planes[0].FreqHz; math.Abs(f-2) > 0.04 {
				t.Errorf("jPC1 frequency: got %.4f Hz, want 2 ± 0.04", f)
			}
			if res.Ratio < 0.95 {
				t.Errorf("R²_skew/R²_best: got %.3f, want ≥ 0.95", res.Ratio)
			}
			if len(res.Figures) == 0 {
				t.Error("no figure written")
			}
			for _, f := range res.Figures {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("figure %s: %v", f, err)
				}
			}
		})
	}
}

func TestJPCACommandBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, shape []int, data []float64) string {
		p := filepath.Join(dir, name)
		if err := npy.WriteFloat64(p, shape, data); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := jpcaPlanted(3, 10, 8)
	nan := append([]float64(nil), good...)
	nan[17] = math.NaN()
	cases := []struct {
		name string
		args []string
	}{
		{"rank 2", []string{"--input", write("r2.npy", []int{30, 8}, good[:240])}},
		{"NaN", []string{"--input", write("nan.npy", []int{3, 10, 8}, nan)}},
		{"one condition", []string{"--input", write("c1.npy", []int{1, 10, 8}, good[:80])}},
		{"dims > neurons", []string{"--input", write("ok.npy", []int{3, 10, 8}, good), "--dims", "10"}},
		{"odd dims", []string{"--input", filepath.Join(dir, "ok.npy"), "--dims", "3"}},
		{"missing file", []string{"--input", filepath.Join(dir, "none.npy")}},
		{"bin-ms 0", []string{"--input", filepath.Join(dir, "ok.npy"), "--bin-ms", "0"}},
		{"bin-ms Inf", []string{"--input", filepath.Join(dir, "ok.npy"), "--bin-ms", "Inf"}},
		{"soft-norm -1", []string{"--input", filepath.Join(dir, "ok.npy"), "--soft-norm", "-1"}},
		{"soft-norm Inf", []string{"--input", filepath.Join(dir, "ok.npy"), "--soft-norm", "Inf"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := execJPCA(append(c.args, "--out", filepath.Join(dir, "o"))...)
			if !errors.Is(err, experiment.ErrInput) {
				t.Errorf("got %v, want an error wrapping experiment.ErrInput (exit 2)", err)
			}
		})
	}
}

// TestJPCACommandWeakFastPlane: a 2 Hz rotation carries the variance and a
// 4 Hz one (initial states 100 times smaller) almost none. jPC plane 1 is
// still the 4 Hz plane (|ω| order, kept in the JSON), but the summary line
// and the figure's first panel name plane 2, the one with the most variance.
func TestJPCACommandWeakFastPlane(t *testing.T) {
	const C, T, n = 9, 31, 40
	// The 4 Hz plane's latents start 100 times smaller.
	data := plantedTensor(2, 4, []float64{1, 1, 0.01, 0.01, 1, 1}, C, T, n)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "x.npy"), filepath.Join(dir, "out")
	if err := npy.WriteFloat64(in, []int{C, T, n}, data); err != nil {
		t.Fatal(err)
	}
	c := newJPCACmd()
	var stdout bytes.Buffer
	c.SetArgs([]string{"--input", in, "--out", out, "--no-normalize"})
	c.SetOut(&stdout)
	c.SetErr(io.Discard)
	c.SetContext(context.Background())
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "jpca.json"))
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Planes []struct {
			FreqHz float64 `json:"freq_hz"`
			R2     float64 `json:"r2_in_plane"`
		} `json:"planes"`
		MostVar int `json:"most_variance_plane"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	if f := res.Planes[0].FreqHz; math.Abs(f-4) > 0.1 {
		t.Errorf("jPC plane 1 (fastest) frequency: got %.3f Hz, want 4 ± 0.1", f)
	}
	if res.MostVar != 1 {
		t.Fatalf("most_variance_plane: got %d, want 1 (planes %+v)", res.MostVar, res.Planes)
	}
	if r1, r2 := res.Planes[0].R2, res.Planes[1].R2; !(r2 > 0.5 && r1 < 0.01) {
		t.Errorf("in-plane R²: got plane 1 %.4f, plane 2 %.4f; want < 0.01 and > 0.5", r1, r2)
	}
	line := stdout.String()
	for _, want := range []string{"jPC1 4.0", "most variance in jPC plane 2: 2 Hz, in-plane R² "} {
		if !bytes.Contains([]byte(line), []byte(want)) {
			t.Errorf("summary: got %q, want it to contain %q", line, want)
		}
	}
}

func TestJPCASummaryAndPanels(t *testing.T) {
	cases := []struct {
		name      string
		r2        []float64
		wantOrder []int
		wantLine  string
	}{
		{"fastest has most", []float64{0.8, 0.1, 0.05}, []int{0, 1},
			"R²_skew/R²_best = 0.900, jPC1 3 Hz (in-plane R² 0.8, the largest)"},
		{"second has most", []float64{0.0003, 0.81, 0.1}, []int{1, 2},
			"R²_skew/R²_best = 0.900, jPC1 3 Hz (in-plane R² 0.0003); most variance in jPC plane 2: 2 Hz, in-plane R² 0.81"},
		{"third has most", []float64{0.1, 0.05, 0.7}, []int{2, 0},
			"R²_skew/R²_best = 0.900, jPC1 3 Hz (in-plane R² 0.1); most variance in jPC plane 3: 1 Hz, in-plane R² 0.7"},
		{"one plane", []float64{0.5}, []int{0},
			"R²_skew/R²_best = 0.900, jPC1 3 Hz (in-plane R² 0.5, the largest)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			planes := make([]jpca.Plane, len(c.r2))
			out := &jpcaOutput{Ratio: 0.9}
			for k, r2 := range c.r2 {
				planes[k] = jpca.Plane{Freq: float64(3 - k), R2: r2}
				out.Planes = append(out.Planes, jpcaPlane{FreqHz: float64(3 - k), R2: r2})
			}
			out.MostVar = jpcaMostVariance(planes)
			if got := jpcaSummary(out); got != c.wantLine {
				t.Errorf("summary: got %q, want %q", got, c.wantLine)
			}
			if got := jpcaPanelOrder(planes); fmt.Sprint(got) != fmt.Sprint(c.wantOrder) {
				t.Errorf("panel order: got %v, want %v", got, c.wantOrder)
			}
		})
	}
}
