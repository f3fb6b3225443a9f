package main

import (
	"path/filepath"
	"testing"

	"neurolab/dataio/npy"
	"neurolab/internal/num"
	"neurolab/synth/templates"
)

func TestAverageTestCommand(t *testing.T) {
	dir := t.TempDir()
	s := templates.Generate(num.Stream(3, 1), templates.Config{Neurons: 40, Classes: 2, TrialsPerClass: 100, Mu0: 2, Kappa: 1, GainShape: 2})
	T, N := s.Counts.Dims()
	counts, labels, outcome := filepath.Join(dir, "counts.npy"), filepath.Join(dir, "labels.npy"), filepath.Join(dir, "outcome.npy")
	npy.WriteFloat64(counts, []int{T, N}, s.Counts.RawMatrix().Data)
	lab := make([]float64, T)
	for i, l := range s.Labels {
		lab[i] = float64(7 + 3*l) // arbitrary label values
	}
	npy.WriteFloat64(labels, []int{T}, lab)
	out := filepath.Join(dir, "out")
	// Outcome: hit when the trial's gain is above 1 (so ρ and SI, which rise
	// with spike count, predict it).
	oc := make([]float64, T)
	for i, g := range s.Gains {
		oc[i] = -1
		if g > 1 {
			oc[i] = 1
		}
	}
	npy.WriteFloat64(outcome, []int{T}, oc)
	if err := execPop(t, newAverageTestCmd(), "--counts", counts, "--labels", labels, "--outcome", outcome, "--out", out, "--surrogates", "100"); err != nil {
		t.Fatal(err)
	}
	m := readPopJSON(t, filepath.Join(out, "average-test.json"))
	sm := m["summary"].(map[string]any)
	// Template-Poisson data: mean percentile ≈ 0.5 (SD of the mean of 200
	// uniform values: 0.02).
	if mp := sm["mean_percentile"].(float64); mp < 0.42 || mp > 0.58 {
		t.Errorf("mean percentile: got %v, want 0.5 ± 0.08", mp)
	}
	if auc := sm["auc_rho_hit"].(float64); auc < 0.6 {
		t.Errorf("AUC(ρ → hit) with gain-driven hits: got %v, want ≥ 0.6", auc)
	}
	if cv := m["class_values"].([]any); len(cv) != 2 || cv[0].(float64) != 7 {
		t.Errorf("class values: got %v, want [7 10]", cv)
	}
}

func TestAverageTestCommandALF(t *testing.T) {
	dir := t.TempDir()
	w := func(name string, d []float64) { npy.WriteFloat64(filepath.Join(dir, name), []int{len(d)}, d) }
	// Two clusters, six trials one second apart; cluster 0 fires on left
	// trials, cluster 1 on right trials.
	var times, clus, on, cl, cr, fb []float64
	for tr := 0; tr < 6; tr++ {
		a := float64(tr + 1)
		on = append(on, a)
		left := tr%2 == 0
		if left {
			cl, cr = append(cl, 1), append(cr, 0)
		} else {
			cl, cr = append(cl, 0), append(cr, 1)
		}
		fb = append(fb, 1)
		for k := 0; k < 5; k++ {
			c := 1.0
			if left {
				c = 0
			}
			times = append(times, a+0.01+0.03*float64(k))
			clus = append(clus, c)
		}
		times = append(times, a+0.05)
		clus = append(clus, 2) // a third cluster, weakly active
	}
	w("spikes.times.npy", times)
	w("spikes.clusters.npy", clus)
	w("trials.visualStim_times.npy", on)
	w("trials.visualStim_contrastLeft.npy", cl)
	w("trials.visualStim_contrastRight.npy", cr)
	w("trials.feedbackType.npy", fb)
	out := filepath.Join(dir, "out")
	if err := execPop(t, newAverageTestCmd(), "--alf", dir, "--window", "0,0.2", "--out", out, "--surrogates", "20"); err != nil {
		t.Fatal(err)
	}
	m := readPopJSON(t, filepath.Join(out, "average-test.json"))
	if n := int(m["trials"].(float64)); n != 6 {
		t.Errorf("trials: got %d, want 6", n)
	}
	if si := m["summary"].(map[string]any)["mean_si"].(float64); si < 1 {
		t.Errorf("mean SI with perfectly selective clusters: got %v, want > 1", si)
	}
}

func TestAverageTestCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	counts, short := filepath.Join(dir, "counts.npy"), filepath.Join(dir, "short.npy")
	npy.WriteFloat64(counts, []int{4, 3}, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3})
	npy.WriteFloat64(short, []int{3}, []float64{0, 1, 0})
	neg := filepath.Join(dir, "neg.npy")
	npy.WriteFloat64(neg, []int{2, 3}, []float64{1, -2, 3, 4, 5, 6})
	frac := filepath.Join(dir, "rates.npy") // 2.5 at trial 3, neuron 1
	npy.WriteFloat64(frac, []int{4, 3}, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2.5, 3})
	oneClass, single := filepath.Join(dir, "oneclass.npy"), filepath.Join(dir, "single.npy")
	npy.WriteFloat64(oneClass, []int{4}, []float64{5, 5, 5, 5})
	npy.WriteFloat64(single, []int{4}, []float64{0, 0, 0, 1})
	two := filepath.Join(dir, "two.npy")
	npy.WriteFloat64(two, []int{4}, []float64{0, 0, 1, 1})
	cases := []struct {
		name  string
		args  []string
		parts []string
	}{
		{"label count", []string{"--counts", counts, "--labels", short}, []string{"short.npy", "3 labels for 4 trials"}},
		{"non-integer counts", []string{"--counts", frac, "--labels", two}, []string{"rates.npy: counts must be whole numbers of spikes; got 2.5 at (3, 1)"}},
		{"one class", []string{"--counts", counts, "--labels", oneClass}, []string{"oneclass.npy: one class only (every label is 5)"}},
		{"single-trial class", []string{"--counts", counts, "--labels", single}, []string{"single.npy: class 1 has 1 trial(s)"}},
		{"workers 0", []string{"--counts", counts, "--labels", two, "--workers", "0"}, []string{"--workers 0: want an integer ≥ 1"}},
		{"workers -1", []string{"--counts", counts, "--labels", two, "--workers", "-1"}, []string{"--workers -1: want an integer ≥ 1"}},
		{"surrogates 0", []string{"--counts", counts, "--labels", two, "--surrogates", "0"}, []string{"--surrogates 0: want an integer ≥ 1"}},
		{"negative counts", []string{"--counts", neg, "--labels", short}, []string{"neg.npy", "≥ 0"}},
		{"no input", nil, []string{"--counts"}},
		{"bad window", []string{"--alf", dir, "--window", "0.2,0"}, []string{"--window"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantInputError(t, execPop(t, newAverageTestCmd(), append(c.args, "--out", filepath.Join(dir, "o"))...), c.parts...)
		})
	}
}
