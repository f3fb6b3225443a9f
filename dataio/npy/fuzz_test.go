package npy

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"neurolab/experiment"
)

// npyBytes is a version 1.0 .npy file with the header dictionary dict,
// padded as NumPy pads it, followed by data.
func npyBytes(dict string, data []byte) []byte {
	total := 10 + len(dict) + 1
	dict += strings.Repeat(" ", (64-total%64)%64) + "\n"
	b := []byte("\x93NUMPY\x01\x00")
	b = append(b, byte(len(dict)), byte(len(dict)>>8))
	b = append(b, dict...)
	return append(b, data...)
}

// FuzzDecode feeds arbitrary bytes to the .npy decoder behind Read. The
// seeds are NumPy-style files of every dtype Read converts, in both byte
// orders and both memory orders (testdata/fuzz/FuzzDecode adds files
// written by NumPy itself), and the inputs that once crashed it.
func FuzzDecode(f *testing.F) {
	for _, code := range []string{"<f8", ">f8", "<f4", ">f4", "|i1", "<i2", ">i2", "<i4", ">i4", "<i8", ">i8",
		"|u1", "<u2", ">u2", "<u4", ">u4", "<u8", ">u8", "|b1", "=f8", "f8"} {
		for _, order := range []string{"False", "True"} {
			size := int(code[len(code)-1] - '0')
			f.Add(npyBytes(fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': (2, 3), }", code, order),
				bytes.Repeat([]byte{0x3f, 0x80, 1, 2, 0, 0xff, 7, 9}, 6*size/8+1)[:6*size]))
		}
	}
	f.Add(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", make([]byte, 8)))
	f.Add(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", nil))
	f.Add(npyBytes("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 1, 2), }", make([]byte, 16)))
	var buf bytes.Buffer
	encode(&buf, []int{3}, []float64{1, math.NaN(), math.Inf(-1)})
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04 an npz"))
	// Crashers: npyio, which Read used to hand the data to, parsed the
	// header again and allocated for its own reading of the shape (a
	// "+1e11" that checkHeader's pattern skipped): 800 GB for a 150-byte file.
	f.Add(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (+100000000000,), }'shape': (1,)", make([]byte, 8)))
	f.Add(npyBytes("{'descr':\t'<i8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", make([]byte, 8)))
	f.Add(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }", make([]byte, 8)))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := decode("in.npy", bytes.NewReader(b), int64(len(b)))
		// A stream of unknown size must give the same answer.
		a2, err2 := decode("in.npy", bytes.NewReader(b), -1)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("known size: %v; unknown size: %v", err, err2)
		}
		if err != nil {
			for _, e := range []error{err, err2} {
				if !errors.Is(e, experiment.ErrInput) || strings.ContainsAny(e.Error(), "\n\r") {
					t.Fatalf("got error %q, want a one-line input error", e)
				}
			}
			return
		}
		n := 1
		for _, v := range a.Shape {
			n *= v
		}
		if n != len(a.Data) || !same(a, a2) {
			t.Fatalf("shape %v with %d values; unknown size gave %v with %d", a.Shape, len(a.Data), a2.Shape, len(a2.Data))
		}
		// Re-encoded as float64 and decoded again it is the same array.
		var buf bytes.Buffer
		if err := encode(&buf, a.Shape, a.Data); err != nil {
			t.Fatal(err)
		}
		b2 := buf.Bytes()
		a3, err := decode("again.npy", bytes.NewReader(b2), int64(len(b2)))
		if err != nil || !same(a, a3) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// same reports whether a and b have the same shape and bit-identical data.
func same(a, b *Array) bool {
	if len(a.Shape) != len(b.Shape) || len(a.Data) != len(b.Data) {
		return false
	}
	for i := range a.Shape {
		if a.Shape[i] != b.Shape[i] {
			return false
		}
	}
	for i := range a.Data {
		if math.Float64bits(a.Data[i]) != math.Float64bits(b.Data[i]) {
			return false
		}
	}
	return true
}

// Headers that claim more data than the file has fail before any
// allocation, for a file and for a stream (ReadFrom); a header that the
// old second parse (npyio) read differently is refused outright.
func TestHeaderClaims(t *testing.T) {
	huge := npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }", make([]byte, 8))
	want := "in.npy: truncated: shape (1000000000000,) of dtype '<f8' needs 8000000000128 bytes, the file has 136"
	if _, err := decode("in.npy", bytes.NewReader(huge), int64(len(huge))); err == nil || err.Error() != want {
		t.Errorf("file: got %v, want %q", err, want)
	}
	if _, err := ReadFrom("in.npy", bytes.NewReader(huge)); err == nil || err.Error() != want {
		t.Errorf("stream: got %v, want %q", err, want)
	}
	two := npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (+100000000000,), }'shape': (1,)", make([]byte, 8))
	if _, err := ReadFrom("two.npy", bytes.NewReader(two)); err == nil || err.Error() != "two.npy: truncated or corrupt .npy header" {
		t.Errorf("two shapes: got %v, want a corrupt header", err)
	}
	extra := npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", make([]byte, 9))
	// Bytes after the data are ignored, as np.load ignores them.
	if a, err := ReadFrom("x.npy", bytes.NewReader(extra)); err != nil || len(a.Data) != 1 {
		t.Errorf("extra byte (stream): got %v, %v; want the one value", a, err)
	}
	if a, err := decode("x.npy", bytes.NewReader(extra), int64(len(extra))); err != nil || len(a.Data) != 1 {
		t.Errorf("extra byte (file): got %v, %v; want the one value", a, err)
	}
	// Format 3.0 (NumPy's for utf-8 field names) reads like 1.0 and 2.0.
	raw, err := os.ReadFile("testdata/fuzz/FuzzDecode/numpy-f8le-v3")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Split(strings.TrimSpace(string(raw)), "\n")[1]
	b, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(s, "[]byte("), ")"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ReadFrom("v3.npy", strings.NewReader(b))
	if err != nil || a.ShapeString() != "(2, 3)" || a.Data[5] != 5 {
		t.Errorf("version 3.0: got %v, %v; want (2, 3) with 0..5", a, err)
	}
}

// FuzzReadFromZip reads every member of an .npz archive (np.savez and
// np.savez_compressed output in testdata/fuzz/FuzzReadFromZip) through
// archive/zip and ReadFrom, as a reader of .npz files should: members whose
// headers claim more than they hold, or whose deflate data are corrupt, are
// one-line input errors.
func FuzzReadFromZip(f *testing.F) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("F.npy")
	encode(w, []int{2, 2}, []float64{1, 2, 3, 4})
	w, _ = zw.Create("huge.npy")
	w.Write(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }", make([]byte, 8)))
	zw.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil || len(zr.File) > 16 {
			return // not a zip archive: archive/zip's business
		}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				continue
			}
			a, err := ReadFrom(zf.Name, rc)
			rc.Close()
			if err != nil {
				if !errors.Is(err, experiment.ErrInput) || strings.ContainsAny(err.Error(), "\n\r") && !strings.ContainsAny(zf.Name, "\n\r") {
					t.Fatalf("got error %q, want a one-line input error", err)
				}
				continue
			}
			n := 1
			for _, v := range a.Shape {
				n *= v
			}
			if n != len(a.Data) {
				t.Fatalf("%s: shape %v with %d values", zf.Name, a.Shape, len(a.Data))
			}
		}
	})
}
