package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"
)

// The exchange format between the runner, the neurolab child and the Python
// peers is a directory of raw little-endian float64 arrays (NAME.f64, row
// major) plus meta.json, which holds the scalar parameters and, under
// "shapes", every array's shape. NumPy reads an array with
// np.fromfile(path, "<f8").reshape(shape).

// Meta is the content of meta.json.
type Meta struct {
	Params map[string]float64 `json:"params"`
	Shapes map[string][]int   `json:"shapes"`
}

func newMeta() *Meta { return &Meta{Params: map[string]float64{}, Shapes: map[string][]int{}} }

// P returns parameter name, panicking if it is missing (a runner bug).
func (m *Meta) P(name string) float64 {
	v, ok := m.Params[name]
	if !ok {
		panic("bench: missing parameter " + name)
	}
	return v
}

// I returns parameter name as an int.
func (m *Meta) I(name string) int { return int(m.P(name)) }

// writeArray writes data as dir/name.f64 and records its shape in m.
func writeArray(dir, name string, m *Meta, data []float64, shape ...int) error {
	n := 1
	for _, s := range shape {
		n *= s
	}
	if n != len(data) {
		return fmt.Errorf("bench: array %s has %d values, shape %v", name, len(data), shape)
	}
	buf := make([]byte, 8*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(v))
	}
	if m != nil {
		m.Shapes[name] = shape
	}
	return os.WriteFile(filepath.Join(dir, name+".f64"), buf, 0o644)
}

// writeVectors writes each array of vs as a 1-D array under its name.
func writeVectors(dir string, m *Meta, vs map[string][]float64) error {
	for name, v := range vs {
		if err := writeArray(dir, name, m, v, len(v)); err != nil {
			return err
		}
	}
	return nil
}

// writeDense writes a gonum matrix (row major).
func writeDense(dir, name string, m *Meta, a mat.Matrix) error {
	r, c := a.Dims()
	d := mat.DenseCopyOf(a)
	return writeArray(dir, name, m, d.RawMatrix().Data, r, c)
}

// readArray reads dir/name.f64.
func readArray(dir, name string) ([]float64, error) {
	buf, err := os.ReadFile(filepath.Join(dir, name+".f64"))
	if err != nil {
		return nil, err
	}
	if len(buf)%8 != 0 {
		return nil, fmt.Errorf("bench: %s: %d bytes is not a float64 array", name, len(buf))
	}
	out := make([]float64, len(buf)/8)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(buf[8*i:]))
	}
	return out, nil
}

// readInput reads a workload input's metadata and its matrix name.
func readInput(dir, name string) (*Meta, *mat.Dense, error) {
	m, err := readMeta(dir)
	if err != nil {
		return nil, nil, err
	}
	d, err := readDense(dir, name, m)
	if err != nil {
		return nil, nil, err
	}
	return m, d, nil
}

// readInputs reads a workload input's metadata and its arrays names, in
// order.
func readInputs(dir string, names ...string) (*Meta, [][]float64, error) {
	m, err := readMeta(dir)
	if err != nil {
		return nil, nil, err
	}
	arrays := make([][]float64, len(names))
	for i, name := range names {
		if arrays[i], err = readArray(dir, name); err != nil {
			return nil, nil, err
		}
	}
	return m, arrays, nil
}

// readDense reads a 2-D array recorded in m.
func readDense(dir, name string, m *Meta) (*mat.Dense, error) {
	d, err := readArray(dir, name)
	if err != nil {
		return nil, err
	}
	s := m.Shapes[name]
	if len(s) != 2 || s[0]*s[1] != len(d) {
		return nil, fmt.Errorf("bench: %s: shape %v does not fit %d values", name, s, len(d))
	}
	return mat.NewDense(s[0], s[1], d), nil
}

func writeMeta(dir string, m *Meta) error {
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "meta.json"), b, 0o644)
}

func readMeta(dir string) (*Meta, error) {
	b, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil, err
	}
	m := newMeta()
	return m, json.Unmarshal(b, m)
}

// Timing is what each side writes to OUT/timing.json: the seconds spent in
// the workload's kernel, excluding interpreter start-up, imports and input
// reading.
type Timing struct {
	Seconds float64 `json:"seconds"`
}

func writeTiming(dir string, sec float64) error {
	b, _ := json.Marshal(Timing{Seconds: sec})
	return os.WriteFile(filepath.Join(dir, "timing.json"), b, 0o644)
}

func readTiming(dir string) (float64, error) {
	b, err := os.ReadFile(filepath.Join(dir, "timing.json"))
	if err != nil {
		return 0, err
	}
	var t Timing
	if err := json.Unmarshal(b, &t); err != nil {
		return 0, err
	}
	return t.Seconds, nil
}

// maxAbsDiff returns max_i |a_i − b_i| and max_i |b_i|, or an error on a
// length mismatch or a non-finite value.
func maxAbsDiff(a, b []float64) (diff, scale float64, err error) {
	if len(a) != len(b) {
		return 0, 0, fmt.Errorf("length %d vs %d", len(a), len(b))
	}
	for i := range a {
		if math.IsNaN(a[i]) || math.IsInf(a[i], 0) || math.IsNaN(b[i]) || math.IsInf(b[i], 0) {
			return 0, 0, fmt.Errorf("non-finite value at %d: %g vs %g", i, a[i], b[i])
		}
		diff = math.Max(diff, math.Abs(a[i]-b[i]))
		scale = math.Max(scale, math.Abs(b[i]))
	}
	return diff, scale, nil
}

// readPair reads array name from the neurolab and the peer output
// directories.
func readPair(nlDir, pyDir, name string) (nl, py []float64, err error) {
	if nl, err = readArray(nlDir, name); err != nil {
		return nil, nil, err
	}
	if py, err = readArray(pyDir, name); err != nil {
		return nil, nil, err
	}
	return nl, py, nil
}

// readScalars reads the one-value arrays name from the neurolab and the peer
// output directories; what names the value in the error when either is not
// one finite value.
func readScalars(nlDir, pyDir, name, what string) (v [2]float64, err error) {
	for i, d := range []string{nlDir, pyDir} {
		a, err := readArray(d, name)
		if err != nil {
			return v, err
		}
		if len(a) != 1 || math.IsNaN(a[0]) || math.IsInf(a[0], 0) {
			return v, fmt.Errorf("%s %v, want one finite value", what, a)
		}
		v[i] = a[0]
	}
	return v, nil
}

// relDiff returns max |a−b| / max|b| for the arrays name (a from nlDir, b
// from pyDir) of two output directories.
func relDiff(nlDir, pyDir, name string) (float64, error) {
	a, b, err := readPair(nlDir, pyDir, name)
	if err != nil {
		return 0, err
	}
	d, s, err := maxAbsDiff(a, b)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", name, err)
	}
	return d / math.Max(s, 1e-300), nil
}

// closeRel compares arrays name in two output directories: max |a−b| ≤
// rtol·max|b|. It returns a one-line description of the agreement.
func closeRel(nlDir, pyDir, name string, rtol float64) (string, error) {
	rel, err := relDiff(nlDir, pyDir, name)
	if err != nil {
		return "", err
	}
	msg := fmt.Sprintf("%s max rel diff %.1e (tol %.0e)", name, rel, rtol)
	if !(rel <= rtol) {
		return msg, fmt.Errorf("%s: got max |Δ|/max|peer| = %.3g, want ≤ %.3g", name, rel, rtol)
	}
	return msg, nil
}
