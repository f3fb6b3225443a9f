// Package idx reads IDX files, the format of the MNIST and Fashion-MNIST
// data sets (LeCun et al., "Gradient-based learning applied to document
// recognition", Proc. IEEE 1998; Xiao, Rasul & Vollgraf, "Fashion-MNIST",
// arXiv:1708.07747, 2017), plain or gzip-compressed (as Debian's
// dataset-fashion-mnist installs them). The specialization reproduction
// (Dobs et al., Sci. Adv. 2022) can use them in place of its procedural
// objects.
//
// Format: two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0B int16,
// 0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions, each
// dimension as a big-endian uint32, then the values, big-endian, row-major.
package idx

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
)

// Array is an IDX array converted to float64.
type Array struct {
	Dims []int
	Data []float64
}

// maxValues guards against corrupt headers (2^31 values).
const maxValues = 1 << 31

// Read reads an IDX array from r, decompressing it if it is gzip data.
func Read(r io.Reader) (*Array, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("idx: %w", err)
		}
		defer gz.Close()
		br = bufio.NewReader(gz)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, fmt.Errorf("idx: reading magic number: %w", err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("idx: bad magic number % x (want 00 00 TYPE NDIM)", magic)
	}
	size := map[byte]int{0x08: 1, 0x09: 1, 0x0B: 2, 0x0C: 4, 0x0D: 4, 0x0E: 8}[magic[2]]
	if size == 0 {
		return nil, fmt.Errorf("idx: unknown element type 0x%02x", magic[2])
	}
	nd := int(magic[3])
	if nd == 0 {
		return nil, fmt.Errorf("idx: zero dimensions")
	}
	a := &Array{Dims: make([]int, nd)}
	n := 1
	for i := range a.Dims {
		var d uint32
		if err := binary.Read(br, binary.BigEndian, &d); err != nil {
			return nil, fmt.Errorf("idx: reading dimension %d: %w", i, err)
		}
		a.Dims[i] = int(d)
		n *= int(d)
		if n > maxValues {
			return nil, fmt.Errorf("idx: dimensions %v too large", a.Dims[:i+1])
		}
	}
	buf := make([]byte, n*size)
	if _, err := io.ReadFull(br, buf); err != nil {
		return nil, fmt.Errorf("idx: reading %d values of %v: %w", n, a.Dims, err)
	}
	a.Data = make([]float64, n)
	be := binary.BigEndian
	for i := range a.Data {
		b := buf[i*size : (i+1)*size]
		switch magic[2] {
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
