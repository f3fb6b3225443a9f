package kallekossio2021

import (
	"fmt"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

// TestCalibrate logs every metric and check at the scale in KK_SCALE
// (opt-in; KK_SET="name=value,..." overrides parameters; KK_SEEDS="1,2,3"
// runs several seeds, default 1; KK_BRIEF=1 logs one line per seed;
// NEUROLAB_FIGDIR=DIR also writes the figures there).
func TestCalibrate(t *testing.T) {
	exptest.Calibrate(t, New(), "KK", func(res *experiment.Result) string {
		fails := []string{}
		for _, c := range res.Checks {
			if !c.Pass {
				fails = append(fails, c.Name)
			}
		}
		m := res.Metrics
		return fmt.Sprintf("ari %.3f trans %.0f int %.0f cv %.2f sp %.3f minratio %.1f inrange %.0f/%.0f accP %.3f accF %.3f rate %.3f short %.0f size %.0f-%.0f fails %v",
			m["ari_t0_tend"], m["transitions"], m["intervals"], m["interval_cv"], m["spacing_over_mean_interval"],
			m["min_within_between_ratio"], m["checkpoints_with_m_pm1"], m["checkpoints"], m["accuracy_plastic"], m["accuracy_fixed"],
			m["rate_hz"], m["intervals_one_spacing"], m["min_assembly_size"], m["max_assembly_size"], fails)
	})
}
