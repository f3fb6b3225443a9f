package report

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type arrayDoc struct {
	Name  string     `json:"name"`
	Inner any        `json:"inner"`
	PV    []*float64 `json:"pv_matrix"`
	Tail  []int      `json:"tail,omitempty"`
}

func ptrs(x []float64) []*float64 {
	out := make([]*float64, len(x))
	for i := range x {
		if !math.IsNaN(x[i]) && !math.IsInf(x[i], 0) {
			out[i] = &x[i]
		}
	}
	return out
}

// TestWriteJSONArrayFieldSameBytes: the streamed array gives the file
// WriteJSON writes with the values in the field, byte for byte, for values
// across float64's range (every switch between fixed and exponent form,
// subnormals, −0, NaN, ±Inf), for empty and one-value arrays, with the key
// also present in strings and nested objects, and with the field first, in
// the middle or last.
func TestWriteJSONArrayFieldSameBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	special := []float64{0, math.Copysign(0, -1), 1, -1, 1e-6, 9.999999999999999e-7, 1e-7, 1.5e-7, 1e21, 9.99999999999999e20,
		1e20, 123456789.123, 5e-324, math.SmallestNonzeroFloat64 * 3, math.MaxFloat64, -math.MaxFloat64, 1e-300, 1e300,
		math.NaN(), math.Inf(1), math.Inf(-1), 0.1, 1.0 / 3, 2.5e-10, -7e-8, 1e100}
	var many []float64
	for i := 0; i < 20000; i++ {
		many = append(many, math.Ldexp(rng.Float64()*2-1, rng.IntN(2100)-1075))
	}
	many = append(many, special...)
	cases := map[string][]float64{"special": special, "many": many, "empty": {}, "one": {0.25}, "nan": {math.NaN()}}
	dir := t.TempDir()
	for name, vals := range cases {
		for _, tail := range [][]int{nil, {1, 2}} {
			full := arrayDoc{Name: `has "pv_matrix": null inside` + "\n", Inner: map[string]any{"pv_matrix": nil}, PV: ptrs(vals), Tail: tail}
			want := filepath.Join(dir, name+"-want.json")
			if err := WriteJSON(want, full); err != nil {
				t.Fatal(err)
			}
			full.PV = nil
			got := filepath.Join(dir, name+"-got.json")
			if err := WriteJSONArrayField(got, full, "pv_matrix", vals); err != nil {
				t.Fatal(err)
			}
			a, _ := os.ReadFile(want)
			b, _ := os.ReadFile(got)
			if !bytes.Equal(a, b) {
				n := 0
				for n < min(len(a), len(b)) && a[n] == b[n] {
					n++
				}
				t.Errorf("%s (tail %v): files differ at byte %d: %q vs %q", name, tail,
					n, a[max(0, n-40):min(len(a), n+40)], b[max(0, n-40):min(len(b), n+40)])
			}
		}
	}
	// The field first in the object.
	type first struct {
		PV   []*float64 `json:"pv"`
		Rest string     `json:"rest"`
	}
	vals := []float64{1, 2e-9}
	w, g := filepath.Join(dir, "first-want.json"), filepath.Join(dir, "first-got.json")
	if err := WriteJSON(w, first{PV: ptrs(vals), Rest: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSONArrayField(g, first{Rest: "x"}, "pv", vals); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(w)
	b, _ := os.ReadFile(g)
	if !bytes.Equal(a, b) {
		t.Errorf("field first: %q vs %q", a, b)
	}
}

// TestWriteJSONArrayFieldErrors: a field that is missing or not null is an
// error naming it, and nothing is written.
func TestWriteJSONArrayFieldErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.json")
	for _, v := range []any{
		map[string]any{"other": nil},
		map[string]any{"pv_matrix": []int{1}},
		map[string]any{"nested": map[string]any{"pv_matrix": nil}},
	} {
		err := WriteJSONArrayField(path, v, "pv_matrix", []float64{1})
		if err == nil || !strings.Contains(err.Error(), `"pv_matrix"`) {
			t.Errorf("%v: got %v, want an error naming the field", v, err)
		}
	}
	if err := WriteJSONArrayField(path, map[string]float64{"x": math.NaN()}, "x", nil); err == nil || !strings.Contains(err.Error(), "encoding") {
		t.Errorf("NaN in v: got %v, want an encoding error", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written: %v", entries)
	}
}
