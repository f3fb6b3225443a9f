package suite2p

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	pytypes "github.com/nlpodyssey/gopickle/types"
	"gonum.org/v1/gonum/mat"

	npyfile "neurolab/dataio/npy"
	"neurolab/experiment"
)

// MaxOpsBytes bounds the size of ops.npy that ReadOps decodes.
const MaxOpsBytes = 16 << 20

// Matrix reads a 2-D numeric .npy file (any float, integer or bool dtype,
// read by dataio/npy) into a dense matrix (rows × cols, float64). Other
// ranks, empty arrays and non-finite values are input errors naming the file.
func Matrix(path string) (*mat.Dense, error) { return MatrixWith(path, ReadOptions{}) }

// ReadOptions change what MatrixWith and ReadPlaneWith accept.
type ReadOptions struct {
	// AllowNaN keeps NaN values (missing frames) instead of rejecting
	// them; ±Inf is always an error.
	AllowNaN bool
}

// MatrixWith is Matrix with options.
func MatrixWith(path string, o ReadOptions) (*mat.Dense, error) {
	data, shape, err := floatsWith(path, o)
	if err != nil {
		return nil, err
	}
	if len(shape) == 1 {
		return nil, experiment.Inputf("%s: want a 2-D array (cells × frames), got shape (%d,); for one cell save it as one row: np.save(path, F[None, :])", path, shape[0])
	}
	if len(shape) != 2 {
		return nil, experiment.Inputf("%s: want a 2-D array (cells × frames), got shape %v", path, shape)
	}
	if shape[0] == 0 || shape[1] == 0 {
		return nil, experiment.Inputf("%s: empty array (shape %v)", path, shape)
	}
	return mat.NewDense(shape[0], shape[1], data), nil
}

// Vector reads a 1-D float .npy file (or a 2-D one with one row/column).
func Vector(path string) ([]float64, error) {
	data, shape, err := floats(path)
	if err != nil {
		return nil, err
	}
	if len(shape) > 2 || len(shape) == 2 && shape[0] != 1 && shape[1] != 1 {
		return nil, experiment.Inputf("%s: want a 1-D array, got shape %v", path, shape)
	}
	return data, nil
}

// floats reads a numeric .npy of any rank (row-major data) through
// dataio/npy and rejects non-finite values.
func floats(path string) ([]float64, []int, error) { return floatsWith(path, ReadOptions{}) }

func floatsWith(path string, o ReadOptions) ([]float64, []int, error) {
	a, err := npyfile.Read(path)
	if err != nil {
		return nil, nil, err
	}
	check := a.CheckFinite
	if o.AllowNaN {
		check = a.CheckNoInf
	}
	if err := check(path); err != nil {
		return nil, nil, err
	}
	return a.Data, a.Shape, nil
}

// Ops holds the entries of ops.npy that neurolab uses.
type Ops struct {
	Fs  float64 // frame rate per plane, Hz
	Tau float64 // indicator decay time constant, s

	// Neucoeff is the neuropil coefficient Suite2p used for its spike
	// deconvolution (F − Neucoeff·Fneu); HasNeucoeff says whether ops.npy
	// holds one (0 is a valid coefficient).
	Neucoeff    float64
	HasNeucoeff bool
}

// ReadOps decodes ops.npy (a pickled dict in a 0-d object array) and
// returns its fs, tau and neucoeff. Entries that are missing or not numbers
// are 0 (and HasNeucoeff false).
func ReadOps(path string) (Ops, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Ops{}, experiment.Inputf("suite2p: %s: file not found; fs and tau must then be given by the caller", path)
		}
		return Ops{}, experiment.Inputf("%s: %v", path, err)
	}
	if st.Size() > MaxOpsBytes {
		return Ops{}, experiment.Inputf("suite2p: %s: %d bytes, more than the %d this reader decodes; fs and tau must then be given by the caller", path, st.Size(), MaxOpsBytes)
	}
	f, err := os.Open(path)
	if err != nil {
		return Ops{}, experiment.Inputf("%s: %v", path, err)
	}
	defer f.Close()
	return opsFrom(path, f)
}

// opsFrom is ReadOps on the contents of the file at path.
func opsFrom(path string, r io.Reader) (Ops, error) {
	v, err := decodeOps(r)
	if err != nil {
		return Ops{}, experiment.Inputf("suite2p: %s: cannot decode the pickled ops dict (%s); fs and tau must then be given by the caller", path, oneLine(err))
	}
	d := findDict(v, 0)
	if d == nil {
		return Ops{}, experiment.Inputf("suite2p: %s: no dict inside; fs and tau must then be given by the caller", path)
	}
	ops := Ops{Fs: number(d, "fs"), Tau: number(d, "tau")}
	ops.Neucoeff, ops.HasNeucoeff = numberOK(d, "neucoeff")
	return ops, nil
}

// findDict looks for the first dict in the unpickled value (bounded depth).
func findDict(v any, depth int) *pytypes.Dict {
	if depth > 4 {
		return nil
	}
	switch x := v.(type) {
	case *pytypes.Dict:
		return x
	case *pytypes.List:
		for i := 0; i < x.Len() && i < 4; i++ {
			if d := findDict(x.Get(i), depth+1); d != nil {
				return d
			}
		}
	case []any:
		for i := 0; i < len(x) && i < 4; i++ {
			if d := findDict(x[i], depth+1); d != nil {
				return d
			}
		}
	case *pytypes.Tuple:
		for i := 0; i < x.Len() && i < 8; i++ {
			if d := findDict(x.Get(i), depth+1); d != nil {
				return d
			}
		}
	case *opaqueValue: // a numpy object array: its elements are in the state
		return findDict(x.State, depth+1)
	}
	return nil
}

func number(d *pytypes.Dict, key string) float64 {
	x, _ := numberOK(d, key)
	return x
}

// numberOK returns the entry key of d as a finite float64, and whether it
// is one (Python float or int; bool and everything else are not).
func numberOK(d *pytypes.Dict, key string) (float64, bool) {
	v, ok := d.Get(key)
	if !ok {
		return 0, false
	}
	var x float64
	switch y := v.(type) {
	case float64:
		x = y
	case int:
		x = float64(y)
	case int64:
		x = float64(y)
	default:
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

// Plane is a Suite2p plane folder read for spike inference.
type Plane struct {
	Dir     string
	F, Fneu *mat.Dense // cells × frames
	IsCell  []bool     // per ROI (all true when iscell.npy is absent)
	Ops     Ops        // zero fields when ops.npy is absent or unreadable
	OpsErr  error      // why ops.npy could not be used, if it could not
}

// ReadPlane reads F.npy, Fneu.npy, iscell.npy (optional) and ops.npy
// (optional) from dir. F and Fneu must have the same shape; iscell must
// have one row per ROI and select at least one.
func ReadPlane(dir string) (*Plane, error) { return ReadPlaneWith(dir, ReadOptions{}) }

// ReadPlaneWith is ReadPlane with options for F.npy and Fneu.npy (with
// AllowNaN, NaN frames are kept; F − coef·Fneu is then NaN there).
func ReadPlaneWith(dir string, o ReadOptions) (*Plane, error) {
	st, err := os.Stat(dir)
	if err == nil && !st.IsDir() {
		return nil, experiment.Inputf("%s: is a file, not a Suite2p plane folder; pass the folder that holds it (--suite2p %s)", dir, filepath.Dir(dir))
	}
	if err != nil {
		return nil, experiment.Inputf("%s: not a Suite2p plane folder (no such directory)", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "F.npy")); errors.Is(err, os.ErrNotExist) {
		if err := planesHint(dir); err != nil {
			return nil, err
		}
	}
	p := &Plane{Dir: dir}
	if p.F, err = MatrixWith(filepath.Join(dir, "F.npy"), o); err != nil {
		return nil, err
	}
	if p.Fneu, err = MatrixWith(filepath.Join(dir, "Fneu.npy"), o); err != nil {
		return nil, err
	}
	r, c := p.F.Dims()
	if rn, cn := p.Fneu.Dims(); rn != r || cn != c {
		return nil, experiment.Inputf("%s: shape %d×%d differs from F.npy's %d×%d", filepath.Join(dir, "Fneu.npy"), rn, cn, r, c)
	}
	icPath := filepath.Join(dir, "iscell.npy")
	if _, err := os.Stat(icPath); err == nil {
		ic, shape, err := floats(icPath)
		if err != nil {
			return nil, err
		}
		if len(shape) == 0 || shape[0] != r {
			return nil, experiment.Inputf("%s: %v rows, want one per ROI (%d)", icPath, shape, r)
		}
		if len(shape) > 2 || len(shape) == 2 && shape[1] == 0 {
			return nil, experiment.Inputf("%s: shape %v, want one row per ROI: (%d,) or (%d, 2) (label, probability)", icPath, shape, r, r)
		}
		cols := 1
		if len(shape) == 2 {
			cols = shape[1]
		}
		p.IsCell = make([]bool, r)
		any := false
		for i := 0; i < r; i++ {
			p.IsCell[i] = ic[i*cols] > 0.5
			any = any || p.IsCell[i]
		}
		if !any {
			return nil, experiment.Inputf("%s: no ROI is labelled a cell", icPath)
		}
	} else {
		p.IsCell = make([]bool, r)
		for i := range p.IsCell {
			p.IsCell[i] = true
		}
	}
	p.Ops, p.OpsErr = ReadOps(filepath.Join(dir, "ops.npy"))
	return p, nil
}

// planesHint returns an input error naming the plane folders (relative to
// dir) when dir is a Suite2p output folder (suite2p/ with plane0/, plane1/,
// combined/) or the folder above it, rather than one plane, and nil
// otherwise.
func planesHint(dir string) error {
	m, _ := filepath.Glob(filepath.Join(dir, "*", "F.npy"))
	if len(m) == 0 {
		m, _ = filepath.Glob(filepath.Join(dir, "*", "*", "F.npy"))
	}
	if len(m) == 0 {
		return nil
	}
	names := make([]string, len(m))
	for i, f := range m {
		rel, err := filepath.Rel(dir, filepath.Dir(f))
		if err != nil {
			rel = filepath.Dir(f)
		}
		names[i] = filepath.ToSlash(rel)
	}
	return experiment.Inputf("%s: a Suite2p output folder, not a plane (no F.npy here; planes: %s); pass one plane folder, e.g. --suite2p %s",
		dir, strings.Join(names, ", "), filepath.Dir(m[0]))
}

// Corrected returns F − coef·Fneu for the ROIs labelled cells, cells ×
// frames, and the ROI index of each row.
func (p *Plane) Corrected(coef float64) (*mat.Dense, []int) {
	var idx []int
	for i, ok := range p.IsCell {
		if ok {
			idx = append(idx, i)
		}
	}
	_, c := p.F.Dims()
	out := mat.NewDense(len(idx), c, nil)
	for k, i := range idx {
		f, n := p.F.RawRowView(i), p.Fneu.RawRowView(i)
		row := out.RawRowView(k)
		for t := range row {
			row[t] = f[t] - coef*n[t]
		}
	}
	return out, idx
}

// CorrectedInPlace is Corrected computed into F's storage, for recordings
// too large to hold F, Fneu and the traces at once (2000 cells × 30 000
// frames: 480 MB each): the result aliases p.F, whose rows it overwrites,
// and p.F and p.Fneu are set to nil. The values are those of Corrected.
func (p *Plane) CorrectedInPlace(coef float64) (*mat.Dense, []int) {
	var idx []int
	for i, ok := range p.IsCell {
		if ok {
			idx = append(idx, i)
		}
	}
	_, c := p.F.Dims()
	for k, i := range idx { // k ≤ i: row i is read before any later row overwrites it
		f, n := p.F.RawRowView(i), p.Fneu.RawRowView(i)
		row := p.F.RawRowView(k)
		for t := range row {
			row[t] = f[t] - coef*n[t]
		}
	}
	out := p.F.Slice(0, len(idx), 0, c).(*mat.Dense)
	p.F, p.Fneu = nil, nil
	return out, idx
}

// WriteFloat32 encodes m (rows × cols) as a float32 .npy (format 2.0, the
// header codeberg.org/sbinet/npyio writes, byte for byte). It converts the
// values straight into the file's bytes: one buffer of 4·rows·cols bytes plus
// the header, where encoding through npyio's reflection cost a []float32 copy,
// a growing buffer and an allocation per value (2000 cells × 30 000 frames:
// 9 s and 2 GB of garbage per file).
func WriteFloat32(m *mat.Dense) ([]byte, error) {
	r, c := m.Dims()
	b, off := npyHeader("<f4", r, c, 4)
	for i := 0; i < r; i++ {
		for j, v := range m.RawRowView(i) {
			binary.LittleEndian.PutUint32(b[off+4*j:], math.Float32bits(float32(v)))
		}
		off += 4 * c
	}
	return b, nil
}

// WriteFloat64 encodes m (rows × cols) as a float64 .npy, as WriteFloat32
// does (the bytes npyio.Write writes for a *mat.Dense).
func WriteFloat64(m *mat.Dense) ([]byte, error) {
	r, c := m.Dims()
	b, off := npyHeader("<f8", r, c, 8)
	for i := 0; i < r; i++ {
		for j, v := range m.RawRowView(i) {
			binary.LittleEndian.PutUint64(b[off+8*j:], math.Float64bits(v))
		}
		off += 8 * c
	}
	return b, nil
}

// npyHeader returns a buffer of the .npy header (format 2.0) for an array
// of rows × cols values of dtype descr followed by room for the data
// (itemsize bytes each), and the header's length. The header is npyio's:
// its dictionary followed by (12 + len(dict) + 1) mod 16 spaces and a
// newline.
func npyHeader(descr string, rows, cols, itemsize int) ([]byte, int) {
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%d, %d), }", descr, rows, cols)
	pad := (4 + 8 + len(dict) + 1) % 16
	h := dict + strings.Repeat(" ", pad) + "\n"
	b := make([]byte, 12+len(h)+rows*cols*itemsize)
	copy(b, "\x93NUMPY\x02\x00")
	binary.LittleEndian.PutUint32(b[8:], uint32(len(h)))
	copy(b[12:], h)
	return b, 12 + len(h)
}
