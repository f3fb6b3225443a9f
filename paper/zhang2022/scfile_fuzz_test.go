package zhang2022

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/dataio/npy"
	"neurolab/experiment"
)

// FuzzLoadSC writes fuzz bytes as a .csv or .npy connectome and loads it:
// every failure is a one-line input error, and an accepted matrix is N×N,
// N ≥ 2, finite, non-negative, with a zero diagonal.
func FuzzLoadSC(f *testing.F) {
	for _, s := range []string{"0,1\n1,0\n", "1,2,0\n2,0,3\n0,3,5\n", " 0, 0.5 \r\n0.5, 0\n\n", "0,1\n1\n", "0,a\n1,0\n",
		"\"0\",\"1e-3\"\n\"2\",0\n", "0,NaN\n1,0\n", "0,-1\n1,0\n", "", "0\n", "0,1,\"\n\"\n1,0\n", "0,0x1p-2\n0,0\n"} {
		f.Add([]byte(s), false)
	}
	dir := f.TempDir()
	for i, m := range []struct {
		shape []int
		data  []float64
	}{{[]int{2, 2}, []float64{0, 0.5, 0.5, 0}}, {[]int{3, 3}, []float64{1, 2, 0, 2, 0, 3, 0, 3, 5}},
		{[]int{2, 3}, make([]float64, 6)}, {[]int{4}, []float64{0, 1, 1, 0}}, {[]int{2, 2}, []float64{0, math.Inf(1), 1, 0}}} {
		p := filepath.Join(dir, "m"+string(rune('0'+i))+".npy")
		if err := npy.WriteFloat64(p, m.shape, m.data); err != nil {
			f.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, true)
	}
	f.Fuzz(func(t *testing.T, b []byte, isNpy bool) {
		name := "sc.csv"
		if isNpy {
			name = "sc.npy"
		}
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := loadSC(p)
		if err != nil {
			if !errors.Is(err, experiment.ErrInput) || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("got error %q, want a one-line input error", err)
			}
			return
		}
		if c.n < 2 || len(c.w) != c.n*c.n {
			t.Fatalf("n = %d with %d weights", c.n, len(c.w))
		}
		for i, v := range c.w {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || i/c.n == i%c.n && v != 0 {
				t.Fatalf("weight (%d,%d) = %v", i/c.n, i%c.n, v)
			}
		}
		if !isNpy {
			// The CSV reader agrees with loadSC on the size.
			_, r, cols, err := readCSV(bytes.NewReader(b))
			if err != nil || r != c.n || cols != c.n {
				t.Fatalf("readCSV: %d×%d, %v; loadSC: n = %d", r, cols, err, c.n)
			}
		}
	})
}
