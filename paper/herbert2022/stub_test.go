package herbert2022

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/linalg"
	"neurolab/internal/num"
	"neurolab/model/lowrank"
)

// stubSpectrum is runSpectrum with the connectivity built in the given form
// (or, dense, the unsparsified rank-one matrix), read as if it were the
// rescaled form.
func stubSpectrum(t *testing.T, p Params, s float64, k int, form lowrank.Form, dense bool) spectrum {
	t.Helper()
	N := p.NSpectra
	m, n := rankOne(num.Stream(1, tagVectors, uint64(k)), N, p.Lambda0)
	sp := spectrum{s: s}
	sp.lambda0 = dot(n, m) / float64(N)
	sp.r = lowrank.BulkRadiusRankOne(m, n, s, lowrank.Rescaled)
	J := mat.NewDense(N, N, nil)
	if dense {
		lowrank.LowRank(J, mat.NewDense(N, 1, m), mat.NewDense(N, 1, n))
	} else {
		lowrank.Connectivity(J, mat.NewDense(N, 1, m), mat.NewDense(N, 1, n), s, form,
			num.Stream(1, tagMask, uint64(k), 0))
	}
	vals, err := linalg.Eigenvalues(nil, J)
	if err != nil {
		t.Fatal(err)
	}
	out, edge := lowrank.SplitOutliers(vals, 1)
	sp.outlier, sp.edge = out[0], edge
	return sp
}

// The spec's stubs fail checks 1–2: a stub that forgets the 1/(1-s) factor
// (un-rescaled matrix read as the rescaled one) puts the outlier at (1-s)λ0;
// a stub that returns the dense spectrum has no bulk.
func TestStubsFail(t *testing.T) {
	p := Default(experiment.Quick)
	p.NSpectra, p.Seeds = 300, 2
	grid := []float64{0.5}
	for _, tc := range []struct {
		name  string
		form  lowrank.Form
		dense bool
		fail  []string
	}{
		{"forgets 1/(1-s)", lowrank.Unrescaled, false, []string{"outlier_rescaled", "outlier_unrescaled", "bulk_radius_s0.5"}},
		{"dense spectrum", lowrank.Rescaled, true, []string{"bulk_radius_s0.5"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var specs []spectrum
			for _, s := range grid {
				for k := 0; k < p.Seeds; k++ {
					specs = append(specs, stubSpectrum(t, p, s, k, tc.form, tc.dense))
				}
			}
			res := experiment.NewResult(New().Meta(), experiment.Config{Seed: 1}, &p)
			addSpectrumResults(res, p, grid, specs)
			for _, name := range tc.fail {
				found := false
				for _, c := range res.Checks {
					if c.Name == name {
						found = true
						if c.Pass {
							t.Errorf("%s with the stub: got pass (value %g), want fail", name, c.Value)
						}
					}
				}
				if !found {
					t.Errorf("no check %s", name)
				}
			}
		})
	}
}

// The honest rescaled connectivity passes the same checks at this size, so
// the stubs above fail for the reason named, not because N is small. (At
// N = 300 the bulk-edge bias at s = 0.9 is already ≈ +30 %, see the spec's
// check 2, so the grid here is s = 0.5 only.)
func TestStubHonestControl(t *testing.T) {
	p := Default(experiment.Quick)
	p.NSpectra, p.Seeds = 300, 2
	grid := []float64{0.5}
	var specs []spectrum
	for _, s := range grid {
		for k := 0; k < p.Seeds; k++ {
			specs = append(specs, stubSpectrum(t, p, s, k, lowrank.Rescaled, false))
		}
	}
	res := experiment.NewResult(New().Meta(), experiment.Config{Seed: 1}, &p)
	addSpectrumResults(res, p, grid, specs)
	for _, c := range res.Checks {
		t.Logf("%s = %g (pass %v)", c.Name, c.Value, c.Pass)
		if !c.Pass {
			t.Errorf("%s with the honest connectivity: got fail (value %g), want pass", c.Name, c.Value)
		}
	}
}
