package herbert2022

import (
	"testing"

	"neurolab/internal/exptest"
)

// want: 9 checks (2 outlier, 4 bulk, fixed point, chaos, decay), 3 figures.
var want = exptest.Want{Checks: 9, Figures: 3}

func TestQuick(t *testing.T) {
	res := exptest.Quick(t, New())
	exptest.AllPass(t, res, want)
	exptest.Finite(t, res)
}

// TestDefaultScale runs the default scale (tens of seconds): only with
// NEUROLAB_DEFAULT=1.
func TestDefaultScale(t *testing.T) {
	res := exptest.Default(t, New())
	exptest.AllPass(t, res, want)
	exptest.Finite(t, res)
}
