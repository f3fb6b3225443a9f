package fauth2019

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestCalibrate logs every metric and check at the scale in FAUTH_SCALE
// (opt-in; FAUTH_SEEDS="1,2" sets the seeds, default 1; FAUTH_SET="name=value,..."
// overrides parameters; NEUROLAB_FIGDIR=DIR also writes the figures there).
func TestCalibrate(t *testing.T) { exptest.Calibrate(t, New(), "FAUTH", nil) }
