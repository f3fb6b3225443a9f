package idx

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Array is an IDX array converted to float64.
type Array struct {
	Dims []int
	Data []float64
}

// maxValues guards against corrupt headers (2^31 values).
const maxValues = 1 << 31

// header is an IDX header: element type, dimensions and value count.
type header struct {
	typ  byte
	dims []int
	n    int
}

// open returns a reader over r's IDX data (decompressed if r is gzip data)
// and its parsed header.
func open(r io.Reader) (*bufio.Reader, func(), header, error) {
	var h header
	closeFn := func() {}
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, closeFn, h, fmt.Errorf("idx: %w", err)
		}
		closeFn = func() { gz.Close() }
		br = bufio.NewReader(gz)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, closeFn, h, fmt.Errorf("idx: reading magic number: %w", err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, closeFn, h, fmt.Errorf("idx: bad magic number % x (want 00 00 TYPE NDIM)", magic)
	}
	if elemSize(magic[2]) == 0 {
		return nil, closeFn, h, fmt.Errorf("idx: unknown element type 0x%02x", magic[2])
	}
	nd := int(magic[3])
	if nd == 0 {
		return nil, closeFn, h, fmt.Errorf("idx: zero dimensions")
	}
	h = header{typ: magic[2], dims: make([]int, nd), n: 1}
	n := int64(1) // the product in 64 bits: int may be 32 bits wide
	for i := range h.dims {
		var d uint32
		if err := binary.Read(br, binary.BigEndian, &d); err != nil {
			return nil, closeFn, h, fmt.Errorf("idx: reading dimension %d: %w", i, err)
		}
		h.dims[i] = int(d)
		n *= int64(d)
		if n > maxValues || n > math.MaxInt {
			return nil, closeFn, h, fmt.Errorf("idx: dimensions %v too large", h.dims[:i+1])
		}
	}
	h.n = int(n)
	return br, closeFn, h, nil
}

// readN reads n bytes from r. The buffer grows as the data arrive, so that
// a header that claims more values than the file holds fails at the end of
// the file instead of allocating for them first.
func readN(r io.Reader, n int) ([]byte, error) {
	buf := make([]byte, 0, min(n, 1<<20))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(n-len(buf), cap(buf))) // doubling
		}
		m, err := io.ReadFull(r, buf[len(buf):min(n, cap(buf))])
		buf = buf[:len(buf)+m]
		if err != nil {
			return nil, fmt.Errorf("%w after %d of %d bytes", err, len(buf), n)
		}
	}
	return buf, nil
}

func elemSize(typ byte) int {
	return map[byte]int{0x08: 1, 0x09: 1, 0x0B: 2, 0x0C: 4, 0x0D: 4, 0x0E: 8}[typ]
}

// Read reads an IDX array from r, decompressing it if it is gzip data.
func Read(r io.Reader) (*Array, error) {
	br, closeFn, h, err := open(r)
	defer closeFn()
	if err != nil {
		return nil, err
	}
	size := elemSize(h.typ)
	n := h.n
	a := &Array{Dims: h.dims}
	buf, err := readN(br, n*size)
	if err != nil {
		return nil, fmt.Errorf("idx: reading %d values of %v: %w", n, a.Dims, err)
	}
	a.Data = make([]float64, n)
	be := binary.BigEndian
	for i := range a.Data {
		b := buf[i*size : (i+1)*size]
		switch h.typ {
		case 0x08:
			a.Data[i] = float64(b[0])
		case 0x09:
			a.Data[i] = float64(int8(b[0]))
		case 0x0B:
			a.Data[i] = float64(int16(be.Uint16(b)))
		case 0x0C:
			a.Data[i] = float64(int32(be.Uint32(b)))
		case 0x0D:
			a.Data[i] = float64(math.Float32frombits(be.Uint32(b)))
		case 0x0E:
			a.Data[i] = math.Float64frombits(be.Uint64(b))
		}
	}
	return a, nil
}

// ReadBytes reads an unsigned-byte (type 0x08) IDX array from r, plain or
// gzip, without converting it: one byte per value, a quarter of the memory
// Read's float64 values take for the 47 MB of Fashion-MNIST's training
// images.
func ReadBytes(r io.Reader) (dims []int, data []byte, err error) {
	br, closeFn, h, err := open(r)
	defer closeFn()
	if err != nil {
		return nil, nil, err
	}
	if h.typ != 0x08 {
		return nil, nil, fmt.Errorf("idx: element type 0x%02x, want 0x08 (unsigned byte)", h.typ)
	}
	data, err = readN(br, h.n)
	if err != nil {
		return nil, nil, fmt.Errorf("idx: reading %d values of %v: %w", h.n, h.dims, err)
	}
	return h.dims, data, nil
}

// ReadHeader returns the element type byte (0x08 unsigned byte, …) and the
// dimensions of the IDX array in r (plain or gzip) without reading its
// values.
func ReadHeader(r io.Reader) (typ byte, dims []int, err error) {
	_, closeFn, h, err := open(r)
	defer closeFn()
	if err != nil {
		return 0, nil, err
	}
	return h.typ, h.dims, nil
}

// ReadFile reads an IDX file (plain or .gz).
func ReadFile(path string) (*Array, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// Images reads an images file (n × h × w, uint8) and returns the pixels
// scaled to [0, 1], row-major per image.
func Images(path string) (pix []float64, n, h, w int, err error) {
	a, err := ReadFile(path)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	if len(a.Dims) != 3 {
		return nil, 0, 0, 0, fmt.Errorf("%s: dimensions %v, want images × rows × columns", path, a.Dims)
	}
	for i := range a.Data {
		a.Data[i] /= 255
	}
	return a.Data, a.Dims[0], a.Dims[1], a.Dims[2], nil
}

// Labels reads a labels file (n, integer values).
func Labels(path string) ([]int, error) {
	a, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(a.Dims) != 1 {
		return nil, fmt.Errorf("%s: dimensions %v, want one", path, a.Dims)
	}
	y := make([]int, len(a.Data))
	for i, v := range a.Data {
		y[i] = int(v)
	}
	return y, nil
}

// Data-set file names: MNIST and Fashion-MNIST name an images file
// PREFIX-images-idx3-ubyte and its labels file PREFIX-labels-idx1-ubyte
// (some copies use a dot before idx), optionally gzip-compressed with a .gz
// suffix.
var imageMarks = [][2]string{{"-images-idx3-ubyte", "-labels-idx1-ubyte"}, {"-images.idx3-ubyte", "-labels.idx1-ubyte"}}

// IsImagesName reports whether name (a base name) is an IDX images file name
// such as train-images-idx3-ubyte or t10k-images-idx3-ubyte.gz.
func IsImagesName(name string) bool {
	name = strings.TrimSuffix(name, ".gz")
	for _, m := range imageMarks {
		if strings.HasSuffix(name, m[0]) {
			return true
		}
	}
	return false
}

// LabelsFor returns the labels file that belongs to the images file at
// path: the same folder and prefix with -labels-idx1-ubyte, compressed like
// the images file or not. The error names the files looked for.
func LabelsFor(path string) (string, error) {
	dir, name := filepath.Split(path)
	base := strings.TrimSuffix(name, ".gz")
	for _, m := range imageMarks {
		if !strings.HasSuffix(base, m[0]) {
			continue
		}
		lab := filepath.Join(dir, strings.TrimSuffix(base, m[0])+m[1])
		tries := []string{lab, lab + ".gz"}
		if base != name {
			tries[0], tries[1] = tries[1], tries[0]
		}
		for _, t := range tries {
			if st, err := os.Stat(t); err == nil && st.Mode().IsRegular() {
				return t, nil
			}
		}
		return "", fmt.Errorf("idx: no labels file for %s (looked for %s and %s)", path, tries[0], tries[1])
	}
	return "", fmt.Errorf("idx: %s is not named like an IDX images file (PREFIX-images-idx3-ubyte[.gz])", path)
}

// ImageFiles returns the IDX images files in dir (see IsImagesName), sorted
// by name; none is not an error.
func ImageFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && IsImagesName(e.Name()) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}
