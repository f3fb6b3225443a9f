package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio/npz"
	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

func writeNpy3(t *testing.T, path string, s, tr, n int, data []float64) {
	if err := os.WriteFile(path, npyBytes([]int{s, tr, n}, data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func runDG(args ...string) error {
	c := newDriftGeometryCmd()
	c.SetArgs(args)
	c.SetOut(&bytes.Buffer{})
	c.SetErr(&bytes.Buffer{})
	c.SilenceUsage, c.SilenceErrors = true, true
	return c.ExecuteContext(context.Background())
}

func TestDriftGeometryScratch(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	const S, T, N = 3, 60, 8
	data := make([]float64, S*T*N)
	for i := range data {
		data[i] = rng.NormFloat64() + float64((i/N)%2)
	}
	p := filepath.Join(dir, "x.npy")
	writeNpy3(t, p, S, T, N, data)
	out := filepath.Join(dir, "out")
	if err := runDG("--input", p, "--out", out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(out, "drift-geometry.json"))
	t.Logf("%.600s", b)
	ents, _ := os.ReadDir(out)
	for _, e := range ents {
		t.Log(e.Name())
	}
	// npz with sessions as arrays + labels.
	mk := func(name string, shapes [][2]int, nan bool) string {
		m := map[string]any{}
		for k, sh := range shapes {
			d := mat.NewDense(sh[0], sh[1], nil)
			for i := 0; i < sh[0]; i++ {
				for j := 0; j < sh[1]; j++ {
					d.Set(i, j, rng.NormFloat64()+float64(i%2))
				}
			}
			if nan && k == 1 {
				d.Set(3, 2, math.NaN())
			}
			m[fmt.Sprintf("session%d", k)] = d
		}
		lab := make([]float64, shapes[0][0])
		for i := range lab {
			lab[i] = float64(i % 2)
		}
		m["labels"] = lab
		path := filepath.Join(dir, name)
		if err := npz.Write(path, m); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := mk("good.npz", [][2]int{{40, 6}, {40, 6}, {40, 6}}, false)
	if err := runDG("--input", good, "--out", filepath.Join(dir, "o2")); err != nil {
		t.Fatalf("good npz: %v", err)
	}
	b, _ = os.ReadFile(filepath.Join(dir, "o2", "drift-geometry.json"))
	t.Logf("%.300s", b)
	for _, c := range []struct{ name, path string }{
		{"ragged", mk("ragged.npz", [][2]int{{40, 6}, {30, 6}}, false)},
		{"nan", mk("nan.npz", [][2]int{{40, 6}, {40, 6}}, true)},
		{"few", mk("few.npz", [][2]int{{10, 12}, {10, 12}}, false)},
		{"missing", filepath.Join(dir, "nope.npz")},
		{"ext", filepath.Join(dir, "x.csv")},
	} {
		err := runDG("--input", c.path, "--out", filepath.Join(dir, "o3"))
		t.Logf("%s: %v (input error: %v)", c.name, err, errors.Is(err, experiment.ErrInput))
		if !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%s: not an input error", c.name)
		}
	}
}

// TestDriftGeometryNumPyNpz reads archives laid out as NumPy's savez writes
// them: members named "NAME.npy", and positional arrays arr_0 … arr_11 that
// must stack in numeric, not lexicographic, order.
func TestDriftGeometryNumPyNpz(t *testing.T) {
	dir := t.TempDir()
	const sessions, trials, cells = 12, 30, 4
	m := map[string]any{}
	for s := range sessions {
		d := mat.NewDense(trials, cells, nil)
		for i := range trials {
			for j := range cells {
				d.Set(i, j, float64(s)) // each session's value is its index
			}
		}
		m[fmt.Sprintf("arr_%d.npy", s)] = d
	}
	lab := make([]float64, trials)
	for i := range lab {
		lab[i] = float64(i % 3)
	}
	m["labels.npy"] = lab
	path := filepath.Join(dir, "numpy.npz")
	if err := npz.Write(path, m); err != nil {
		t.Fatal(err)
	}
	x, labels, err := readResponses(path)
	if err != nil {
		t.Fatalf("NumPy-style npz: %v", err)
	}
	if x.Sessions != sessions || x.Trials != trials || x.Cells != cells {
		t.Fatalf("got %d×%d×%d, want %d×%d×%d", x.Sessions, x.Trials, x.Cells, sessions, trials, cells)
	}
	for s := range sessions {
		if got := x.Data[s*trials*cells]; got != float64(s) {
			t.Errorf("session %d holds arr_%v, want arr_%d", s, got, s)
		}
	}
	if len(labels) != trials || labels[4] != 1 {
		t.Errorf("labels %v, want 0,1,2 repeating over %d trials", labels, trials)
	}
	// A 'responses' tensor with labels, both with the .npy suffix, in a zip
	// written member by member as np.savez does.
	resp := make([]float64, 2*trials*cells)
	for i := range resp {
		resp[i] = float64(i % 7)
	}
	zpath := filepath.Join(dir, "responses.npz")
	zf, err := os.Create(zpath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	for name, b := range map[string][]byte{
		"responses.npy": npyBytes([]int{2, trials, cells}, resp),
		"labels.npy":    npyBytes([]int{trials}, lab),
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
	x, labels, err = readResponses(zpath)
	if err != nil {
		t.Fatalf("NumPy-style responses npz: %v", err)
	}
	if x.Sessions != 2 || x.Trials != trials || x.Cells != cells || x.Data[13] != 6 || len(labels) != trials {
		t.Errorf("got %d×%d×%d (x[13] = %v, %d labels), want 2×%d×%d (6, %d labels)",
			x.Sessions, x.Trials, x.Cells, x.Data[13], len(labels), trials, cells, trials)
	}
}

// npyBytes encodes data (row-major, little-endian float64) as a .npy file.
func npyBytes(shape []int, data []float64) []byte {
	var buf bytes.Buffer
	dims := ""
	for _, d := range shape {
		dims += fmt.Sprintf("%d, ", d)
	}
	hdr := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }", strings.TrimSuffix(dims, " "))
	for (10+len(hdr)+1)%64 != 0 {
		hdr += " "
	}
	hdr += "\n"
	buf.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&buf, binary.LittleEndian, uint16(len(hdr)))
	buf.WriteString(hdr)
	binary.Write(&buf, binary.LittleEndian, data)
	return buf.Bytes()
}

func TestNaturalLess(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"arr_2", "arr_10", true},
		{"arr_10", "arr_2", false},
		{"session9", "session10", true},
		{"a", "b", true},
		{"s1", "s1", false},
		{"s01", "s1", true}, // same number: byte order
		{"s1", "s1b", true},
		{"x10y2", "x10y10", true},
	} {
		if got := naturalLess(c.a, c.b); got != c.want {
			t.Errorf("naturalLess(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// TestDriftGeometryLabelsGiven: an .npz without 'labels' runs as one
// stimulus, with a stderr note and labels_given false in the JSON; with
// labels, no note; the summary line says "1 label", not "1 labels".
func TestDriftGeometryLabelsGiven(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	const S, T, N = 3, 40, 6
	sessions := func(m map[string]any) {
		for s := 0; s < S; s++ {
			d := mat.NewDense(T, N, nil)
			for i := 0; i < T; i++ {
				for j := 0; j < N; j++ {
					d.Set(i, j, rng.NormFloat64()+float64(i%2))
				}
			}
			m[fmt.Sprintf("session%d", s)] = d
		}
	}
	noLab := map[string]any{}
	sessions(noLab)
	oneLab := map[string]any{"labels": make([]float64, T)} // every trial label 0
	sessions(oneLab)
	twoLab := map[string]any{}
	sessions(twoLab)
	lab := make([]float64, T)
	for i := range lab {
		lab[i] = float64(i % 2)
	}
	twoLab["labels"] = lab
	cases := []struct {
		name      string
		m         map[string]any
		given     bool
		note      bool
		stdoutHas string
	}{
		{"no labels", noLab, false, true, "no labels (one stimulus)"},
		{"one label", oneLab, true, false, ", 1 label:"},
		{"two labels", twoLab, true, false, ", 2 labels:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".npz")
			if err := npz.Write(in, c.m); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(c.name, " ", "-"))
			cmd := newDriftGeometryCmd()
			var stdout, stderr bytes.Buffer
			cmd.SetArgs([]string{"--input", in, "--out", out, "--no-svc"})
			cmd.SetOut(&stdout)
			cmd.SetErr(&stderr)
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			if err := cmd.ExecuteContext(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(stderr.String(), "has no 'labels' array; all 40 trials are treated as one stimulus"); got != c.note {
				t.Errorf("stderr note: got %v (%q), want %v", got, stderr.String(), c.note)
			}
			if !strings.Contains(stdout.String(), c.stdoutHas) {
				t.Errorf("summary: got %q, want it to contain %q", stdout.String(), c.stdoutHas)
			}
			m := readPopJSON(t, filepath.Join(out, "drift-geometry.json"))
			if got := m["labels_given"].(bool); got != c.given {
				t.Errorf("labels_given: got %v, want %v", got, c.given)
			}
			if _, has := m["notes"]; has != !c.given {
				t.Errorf("notes: got %v, want present %v", m["notes"], !c.given)
			}
		})
	}
}

func TestDriftGeometryLagRange(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.npy")
	d := make([]float64, 3*20*4)
	for i := range d {
		d[i] = float64(i*7%11) + float64(i%3)
	}
	writeNpy3(t, p, 3, 20, 4, d)
	cases := []struct{ lag, want string }{
		{"0", "--lag 0: want an integer ≥ 1"},
		{"3", "--lag 3: want 1..2 ("},
		{"10", "--lag 10: want 1..2 ("},
	}
	for _, c := range cases {
		t.Run(c.lag, func(t *testing.T) {
			err := runDG("--input", p, "--out", filepath.Join(dir, "o"), "--lag", c.lag)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// TestDriftGeometryFewTrials: with --allow-few-trials, groups of m trials
// and n > m − 1 cells keep their m − 1 PCs with variance: each group's
// "rank" says so and a note names the groups; with enough trials, rank is
// n and no note is written.
func TestDriftGeometryFewTrials(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct {
		trials, cells, rank int
		note                bool
	}{{12, 20, 5, true}, {40, 6, 6, false}} {
		data := make([]float64, 3*c.trials*c.cells)
		for i := range data {
			data[i] = rng.NormFloat64() + 3
		}
		lab := make([]float64, c.trials)
		for i := range lab {
			lab[i] = float64(i % 2)
		}
		in := filepath.Join(dir, fmt.Sprintf("x%d.npz", c.trials))
		d := mat.NewDense(3*c.trials, c.cells, data)
		m := map[string]any{"labels": lab}
		for s := 0; s < 3; s++ {
			m[fmt.Sprintf("arr_%d", s)] = mat.DenseCopyOf(d.Slice(s*c.trials, (s+1)*c.trials, 0, c.cells))
		}
		if err := npz.Write(in, m); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, fmt.Sprintf("out%d", c.trials))
		if err := runDG("--input", in, "--out", out, "--allow-few-trials", "--no-svc"); err != nil {
			t.Fatal(err)
		}
		j := readPopJSON(t, filepath.Join(out, "drift-geometry.json"))
		groups := j["groups"].([]any)
		if len(groups) != 4 {
			t.Fatalf("%d trials: %d groups, want 4", c.trials, len(groups))
		}
		for i, g := range groups {
			if r := g.(map[string]any)["rank"].(float64); int(r) != c.rank {
				t.Errorf("%d trials × %d cells: group %d rank %v, want %d", c.trials, c.cells, i, r, c.rank)
			}
		}
		notes, _ := j["notes"].([]any)
		if has := len(notes) == 1 && strings.Contains(notes[0].(string), "4 of 4 groups have fewer trials than cells") &&
			strings.Contains(notes[0].(string), "first 5 PCs"); has != c.note || (!c.note && len(notes) > 0) {
			t.Errorf("%d trials: notes %v, want the few-trials note: %v", c.trials, notes, c.note)
		}
	}
}
