package npy

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"neurolab/experiment"
)

// writeNPZ writes a zip archive with the given members (name → bytes), the
// odd ones deflated (np.savez_compressed) and the even ones stored (np.savez).
func writeNPZ(t *testing.T, path string, names []string, members map[string][]byte) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	for i, n := range names {
		method := zip.Store
		if i%2 == 1 {
			method = zip.Deflate
		}
		w, err := z.CreateHeader(&zip.FileHeader{Name: n, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(members[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func f8(v ...float64) []byte {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	return b
}

func TestReadNPZ(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.npz")
	// Keys in an order NumPy does not write (shape first): read by key.
	resp := npyBytes("{'shape': (2, 2), 'fortran_order': True, 'descr': '<f8', }", f8(1, 3, 2, 4))
	lab := npyBytes("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", []byte{5, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0})
	writeNPZ(t, path, []string{"responses.npy", "labels.npy", "arr_0"}, map[string][]byte{
		"responses.npy": resp, "labels.npy": lab, "arr_0": npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", f8(9)),
	})
	names, arrays, err := ReadNPZ(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(names, []string{"responses", "labels", "arr_0"}) {
		t.Errorf("names %q", names)
	}
	if a := arrays["responses"]; !reflect.DeepEqual(a.Shape, []int{2, 2}) || !reflect.DeepEqual(a.Data, []float64{1, 2, 3, 4}) {
		t.Errorf("responses %+v, want C-order 1 2 3 4", a)
	}
	if a := arrays["labels"]; !reflect.DeepEqual(a.Data, []float64{5, 7}) {
		t.Errorf("labels %+v", a)
	}
	if a := arrays["arr_0"]; len(a.Shape) != 0 || !reflect.DeepEqual(a.Data, []float64{9}) {
		t.Errorf("scalar %+v", a)
	}

	bad := []struct {
		name    string
		members map[string][]byte
		order   []string
		want    string
	}{
		{"duplicate", map[string][]byte{"x.npy": resp, "x": resp}, []string{"x.npy", "x"}, `two arrays named "x"`},
		{"not-npy", map[string][]byte{"x.npy": []byte("hello")}, []string{"x.npy"}, "array x: not a NumPy .npy file"},
		// A header that claims 10¹² values in a member of a few bytes fails at
		// the member's end, without allocating for the claim.
		{"huge-claim", map[string][]byte{"x.npy": npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }", f8(1))},
			[]string{"x.npy"}, "array x: truncated"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name+".npz")
			writeNPZ(t, p, c.order, c.members)
			_, _, err := ReadNPZ(p)
			if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, experiment.ErrInput) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got %v, want a one-line input error containing %q", err, c.want)
			}
		})
	}
	notZip := filepath.Join(dir, "plain.npz")
	if err := os.WriteFile(notZip, resp, 0o644); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{notZip: "not a readable .npz archive", filepath.Join(dir, "none.npz"): "file not found"} {
		if _, _, err := ReadNPZ(p); err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%s: got %v, want an input error containing %q", p, err, want)
		}
	}
}
