package suite2p

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/npy"
	"neurolab/experiment"
)

// opsHex is an ops.npy as numpy.save writes it for a dict (a pickled 0-d
// object ndarray, protocol 3) holding fs = 30, tau = 1.25 and a few other
// entries; generated with Python's pickle module.
const opsHex = "934e554d5059010076007b276465736372273a20277c4f272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a8003636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71014b008571024301627103877104527105284b0129636e756d70790a64747970650a710658020000004f3871078988877108527109284b0358010000007c710a4e4e4e4affffffff4affffffff4b3f74710b62895d710c7d710d2858020000006673710e47403e0000000000005803000000746175710f473ff400000000000058070000006e706c616e657371104b0158020000004c7971114d000258020000004c7871124d00025809000000736176655f70617468711358140000002f646174612f737569746532702f706c616e6530711458080000006469616d6574657271155d7116284b0c4b0c657561747117622e"

// WriteTestPlane writes a Suite2p-shaped folder: F and Fneu (float32,
// cells × frames), iscell (float64, cells × 2) and ops.npy.
func writePlane(t *testing.T, dir string, F, Fneu *mat.Dense, iscell []float64) {
	t.Helper()
	for name, m := range map[string]*mat.Dense{"F.npy": F, "Fneu.npy": Fneu} {
		b, err := WriteFloat32(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if iscell != nil {
		ic := mat.NewDense(len(iscell), 2, nil)
		for i, v := range iscell {
			ic.Set(i, 0, v)
			ic.Set(i, 1, 0.9)
		}
		var buf bytes.Buffer
		if err := npyio.Write(&buf, ic); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "iscell.npy"), buf.Bytes(), 0o644)
	}
	raw, _ := hex.DecodeString(opsHex)
	os.WriteFile(filepath.Join(dir, "ops.npy"), raw, 0o644)
}

func ramp(r, c int, scale float64) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m.Set(i, j, scale*float64(i*c+j))
		}
	}
	return m
}

func TestReadPlane(t *testing.T) {
	dir := t.TempDir()
	writePlane(t, dir, ramp(3, 50, 1), ramp(3, 50, 0.5), []float64{1, 0, 1})
	p, err := ReadPlane(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p.Ops.Fs != 30 || p.Ops.Tau != 1.25 {
		t.Fatalf("ops: got fs=%g tau=%g, want 30 and 1.25", p.Ops.Fs, p.Ops.Tau)
	}
	c, idx := p.Corrected(0.7)
	if r, _ := c.Dims(); r != 2 || idx[0] != 0 || idx[1] != 2 {
		t.Fatalf("cells: got %d rows, ROIs %v; want 2 rows, ROIs [0 2]", r, idx)
	}
	// Row 1 is ROI 2: F − 0.7 Fneu = (1 − 0.35)·(100 + j).
	if got, want := c.At(1, 7), 0.65*107; math.Abs(got-want) > 1e-4 {
		t.Fatalf("corrected value: got %g, want %g ± 1e-4", got, want)
	}
}

func TestReadPlaneErrors(t *testing.T) {
	cases := []struct {
		name  string
		setup func(dir string)
		want  string
	}{
		{"missing F", func(dir string) { os.Remove(filepath.Join(dir, "F.npy")) }, "F.npy: file not found"},
		{"shape mismatch", func(dir string) {
			b, _ := WriteFloat32(ramp(3, 40, 1))
			os.WriteFile(filepath.Join(dir, "Fneu.npy"), b, 0o644)
		}, "differs from F.npy"},
		{"NaN", func(dir string) {
			m := ramp(3, 50, 1)
			m.Set(1, 3, math.NaN())
			b, _ := WriteFloat32(m)
			os.WriteFile(filepath.Join(dir, "F.npy"), b, 0o644)
		}, "NaN and Inf are not allowed"},
		{"empty iscell", func(dir string) {
			var buf bytes.Buffer
			npyio.Write(&buf, mat.NewDense(3, 2, nil))
			os.WriteFile(filepath.Join(dir, "iscell.npy"), buf.Bytes(), 0o644)
		}, "no ROI is labelled a cell"},
		{"wrong dtype", func(dir string) {
			var buf bytes.Buffer
			npyio.Write(&buf, []complex128{1, 2, 3})
			os.WriteFile(filepath.Join(dir, "F.npy"), buf.Bytes(), 0o644)
		}, "F.npy: "},
		{"garbage", func(dir string) { os.WriteFile(filepath.Join(dir, "F.npy"), []byte("hello"), 0o644) }, "not a NumPy .npy file"},
		// Once an index out of range: a (3, 0) iscell has no label column.
		{"iscell without columns", func(dir string) {
			dict := "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 0), }"
			dict += strings.Repeat(" ", 117-len(dict)) + "\n"
			os.WriteFile(filepath.Join(dir, "iscell.npy"), append([]byte("\x93NUMPY\x01\x00v\x00"), dict...), 0o644)
		}, "iscell.npy: shape [3 0], want one row per ROI: (3,) or (3, 2)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writePlane(t, dir, ramp(3, 50, 1), ramp(3, 50, 0.5), []float64{1, 1, 0})
			tc.setup(dir)
			_, err := ReadPlane(dir)
			if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got error %v, want an input error containing %q", err, tc.want)
			}
		})
	}
}

func TestOpsUnreadable(t *testing.T) {
	dir := t.TempDir()
	writePlane(t, dir, ramp(2, 20, 1), ramp(2, 20, 0.5), nil)
	os.WriteFile(filepath.Join(dir, "ops.npy"), []byte("\x93NUMPY\x01\x00\x10\x00{'descr': '|O'}\n"), 0o644)
	p, err := ReadPlane(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := "fs and tau must then be given by the caller"
	if p.OpsErr == nil || !strings.Contains(p.OpsErr.Error(), want) || strings.Contains(p.OpsErr.Error(), "--") {
		t.Fatalf("got ops error %v, want one containing %q and no command-line flag", p.OpsErr, want)
	}
}

func TestFloat32RoundTrip(t *testing.T) {
	m := ramp(4, 7, 0.25)
	b, err := WriteFloat32(m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.npy")
	os.WriteFile(path, b, 0o644)
	got, err := Matrix(path)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(got, m) {
		t.Fatalf("round trip: got %v, want %v", mat.Formatted(got), mat.Formatted(m))
	}
}

// opsRealHex is an ops.npy as Suite2p leaves it, written by numpy.save
// (NumPy 1.24, pickle protocol 3): fs is a numpy scalar (np.float64(15.5)),
// tau = 0.7, and beside them entries Go unpicklers do not know: date_proc a
// datetime.datetime, a pathlib.PosixPath, numpy arrays (float32 2×3, bool),
// a list, a nested dict and strings.
const opsRealHex = "934e554d5059010076007b276465736372273a20277c4f272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a8003636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71014b008571024301627103877104527105284b0129636e756d70790a64747970650a710658020000004f3871078988877108527109284b0358010000007c710a4e4e4e4affffffff4affffffff4b3f74710b62895d710c7d710d2858020000006673710e636e756d70792e636f72652e6d756c746961727261790a7363616c61720a710f68065802000000663871108988877111527112284b0358010000003c71134e4e4e4affffffff4affffffff4b007471146243080000000000002f40711586711652711758030000007461757118473fe666666666666658070000006e6672616d65737119680f680658020000006938711a898887711b52711c284b0368134e4e4e4affffffff4affffffff4b0074711d624308b80b000000000000711e86711f5271205809000000646174655f70726f637121636461746574696d650a6461746574696d650a7122430a07e805010c1e000000007123857124527125580a000000736176655f7061746830712663706174686c69620a506f736978506174680a712758010000002f712858040000006461746171295803000000733270712a87712b52712c58070000006d65616e496d67712d680068014b0085712e680387712f527130284b014b024b0386713168065802000000663471328988877133527134284b0368134e4e4e4affffffff4affffffff4b0074713562894318000000000000803f0000004000004040000080400000a04071367471376258090000006261646672616d65737138680068014b00857139680387713a52713b284b014b0485713c680658020000006231713d898887713e52713f284b03680a4e4e4e4affffffff4affffffff4b007471406289430400000000714174714262580800000066696c656c69737471435d71445805000000612e74696671456158060000006e657374656471467d714758010000007871484b017358080000006469616d6574657271495d714a284b0c4b0c6558080000006f70735f70617468714b58180000002f646174612f7332702f706c616e65302f6f70732e6e7079714c756174714d622e"

func TestReadOpsSuite2pEntries(t *testing.T) {
	raw, err := hex.DecodeString(opsRealHex)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ops.npy")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	ops, err := ReadOps(path)
	if err != nil {
		t.Fatalf("ReadOps: %v", err)
	}
	if ops.Fs != 15.5 || ops.Tau != 0.7 {
		t.Errorf("got fs %v, tau %v; want 15.5, 0.7", ops.Fs, ops.Tau)
	}
	// The earlier fixture (a plain dict of Python numbers) still reads.
	raw, _ = hex.DecodeString(opsHex)
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if ops, err = ReadOps(path); err != nil || ops.Fs != 30 || ops.Tau != 1.25 {
		t.Errorf("plain dict: got %+v, %v; want fs 30, tau 1.25", ops, err)
	}
}

// TestSuite2pOutputFolder: given the suite2p/ folder instead of a plane, the
// error names the planes and how to pass one.
func TestSuite2pOutputFolder(t *testing.T) {
	root := t.TempDir()
	for _, pl := range []string{"plane0", "plane1"} {
		d := filepath.Join(root, pl)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		writePlane(t, d, ramp(2, 20, 1), ramp(2, 20, 0.5), nil)
	}
	_, err := ReadPlane(root)
	if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "plane0, plane1") {
		t.Fatalf("got %v, want an input error listing plane0, plane1", err)
	}
	if _, err := ReadPlane(filepath.Join(root, "plane1")); err != nil {
		t.Fatalf("plane folder: %v", err)
	}
}

// A one-cell trace saved as a 1-D array gets the reshape that fixes it.
func TestMatrixOneDimensionalHint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "F.npy")
	if err := npy.WriteFloat64(path, []int{5}, []float64{1, 2, 3, 4, 5}); err != nil {
		t.Fatal(err)
	}
	_, err := Matrix(path)
	if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "np.save(path, F[None, :])") {
		t.Errorf("got %v, want an input error with the reshape hint", err)
	}
}

// opsNeucoeffHex is numpy.save of {'fs': np.float64(15.5), 'tau': 1.0,
// 'neucoeff': np.float64(0.5), 'date_proc': datetime, 'nframes': np.int64};
// opsNeucoeffZeroHex of {'fs': 30.0, 'neucoeff': 0} (an int 0). Generated
// with NumPy.
const (
	opsNeucoeffHex     = "934e554d5059010076007b276465736372273a20277c4f272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a8003636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71014b008571024301627103877104527105284b0129636e756d70790a64747970650a710658020000004f3871078988877108527109284b0358010000007c710a4e4e4e4affffffff4affffffff4b3f74710b62895d710c7d710d2858020000006673710e636e756d70792e636f72652e6d756c746961727261790a7363616c61720a710f68065802000000663871108988877111527112284b0358010000003c71134e4e4e4affffffff4affffffff4b007471146243080000000000002f40711586711652711758030000007461757118473ff000000000000058080000006e6575636f6566667119680f68124308000000000000e03f711a86711b52711c5809000000646174655f70726f63711d636461746574696d650a6461746574696d650a711e430a07e805010c1e00000000711f85712052712158070000006e6672616d65737122680f68065802000000693871238988877124527125284b0368134e4e4e4affffffff4affffffff4b00747126624308b80b0000000000007127867128527129756174712a622e"
	opsNeucoeffZeroHex = "934e554d5059010076007b276465736372273a20277c4f272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a8003636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71014b008571024301627103877104527105284b0129636e756d70790a64747970650a710658020000004f3871078988877108527109284b0358010000007c710a4e4e4e4affffffff4affffffff4b3f74710b62895d710c7d710d2858020000006673710e47403e00000000000058080000006e6575636f656666710f4b007561747110622e"
)

func TestReadOpsNeucoeff(t *testing.T) {
	for _, tc := range []struct {
		name, hex string
		want      float64
		has       bool
	}{
		{"numpy float", opsNeucoeffHex, 0.5, true},
		{"int zero", opsNeucoeffZeroHex, 0, true},
		{"absent", opsHex, 0, false},
	} {
		raw, err := hex.DecodeString(tc.hex)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "ops.npy")
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		ops, err := ReadOps(path)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if ops.Neucoeff != tc.want || ops.HasNeucoeff != tc.has {
			t.Errorf("%s: got neucoeff %v (present %v), want %v (%v)", tc.name, ops.Neucoeff, ops.HasNeucoeff, tc.want, tc.has)
		}
	}
}
