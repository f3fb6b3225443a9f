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
