package npy

import (
	"archive/zip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/experiment"
)

// writeRaw writes a version 1.0 .npy file with the header dictionary dict
// (padded as NumPy does) followed by data.
func writeRaw(t *testing.T, path, dict string, data []byte) {
	t.Helper()
	total := 10 + len(dict) + 1
	dict += strings.Repeat(" ", (64-total%64)%64) + "\n"
	b := []byte("\x93NUMPY\x01\x00")
	b = append(b, byte(len(dict)), byte(len(dict)>>8))
	b = append(b, dict...)
	b = append(b, data...)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Every prefix of a valid file is an input error naming the file, never a
// panic; prefixes inside the header say so.
func TestTruncated(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.npy")
	data := make([]float64, 12)
	if err := WriteFloat64(full, []int{3, 4}, data); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	hdrEnd := 128 // WriteFloat64 pads the header to 128 bytes here
	if string(b[hdrEnd-1]) != "\n" {
		t.Fatalf("header end: got %q at %d, want a newline", b[hdrEnd-1], hdrEnd-1)
	}
	p := filepath.Join(dir, "t.npy")
	for n := 0; n <= 150; n++ {
		if err := os.WriteFile(p, b[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("prefix %d: got panic %v, want an input error", n, r)
				}
			}()
			_, err = Read(p)
		}()
		want := p + ": truncated or corrupt .npy header"
		if n >= hdrEnd {
			want = p + ": truncated: shape (3, 4) of dtype '<f8' needs 224 bytes, the file has " + fmt.Sprint(n)
		}
		if err == nil || !errors.Is(err, experiment.ErrInput) || err.Error() != want {
			t.Errorf("prefix %d: got %v, want input error %q", n, err, want)
		}
	}
	if _, err := Read(full); err != nil {
		t.Errorf("whole file: got %v, want no error", err)
	}
}

// Headers that would make npyio panic or misread are input errors.
func TestCorruptHeader(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, dict string }{
		{"no-brace", "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), "},
		{"no-shape", "{'descr': '<f8', 'fortran_order': False, }"},
		{"bad-order", "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,), }"},
		{"shape-text", "{'descr': '<f8', 'fortran_order': False, 'shape': (x,), }"},
		{"reordered", "{'shape': (2,), 'fortran_order': False, 'descr': '<f8', }"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name+".npy")
			writeRaw(t, p, c.dict, make([]byte, 16))
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("got panic %v, want an input error", r)
					}
				}()
				_, err = Read(p)
			}()
			if c.name == "reordered" {
				// Key order is free in NumPy; npyio's parser may or may
				// not cope, but it must not panic.
				if err != nil && !errors.Is(err, experiment.ErrInput) {
					t.Errorf("got %v, want nil or an input error", err)
				}
				return
			}
			want := p + ": truncated or corrupt .npy header"
			if err == nil || !errors.Is(err, experiment.ErrInput) || err.Error() != want {
				t.Errorf("got %v, want input error %q", err, want)
			}
		})
	}
}

// Dtypes that are not converted are named in NumPy terms, with what to do.
func TestUnsupportedDtypes(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, descr, want string }{
		{"F16", "<f2", "F16.npy: dtype float16 ('<f2') is not read; save as float32 or float64 (a.astype(np.float32))"},
		{"F128", "<f16", "F128.npy: dtype float128 ('<f16') is not read; save as float64 (a.astype(np.float64))"},
		{"C", "<c16", "C.npy: dtype complex128 ('<c16') is not read; save the real part or the magnitude as float64 (a.real or np.abs(a))"},
		{"C8", "<c8", "C8.npy: dtype complex64 ('<c8') is not read"},
		{"X", "|O", "X.npy: an object array (dtype '|O'), e.g. a list of ragged arrays; save a regular numeric array"},
		{"U", "<U2", "U.npy: a string array (dtype '<U2'); save a regular numeric array"},
		{"M", "<M8[s]", "M.npy: a datetime/timedelta array (dtype '<M8[s]')"},
		{"V", "|V8", "V.npy: dtype '|V8' is not read; save a float, integer or bool array"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name+".npy")
			writeRaw(t, p, fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (2,), }", c.descr), make([]byte, 64))
			_, err := Read(p)
			if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.HasPrefix(err.Error(), filepath.Join(dir, c.want)) {
				t.Errorf("got %v, want input error starting %q", err, filepath.Join(dir, c.want))
			}
		})
	}
	p := filepath.Join(dir, "R.npy")
	writeRaw(t, p, "{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }", make([]byte, 24))
	if _, err := Read(p); err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "structured array") {
		t.Errorf("record dtype: got %v, want an input error saying structured array", err)
	}
}

// All integer, float32/64 and bool dtypes, either byte order, are read.
func TestSupportedDtypesRaw(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		descr string
		data  []byte
		want  []float64
	}{
		{"|u1", []byte{1, 255}, []float64{1, 255}},
		{"|i1", []byte{1, 255}, []float64{1, -1}},
		{"<u2", []byte{1, 0, 0, 1}, []float64{1, 256}},
		{">i2", []byte{0, 1, 255, 255}, []float64{1, -1}},
		{"|b1", []byte{1, 0}, []float64{1, 0}},
		{">f8", []byte{0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0}, []float64{1, 2}},
	}
	for i, c := range cases {
		p := filepath.Join(dir, fmt.Sprintf("d%d.npy", i))
		writeRaw(t, p, fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (2,), }", c.descr), c.data)
		a, err := Read(p)
		if err != nil {
			t.Errorf("%s: got %v, want no error", c.descr, err)
			continue
		}
		if fmt.Sprint(a.Data) != fmt.Sprint(c.want) {
			t.Errorf("%s: got %v, want %v", c.descr, a.Data, c.want)
		}
	}
}

// An .npz archive given as an .npy says what it is and what to do.
func TestNpzGiven(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "X.npz")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("F.npy")
	w.Write([]byte("\x93NUMPY"))
	zw.Close()
	f.Close()
	_, err = Read(p)
	want := p + " is an .npz archive (zip of arrays); save the array you want with np.save"
	if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want input error starting %q", err, want)
	}
}
