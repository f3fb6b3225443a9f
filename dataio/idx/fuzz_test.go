package idx

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"time"
)

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// claims2e31 is a 20-byte IDX header of float64 values claiming 2^31 of
// them: Read allocated the 16 GiB for them before reading any.
var claims2e31 = encode(0x0E, []uint32{1 << 15, 1 << 16}, make([]byte, 8))

// FuzzRead feeds arbitrary bytes, plain or gzip, to Read, ReadBytes and
// ReadHeader. Seeds: unsigned-byte images and labels, every other element
// type, gzip files, and a header that claims 2^31 values.
func FuzzRead(f *testing.F) {
	f32 := make([]byte, 8)
	binary.BigEndian.PutUint32(f32, math.Float32bits(1.5))
	binary.BigEndian.PutUint32(f32[4:], math.Float32bits(float32(math.NaN())))
	f64 := binary.BigEndian.AppendUint64(nil, math.Float64bits(-2.25))
	for _, b := range [][]byte{
		encode(0x08, []uint32{2, 2, 3}, []byte{0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}),
		encode(0x08, []uint32{4}, []byte{7, 2, 1, 0}),
		encode(0x09, []uint32{3}, []byte{1, 0x80, 0xff}),
		encode(0x0B, []uint32{2}, []byte{0x80, 0, 0, 1}),
		encode(0x0C, []uint32{1, 1}, []byte{0xff, 0xff, 0xff, 0xfe}),
		encode(0x0D, []uint32{2}, f32),
		encode(0x0E, []uint32{1}, f64),
		encode(0x08, []uint32{0, 5}, nil),
		claims2e31,
	} {
		f.Add(b)
		f.Add(gz(b))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		oneLine := func(err error) {
			if err != nil && strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("got a multi-line error %q", err)
			}
		}
		typ, dims, herr := ReadHeader(bytes.NewReader(b))
		oneLine(herr)
		a, err := Read(bytes.NewReader(b))
		oneLine(err)
		d, data, berr := ReadBytes(bytes.NewReader(b))
		oneLine(berr)
		if herr != nil && (err == nil || berr == nil) {
			t.Fatalf("header error %v, but Read gave %v and ReadBytes %v", herr, err, berr)
		}
		if err != nil {
			return
		}
		n := 1
		for _, v := range a.Dims {
			n *= v
		}
		if n != len(a.Data) || len(dims) != len(a.Dims) {
			t.Fatalf("dims %v (header %v) with %d values", a.Dims, dims, len(a.Data))
		}
		if typ == 0x08 {
			if berr != nil || len(d) != len(a.Dims) || len(data) != n {
				t.Fatalf("ReadBytes: %v, %d values; Read: %d", berr, len(data), n)
			}
			for i, v := range data {
				if float64(v) != a.Data[i] {
					t.Fatalf("value %d: ReadBytes %d, Read %v", i, v, a.Data[i])
				}
			}
		}
	})
}

// A header claiming 2^31 float64 values in a 28-byte file is an error at
// the end of the data, without allocating the 16 GiB first.
func TestReadHugeClaim(t *testing.T) {
	start := time.Now()
	_, err := Read(bytes.NewReader(claims2e31))
	if err == nil || !strings.Contains(err.Error(), "reading 2147483648 values") {
		t.Fatalf("got %v, want an error reading 2147483648 values", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}
