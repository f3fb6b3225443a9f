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
func Read(path string) (*Array, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, experiment.Inputf("%s: file not found", path)
	}
	if err != nil {
		return nil, experiment.Inputf("%s: cannot open: %v", path, unwrapPath(err))
	}
	defer f.Close()
	size := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return decode(path, f, size)
}

// ReadFrom reads a .npy file from r, e.g. a member of an .npz archive
// (archive/zip); name stands for it in errors. It is Read for data that do
// not come from a file of known size: the array grows as its data arrive,
// so a header that claims more than r holds fails at r's end.
func ReadFrom(name string, r io.Reader) (*Array, error) { return decode(name, r, -1) }

// decode reads a .npy file of size bytes (−1 when unknown, e.g. a pipe)
// from r; path names it in errors. The header alone decides the dtype,
// order and shape of the data, and the file size bounds what is allocated:
// a header that claims more data than the file holds is an error before
// anything is read. Bytes after the data are ignored, as np.load does (a
// second array np.save wrote to the same open file, for example).
func decode(path string, r io.Reader, size int64) (*Array, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	h, err := checkHeader(path, br)
	if err != nil {
		return nil, err
	}
	if size >= 0 && size < h.end {
		return nil, truncated(path, h, size)
	}
	conv := converter(h.kind, h.itemsize, h.order)
	if (h.end-h.start)/int64(h.itemsize) > math.MaxInt {
		return nil, experiment.Inputf("%s: shape %s holds more values than this platform can index", path, shapeString(h.shape))
	}
	n := int((h.end - h.start) / int64(h.itemsize))
	// Without a known size the header is not trusted for the allocation:
	// the data grows as it arrives.
	capacity := n
	if size < 0 {
		capacity = min(n, 1<<16)
	}
	data := make([]float64, 0, capacity)
	buf := make([]byte, 0, max(h.itemsize, int(min(h.end-h.start, 1<<16))))
	for len(data) < n {
		k := min(n-len(data), cap(buf)/h.itemsize)
		b := buf[:k*h.itemsize]
		if m, err := io.ReadFull(br, b); err != nil {
			return nil, truncated(path, h, h.start+int64(len(data)*h.itemsize+m))
		}
		for i := 0; i < k; i++ {
			data = append(data, conv(b[i*h.itemsize:]))
		}
	}
	if h.fortran && len(h.shape) > 1 {
		data = fortranToC(data, h.shape)
	}
	return &Array{Shape: h.shape, Data: data}, nil
}

// truncated is the error of a file of size bytes that ends before the data
// its header h describes.
func truncated(path string, h header, size int64) error {
	return experiment.Inputf("%s: truncated: shape %s of dtype '%s' needs %d bytes, the file has %d",
		path, shapeString(h.shape), h.code, h.end, size)
}

// converter returns the function that converts one element of the given
// kind ('f', 'i', 'u' or 'b'), item size and byte order ('<', '>', '|',
// '=' or 0 for none) to float64.
func converter(kind byte, itemsize int, order byte) func([]byte) float64 {
	var bo binary.ByteOrder = binary.LittleEndian
	switch order {
	case '>':
		bo = binary.BigEndian
	case '=':
		bo = binary.NativeEndian
	}
	switch int(kind)<<4 | itemsize {
	case 'f'<<4 | 4:
		return func(b []byte) float64 { return float64(math.Float32frombits(bo.Uint32(b))) }
	case 'f'<<4 | 8:
		return func(b []byte) float64 { return math.Float64frombits(bo.Uint64(b)) }
	case 'i'<<4 | 1:
		return func(b []byte) float64 { return float64(int8(b[0])) }
	case 'i'<<4 | 2:
		return func(b []byte) float64 { return float64(int16(bo.Uint16(b))) }
	case 'i'<<4 | 4:
		return func(b []byte) float64 { return float64(int32(bo.Uint32(b))) }
	case 'i'<<4 | 8:
		return func(b []byte) float64 { return float64(int64(bo.Uint64(b))) }
	case 'u'<<4 | 1:
		return func(b []byte) float64 { return float64(b[0]) }
	case 'u'<<4 | 2:
		return func(b []byte) float64 { return float64(bo.Uint16(b)) }
	case 'u'<<4 | 4:
		return func(b []byte) float64 { return float64(bo.Uint32(b)) }
	case 'u'<<4 | 8:
		return func(b []byte) float64 { return float64(bo.Uint64(b)) }
	case 'b'<<4 | 1:
		return func(b []byte) float64 {
			if b[0] != 0 {
				return 1
			}
			return 0
		}
	}
	panic(fmt.Sprintf("npy: no converter for kind %q size %d", kind, itemsize)) // checkHeader admits only the above
}

// maxHeaderBytes bounds the .npy header checkHeader reads.
const maxHeaderBytes = 1 << 20

// maxDataBytes bounds the data size a header may claim (1 PiB): beyond it
// the size arithmetic is not needed and a corrupt header is likelier.
const maxDataBytes = 1 << 50

// maxDims is the most dimensions NumPy (2.x) gives an array.
const maxDims = 64

// header is what checkHeader reads from a .npy header.
type header struct {
	code     string // dtype descriptor, e.g. "<f8"
	order    byte   // byte order: '<', '>', '|', '=' or 0 (none given)
	kind     byte   // 'f', 'i', 'u' or 'b'
	itemsize int    // bytes per element
	fortran  bool   // column-major data
	shape    []int
	start    int64 // offset of the data: magic, version, length and header
	end      int64 // size of a complete file: header plus data
}

// checkHeader reads the magic string, version and header dictionary of the
// .npy file r (named path in errors) and returns the dtype descriptor
// ('descr'), the order, the shape and the size of the whole file; it reads
// nothing beyond the header. It returns an input error for a truncated or
// corrupt header, an .npz archive and a dtype that Read does not convert.
func checkHeader(path string, r io.Reader) (header, error) {
	corrupt := experiment.Inputf("%s: truncated or corrupt .npy header", path)
	var pre [12]byte
	n, _ := io.ReadFull(r, pre[:10])
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
		if m, _ := io.ReadFull(r, pre[10:12]); m < 2 {
			return header{}, corrupt
		}
		hlen, off = int(binary.LittleEndian.Uint32(pre[8:12])), 12
	default:
		return header{}, experiment.Inputf("%s: .npy format version %d.%d is not read (want 1.0, 2.0 or 3.0)", path, pre[6], pre[7])
	}
	if hlen > maxHeaderBytes {
		return header{}, corrupt
	}
	hdr := make([]byte, hlen)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return header{}, corrupt
	}
	dict := string(hdr)
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
	om := orderRE.FindStringSubmatch(dict)
	if sm == nil || om == nil {
		return header{}, corrupt
	}
	// One entry per key: a second one (which Python would let win) is not
	// guessed at.
	for _, k := range []string{"'descr'", "'shape'", "'fortran_order'"} {
		if strings.Count(dict, k) != 1 {
			return header{}, corrupt
		}
	}
	if err := dtypeError(path, m[1]); err != nil {
		return header{}, err
	}
	h := header{code: m[1], fortran: om[1] == "True", start: int64(off + hlen)}
	code := m[1]
	if strings.ContainsRune("<>|=", rune(code[0])) {
		h.order, code = code[0], code[1:]
	}
	if strings.ContainsAny(code, "<>|=") {
		return header{}, corrupt
	}
	h.kind = code[0]
	size, err := strconv.ParseInt(code[1:], 10, 64)
	if err != nil || size > 8 {
		return header{}, corrupt
	}
	h.itemsize = int(size)
	for tok := range strings.SplitSeq(sm[1], ",") {
		if tok = strings.TrimSpace(tok); tok == "" {
			continue
		}
		v, err := strconv.Atoi(tok)
		if err != nil || v < 0 || int64(v) > maxDataBytes {
			return header{}, corrupt
		}
		if len(h.shape) == maxDims {
			return header{}, experiment.Inputf("%s: the .npy header's shape has more than %d dimensions, NumPy's limit", path, maxDims)
		}
		h.shape = append(h.shape, v)
		if v > 0 && size > maxDataBytes/int64(v) {
			return header{}, corrupt
		}
		size *= int64(v)
	}
	h.end = h.start + size
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
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := encode(f, shape, data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// encode writes the .npy file of WriteFloat64 to w.
func encode(w io.Writer, shape []int, data []float64) error {
	hdr := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': %s, }", shapeString(shape))
	// Pad so that magic(6)+version(2)+len(2)+header is a multiple of 64,
	// ending in a newline.
	total := 10 + len(hdr) + 1
	hdr += strings.Repeat(" ", (64-total%64)%64) + "\n"
	bw := bufio.NewWriter(w)
	bw.WriteString("\x93NUMPY")
	bw.Write([]byte{1, 0})
	binary.Write(bw, binary.LittleEndian, uint16(len(hdr)))
	bw.WriteString(hdr)
	if err := binary.Write(bw, binary.LittleEndian, data); err != nil {
		return err
	}
	return bw.Flush()
}
