package zhang2022

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"neurolab/dataio/npy"
	"neurolab/experiment"
)

// connectome is an N×N row-major matrix with a zero diagonal.
type connectome struct {
	n     int
	w     []float64
	notes []string // what loading and scaling a user's matrix did to it
}

// scale applies sc_norm to a user's connectome (named name in notes):
// "maxrow" divides it by its largest row sum, as the synthetic connectome
// is; "none" keeps it and notes when that row sum is far from 1, since G
// then does not mean what it means for the synthetic connectome.
func (c *connectome) scale(norm, name string) {
	mx := maxRowSum(c.w, c.n)
	switch {
	case norm == "maxrow" && mx > 0:
		normalise(c.w, c.n)
		c.notes = append(c.notes, fmt.Sprintf("sc: %s was divided by its largest row sum, %.4g (sc_norm = maxrow).", name, mx))
	case norm != "maxrow" && (mx > 2 || mx < 0.5):
		c.notes = append(c.notes, fmt.Sprintf("sc: the largest row sum of %s is %.4g and the matrix is used as given (sc_norm = none), so the "+
			"coupling G·Σ_j C_ij S_E,j is %.3g times what the same G gives with the synthetic connectome (largest row sum 1); "+
			"--set sc_norm=maxrow divides it by that row sum.", name, mx, mx))
	}
}

// loadSC reads and validates a user's connectome (.npy float64/float32 or
// .csv); every problem is an input error naming the file.
func loadSC(path string) (*connectome, error) {
	var data []float64
	var rows, cols int
	switch strings.ToLower(filepath.Ext(path)) {
	case ".npy":
		a, err := npy.ReadRank(path, 2, "regions × regions")
		if err != nil {
			return nil, fmt.Errorf("sc: %w", err)
		}
		data, rows, cols = a.Data, a.Shape[0], a.Shape[1]
	case ".csv":
		f, err := os.Open(path)
		if err != nil {
			return nil, experiment.Inputf("sc: cannot open %q: %v", path, err)
		}
		defer f.Close()
		data, rows, cols, err = readCSV(f)
		if err != nil {
			return nil, experiment.Inputf("sc: %q: %v", path, err)
		}
	default:
		return nil, experiment.Inputf("sc: %q: want a .npy or .csv file", path)
	}
	if rows != cols {
		return nil, experiment.Inputf("sc: %q is %d×%d, want a square matrix", path, rows, cols)
	}
	if rows < 2 {
		return nil, experiment.Inputf("sc: %q has %d regions, want at least 2", path, rows)
	}
	diag := false
	for i, v := range data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, experiment.Inputf("sc: %q entry (%d,%d) is not finite", path, i/cols, i%cols)
		}
		if v < 0 {
			return nil, experiment.Inputf("sc: %q entry (%d,%d) = %g is negative; weights must be ≥ 0", path, i/cols, i%cols, v)
		}
		if i/cols == i%cols && v != 0 {
			diag = true
		}
	}
	c := &connectome{n: rows, w: data}
	if diag {
		for i := 0; i < rows; i++ {
			c.w[i*rows+i] = 0
		}
		c.notes = append(c.notes, fmt.Sprintf("sc: %s had a non-zero diagonal; it was set to zero (the model has no self-coupling through C).", filepath.Base(path)))
	}
	return c, nil
}

func readCSV(r io.Reader) ([]float64, int, int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, 0, 0, err
	}
	var data []float64
	cols := -1
	rows := 0
	for li, rec := range recs {
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if cols >= 0 && len(rec) != cols {
			return nil, 0, 0, fmt.Errorf("line %d has %d fields, line 1 has %d", li+1, len(rec), cols)
		}
		cols = len(rec)
		for fi, s := range rec {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				return nil, 0, 0, fmt.Errorf("line %d field %d: %q is not a number", li+1, fi+1, s)
			}
			data = append(data, v)
		}
		rows++
	}
	if rows == 0 {
		return nil, 0, 0, fmt.Errorf("empty file")
	}
	return data, rows, cols, nil
}

// syntheticSC returns a symmetric two-module connectome: log-normal
// weights (μ = 0, σ = 1) within modules, scaled by between across modules,
// zero diagonal, normalised by the largest row sum (spec).
func syntheticSC(rng *rand.Rand, n int, between float64) *connectome {
	w := make([]float64, n*n)
	half := n / 2
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			v := math.Exp(rng.NormFloat64())
			if (i < half) != (j < half) {
				v *= between
			}
			w[i*n+j], w[j*n+i] = v, v
		}
	}
	normalise(w, n)
	return &connectome{n: n, w: w}
}

// maxRowSum returns the largest row sum of the n×n matrix w.
func maxRowSum(w []float64, n int) float64 {
	mx := 0.0
	for i := 0; i < n; i++ {
		s := 0.0
		for j := 0; j < n; j++ {
			s += w[i*n+j]
		}
		mx = math.Max(mx, s)
	}
	return mx
}

// normalise divides w by its largest row sum.
func normalise(w []float64, n int) {
	if mx := maxRowSum(w, n); mx > 0 {
		for i := range w {
			w[i] /= mx
		}
	}
}
