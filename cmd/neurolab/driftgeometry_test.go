package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"codeberg.org/sbinet/npyio/npz"
	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

func writeNpy3(t *testing.T, path string, s, tr, n int, data []float64) {
	var buf bytes.Buffer
	hdr := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d, %d), }", s, tr, n)
	for (10+len(hdr)+1)%64 != 0 {
		hdr += " "
	}
	hdr += "\n"
	buf.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&buf, binary.LittleEndian, uint16(len(hdr)))
	buf.WriteString(hdr)
	binary.Write(&buf, binary.LittleEndian, data)
	os.WriteFile(path, buf.Bytes(), 0o644)
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
