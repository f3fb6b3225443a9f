package npy

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strings"

	"codeberg.org/sbinet/npyio"
	"codeberg.org/sbinet/npyio/npy"

	"neurolab/experiment"
)

// Array is an n-dimensional array in C (row-major) order.
type Array struct {
	Shape []int
	Data  []float64
}

// Len returns the number of elements.
func (a *Array) Len() int { return len(a.Data) }

// ShapeString formats the shape as NumPy does, e.g. "(3, 4)".
func (a *Array) ShapeString() string { return shapeString(a.Shape) }

func shapeString(s []int) string {
	parts := make([]string, len(s))
	for i, v := range s {
		parts[i] = fmt.Sprint(v)
	}
	if len(s) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// Read reads the .npy file at path.
func Read(path string) (*Array, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, experiment.Inputf("%s: file not found", path)
	}
	if err != nil {
		return nil, experiment.Inputf("%s: cannot open: %v", path, unwrapPath(err))
	}
	defer f.Close()
	r, err := npyio.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, experiment.Inputf("%s: not a NumPy .npy file (%v)", path, err)
	}
	var arr npy.Array
	if err := r.Read(&arr); err != nil {
		return nil, experiment.Inputf("%s: cannot read array of dtype %s: %v", path, r.Header.Descr.Type, err)
	}
	shape := append([]int(nil), r.Header.Descr.Shape...)
	n := 1
	for _, v := range shape {
		n *= v
	}
	data, err := toFloat(arr.Data(), n)
	if err != nil {
		return nil, experiment.Inputf("%s: %v (dtype %s)", path, err, r.Header.Descr.Type)
	}
	if r.Header.Descr.Fortran && len(shape) > 1 {
		data = fortranToC(data, shape)
	}
	return &Array{Shape: shape, Data: data}, nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// appendFloat appends the elements of d, converted to float64, to out.
func appendFloat[T float32 | int64 | int32 | int16 | int8 | uint64 | uint32 | uint16 | uint8](out []float64, d []T) []float64 {
	for _, x := range d {
		out = append(out, float64(x))
	}
	return out
}

func toFloat(v any, n int) ([]float64, error) {
	out := make([]float64, 0, n)
	switch d := v.(type) {
	case []float64:
		out = append(out, d...)
	case []float32:
		out = appendFloat(out, d)
	case []int64:
		out = appendFloat(out, d)
	case []int32:
		out = appendFloat(out, d)
	case []int16:
		out = appendFloat(out, d)
	case []int8:
		out = appendFloat(out, d)
	case []uint64:
		out = appendFloat(out, d)
	case []uint32:
		out = appendFloat(out, d)
	case []uint16:
		out = appendFloat(out, d)
	case []uint8:
		out = appendFloat(out, d)
	case []bool:
		for _, x := range d {
			if x {
				out = append(out, 1)
			} else {
				out = append(out, 0)
			}
		}
	case float64:
		out = append(out, d)
	case float32:
		out = append(out, float64(d))
	case int64:
		out = append(out, float64(d))
	case int32:
		out = append(out, float64(d))
	default:
		return nil, fmt.Errorf("unsupported element type %T (want a numeric or boolean array)", v)
	}
	if len(out) != n {
		return nil, fmt.Errorf("holds %d values, its shape says %d", len(out), n)
	}
	return out, nil
}

// fortranToC reorders column-major data of the given shape to row-major.
func fortranToC(d []float64, shape []int) []float64 {
	out := make([]float64, len(d))
	k := len(shape)
	idx := make([]int, k)
	for i := range d {
		// i is the C-order linear index; find its Fortran-order position.
		rem := i
		for a := k - 1; a >= 0; a-- {
			idx[a] = rem % shape[a]
			rem /= shape[a]
		}
		f, stride := 0, 1
		for a := 0; a < k; a++ {
			f += idx[a] * stride
			stride *= shape[a]
		}
		out[i] = d[f]
	}
	return out
}

// ReadRank reads path and checks that it has the given rank; what names the
// expected layout in the error, e.g. "trials × neurons".
func ReadRank(path string, rank int, what string) (*Array, error) {
	a, err := Read(path)
	if err != nil {
		return nil, err
	}
	if len(a.Shape) != rank {
		return nil, experiment.Inputf("%s: shape %s has %d dimensions, want %d (%s)", path, a.ShapeString(), len(a.Shape), rank, what)
	}
	for _, v := range a.Shape {
		if v == 0 {
			return nil, experiment.Inputf("%s: shape %s is empty (want %s)", path, a.ShapeString(), what)
		}
	}
	return a, nil
}

// CheckFinite returns an input error naming path and the first non-finite
// element.
func (a *Array) CheckFinite(path string) error {
	for i, v := range a.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return experiment.Inputf("%s: element %d (index %s) is %v; NaN and Inf are not allowed", path, i, a.index(i), v)
		}
	}
	return nil
}

// CheckNoInf is CheckFinite for data where NaN marks a missing value: it
// returns an input error naming path and the first ±Inf element.
func (a *Array) CheckNoInf(path string) error {
	for i, v := range a.Data {
		if math.IsInf(v, 0) {
			return experiment.Inputf("%s: element %d (index %s) is %v; Inf is not allowed (NaN marks a missing value)", path, i, a.index(i), v)
		}
	}
	return nil
}

func (a *Array) index(i int) string {
	idx := make([]int, len(a.Shape))
	for k := len(a.Shape) - 1; k >= 0; k-- {
		idx[k] = i % a.Shape[k]
		i /= a.Shape[k]
	}
	return shapeString(idx)
}

// Ints returns the data as integers, or an input error naming path if an
// element is not an integer.
func (a *Array) Ints(path string) ([]int, error) {
	out := make([]int, len(a.Data))
	for i, v := range a.Data {
		if v != math.Trunc(v) || math.IsInf(v, 0) || math.Abs(v) > 1<<53 {
			return nil, experiment.Inputf("%s: element %d is %v, want an integer", path, i, v)
		}
		out[i] = int(v)
	}
	return out, nil
}

// WriteFloat64 writes data (C order) with the given shape as a little-endian
// float64 .npy file (format version 1.0).
func WriteFloat64(path string, shape []int, data []float64) error {
	n := 1
	for _, v := range shape {
		n *= v
	}
	if n != len(data) {
		return fmt.Errorf("npy: %d values for shape %s", len(data), shapeString(shape))
	}
	hdr := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': %s, }", shapeString(shape))
	// Pad so that magic(6)+version(2)+len(2)+header is a multiple of 64,
	// ending in a newline.
	total := 10 + len(hdr) + 1
	hdr += strings.Repeat(" ", (64-total%64)%64) + "\n"
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("\x93NUMPY")
	w.Write([]byte{1, 0})
	binary.Write(w, binary.LittleEndian, uint16(len(hdr)))
	w.WriteString(hdr)
	if err := binary.Write(w, binary.LittleEndian, data); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
