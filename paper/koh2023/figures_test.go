package koh2023

import (
	"bytes"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"neurolab/experiment"
)

// TestLatentR2Legend checks that the latent-R² figure names the run's time
// scales: its legend read "τ = 100 ms" and "τ = 1000 ms" whatever tau_fast
// and tau_slow were.
func TestLatentR2Legend(t *testing.T) {
	p := Default(experiment.Quick)
	p.TauFast, p.TauSlow = 50, 2500
	c := &resultC{exY: []float64{1, 2}, exC: []float64{1, 2}, exS: []float64{0, 1}, exCHat: []float64{1, 2}, exSHat: []float64{0, 1}}
	for ti := range c.mean {
		c.mean[ti] = make([]float64, len(methods))
		c.sd[ti] = make([]float64, len(methods))
		for mi := range methods {
			c.mean[ti][mi] = 0.5
		}
	}
	b := &resultB{lls: []float64{-3, -2, -1}, llTrue: -1}
	var r2 *experiment.Figure
	figs := figures(p, c, b)
	for i := range figs {
		if figs[i].Name == "latent-r2" {
			r2 = &figs[i]
		}
	}
	if r2 == nil {
		t.Fatal("no latent-r2 figure")
	}
	cv := vgsvg.New(5*vg.Inch, 4*vg.Inch)
	r2.Plot.Draw(draw.New(cv))
	var buf bytes.Buffer
	if _, err := cv.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{"τ = 50 ms (fast)", "τ = 2500 ms (slow)"} {
		if !strings.Contains(svg, want) {
			t.Errorf("latent-r2 legend lacks %q", want)
		}
	}
	for _, stale := range []string{"τ = 100 ms", "τ = 1000 ms"} {
		if strings.Contains(svg, stale) {
			t.Errorf("latent-r2 legend still reads %q at tau_fast = 50, tau_slow = 2500", stale)
		}
	}
}

// TestTitles checks that the latent-R² and EM figures' titles state the
// paper's finding only when the run bears it out.
func TestTitles(t *testing.T) {
	c := &resultC{}
	c.mean[0] = []float64{0.1, 0.2, 0.3, 0.2, 0.4, 0.5}
	if got := r2Title(c); got != "CILDS recovers fast latents best" {
		t.Errorf("CILDS best: %q", got)
	}
	c.mean[0][iDLDS] = 0.6
	if got := r2Title(c); got != "Fast latents: CILDS R² 0.50, best other method OASIS+LDS 0.60" {
		t.Errorf("OASIS+LDS best: %q", got)
	}
	if got := llTitle(&resultB{maxDrop: 0}); got != "CILDS EM log-likelihood rises monotonically (exact model)" {
		t.Errorf("monotone EM: %q", got)
	}
	if got := llTitle(&resultB{maxDrop: 1e-3}); got != "CILDS EM log-likelihood (exact model): largest relative drop 0.001" {
		t.Errorf("EM with a drop: %q", got)
	}
}
