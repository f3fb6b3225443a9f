package npy

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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

// Read reads the .npy file at path. Truncated or corrupt headers, .npz
// archives and dtypes it does not convert (float16, complex, object,
// string, structured, datetime) are input errors naming the file and what
// to do.
func Read(path string) (a *Array, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, experiment.Inputf("%s: file not found", path)
	}
	if err != nil {
		return nil, experiment.Inputf("%s: cannot open: %v", path, unwrapPath(err))
	}
	defer f.Close()
	h, err := checkHeader(path, f)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() < h.end {
		return nil, experiment.Inputf("%s: truncated: shape %s of dtype '%s' needs %d bytes, the file has %d",
			path, shapeString(h.shape), h.code, h.end, st.Size())
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, experiment.Inputf("%s: cannot read: %v", path, unwrapPath(err))
	}
	// npyio panics on some malformed headers and data; report them as
	// input errors instead.
	defer func() {
		if recover() != nil {
			a, err = nil, experiment.Inputf("%s: truncated or corrupt .npy file", path)
		}
	}()
	r, err := npyio.NewReader(bufio.NewReader(f))
	descr := h.code
	if err != nil {
		return nil, experiment.Inputf("%s: not a NumPy .npy file (%v)", path, err)
	}
	var arr npy.Array
	if err := r.Read(&arr); err != nil {
		return nil, experiment.Inputf("%s: cannot read array of dtype '%s': %v", path, descr, err)
	}
	shape := append([]int(nil), r.Header.Descr.Shape...)
	n := 1
	for _, v := range shape {
		n *= v
	}
	data, err := toFloat(arr.Data(), n)
	if err != nil {
		return nil, experiment.Inputf("%s: %v (dtype '%s')", path, err, descr)
	}
	if r.Header.Descr.Fortran && len(shape) > 1 {
		data = fortranToC(data, shape)
	}
	return &Array{Shape: shape, Data: data}, nil
}

// maxHeaderBytes bounds the .npy header checkHeader reads.
const maxHeaderBytes = 1 << 20

// header is what checkHeader reads from a .npy header.
type header struct {
	code  string // dtype descriptor, e.g. "<f8"
	shape []int
	end   int64 // size of a complete file: header plus data
}

// checkHeader reads the magic string, version and header dictionary of the
// .npy file r (named path in errors) and returns the dtype descriptor
// ('descr'), the shape and the size of the whole file. It returns an input error for a truncated or corrupt header,
// an .npz archive and a dtype that Read does not convert.
func checkHeader(path string, r io.Reader) (header, error) {
	corrupt := experiment.Inputf("%s: truncated or corrupt .npy header", path)
	var pre [12]byte
	n, _ := io.ReadFull(r, pre[:])
	switch {
	case n >= 4 && string(pre[:4]) == "PK\x03\x04" || n >= 4 && string(pre[:4]) == "PK\x05\x06":
		return header{}, experiment.Inputf("%s is an .npz archive (zip of arrays); save the array you want with np.save (np.save('F.npy', np.load('%s')['F']))", path, filepath.Base(path))
	case n < len(npyMagic) && string(pre[:n]) == npyMagic[:n]:
		return header{}, corrupt
	case string(pre[:len(npyMagic)]) != npyMagic:
		return header{}, experiment.Inputf("%s: not a NumPy .npy file (no \\x93NUMPY magic string)", path)
	case n < 10:
		return header{}, corrupt
	}
	var hlen, off int
	switch pre[6] {
	case 1:
		hlen, off = int(binary.LittleEndian.Uint16(pre[8:10])), 10
	case 2, 3:
		if n < 12 {
			return header{}, corrupt
		}
		hlen, off = int(binary.LittleEndian.Uint32(pre[8:12])), 12
	default:
		return header{}, experiment.Inputf("%s: .npy format version %d.%d is not read (want 1.0, 2.0 or 3.0)", path, pre[6], pre[7])
	}
	if hlen > maxHeaderBytes {
		return header{}, corrupt
	}
	hdr := make([]byte, off+hlen)
	copy(hdr, pre[:n])
	if n == len(pre) {
		if _, err := io.ReadFull(r, hdr[n:]); err != nil {
			return header{}, corrupt
		}
	} else if n < len(hdr) {
		return header{}, corrupt
	}
	dict := string(hdr[off:])
	if !strings.HasSuffix(dict, "\n") || !strings.Contains(dict, "}") {
		return header{}, corrupt
	}
	m := descrRE.FindStringSubmatch(dict)
	if m == nil {
		if strings.Contains(dict, "'descr': [") || strings.Contains(dict, "'descr':[") {
			return header{}, experiment.Inputf("%s: a structured array (record dtype); save a regular numeric array (one field, e.g. a['F'])", path)
		}
		return header{}, corrupt
	}
	sm := shapeRE.FindStringSubmatch(dict)
	if sm == nil || !orderRE.MatchString(dict) {
		return header{}, corrupt
	}
	if err := dtypeError(path, m[1]); err != nil {
		return header{}, err
	}
	h := header{code: m[1]}
	size, err := strconv.ParseInt(strings.TrimLeft(m[1], "<>|=")[1:], 10, 64)
	if err != nil {
		return header{}, corrupt
	}
	for tok := range strings.SplitSeq(sm[1], ",") {
		if tok = strings.TrimSpace(tok); tok == "" {
			continue
		}
		v, err := strconv.Atoi(tok)
		if err != nil || v < 0 || v > 1<<50 {
			return header{}, corrupt
		}
		h.shape = append(h.shape, v)
		if v > 0 && size > 1<<50/int64(v) {
			return header{}, corrupt
		}
		size *= int64(v)
	}
	h.end = int64(off+hlen) + size
	return h, nil
}

const npyMagic = "\x93NUMPY"

var (
	descrRE = regexp.MustCompile(`'descr':\s*'([^']*)'`)
	shapeRE = regexp.MustCompile(`'shape':\s*\(([0-9,\s]*)\)`)
	orderRE = regexp.MustCompile(`'fortran_order':\s*(True|False)`)
)

// dtypeError returns nil if Read converts the dtype descr (e.g. '<f8'),
// and otherwise an input error naming it in NumPy terms and saying what to
// do.
func dtypeError(path, descr string) error {
	code := strings.TrimLeft(descr, "<>|=")
	if code == "" {
		return experiment.Inputf("%s: empty dtype descriptor in the .npy header", path)
	}
	kind, size := code[0], code[1:]
	switch kind {
	case 'f':
		switch size {
		case "4", "8":
			return nil
		case "2":
			return experiment.Inputf("%s: dtype float16 ('%s') is not read; save as float32 or float64 (a.astype(np.float32))", path, descr)
		}
		return experiment.Inputf("%s: dtype float%s ('%s') is not read; save as float64 (a.astype(np.float64))", path, bits(size), descr)
	case 'i', 'u':
		switch size {
		case "1", "2", "4", "8":
			return nil
		}
	case 'b':
		if size == "1" {
			return nil
		}
	case 'c':
		return experiment.Inputf("%s: dtype complex%s ('%s') is not read; save the real part or the magnitude as float64 (a.real or np.abs(a))", path, bits(size), descr)
	case 'O':
		return experiment.Inputf("%s: an object array (dtype '%s'), e.g. a list of ragged arrays; save a regular numeric array", path, descr)
	case 'U', 'S', 'a':
		return experiment.Inputf("%s: a string array (dtype '%s'); save a regular numeric array", path, descr)
	case 'M', 'm':
		return experiment.Inputf("%s: a datetime/timedelta array (dtype '%s'); save numbers instead (a.astype(np.int64))", path, descr)
	}
	return experiment.Inputf("%s: dtype '%s' is not read; save a float, integer or bool array", path, descr)
}

// bits converts a NumPy item size in bytes ("16") to bits ("128").
func bits(size string) string {
	n, err := strconv.Atoi(size)
	if err != nil {
		return size
	}
	return strconv.Itoa(8 * n)
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
