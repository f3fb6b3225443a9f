package npy

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"

	"neurolab/experiment"
)

func TestRoundTrip3D(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.npy")
	data := make([]float64, 2*3*4)
	for i := range data {
		data[i] = float64(i) / 2
	}
	if err := WriteFloat64(p, []int{2, 3, 4}, data); err != nil {
		t.Fatal(err)
	}
	a, err := ReadRank(p, 3, "a × b × c")
	if err != nil {
		t.Fatal(err)
	}
	if a.ShapeString() != "(2, 3, 4)" {
		t.Errorf("shape: got %s, want (2, 3, 4)", a.ShapeString())
	}
	for i := range data {
		if a.Data[i] != data[i] {
			t.Fatalf("element %d: got %v, want %v", i, a.Data[i], data[i])
		}
	}
}

// Integer and float32 files written by npyio convert to float64.
func TestDtypes(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		val  any
		want []float64
	}{
		{"int64", []int64{3, -1, 7}, []float64{3, -1, 7}},
		{"int32", []int32{1, 2}, []float64{1, 2}},
		{"float32", []float32{0.5, 1.5}, []float64{0.5, 1.5}},
		{"bool", []bool{true, false}, []float64{1, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name+".npy")
			f, _ := os.Create(p)
			if err := npyio.Write(f, c.val); err != nil {
				t.Fatal(err)
			}
			f.Close()
			a, err := Read(p)
			if err != nil {
				t.Fatal(err)
			}
			for i := range c.want {
				if a.Data[i] != c.want[i] {
					t.Errorf("element %d: got %v, want %v", i, a.Data[i], c.want[i])
				}
			}
		})
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.npy")
	os.WriteFile(bad, []byte("not numpy"), 0o644)
	vec := filepath.Join(dir, "vec.npy")
	WriteFloat64(vec, []int{3}, []float64{1, 2, 3.5})
	cases := []struct {
		name, path string
		rank       int
		want       string
	}{
		{"missing", filepath.Join(dir, "none.npy"), 1, "file not found"},
		{"garbage", bad, 1, "not a NumPy"},
		{"rank", vec, 2, "has 1 dimensions, want 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadRank(c.path, c.rank, "x")
			if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
				t.Errorf("got %v, want an input error naming the file and %q", err, c.want)
			}
		})
	}
	a, _ := Read(vec)
	if _, err := a.Ints(vec); err == nil {
		t.Error("Ints of 3.5: want error")
	}
	a.Data[1] = 0.0 / zero()
	if err := a.CheckFinite(vec); err == nil || !strings.Contains(err.Error(), "(1,)") {
		t.Errorf("CheckFinite: got %v, want an error naming index (1,)", err)
	}
}

func zero() float64 { return 0 }

func TestFortranToC(t *testing.T) {
	// A 2 × 3 matrix [[0 1 2] [3 4 5]] stored column-major is 0 3 1 4 2 5.
	got := fortranToC([]float64{0, 3, 1, 4, 2, 5}, []int{2, 3})
	for i, v := range got {
		if v != float64(i) {
			t.Fatalf("got %v, want 0..5", got)
		}
	}
}
