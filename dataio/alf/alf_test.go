package alf

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/dataio/npy"
	"neurolab/experiment"
)

func write(t *testing.T, dir, name string, data []float64) {
	t.Helper()
	if err := npy.WriteFloat64(filepath.Join(dir, name), []int{len(data)}, data); err != nil {
		t.Fatal(err)
	}
}

func TestStimulusCounts(t *testing.T) {
	dir := t.TempDir()
	// Clusters 3 and 7; trials at 1, 2, 3, 4 s.
	write(t, dir, "spikes.times.npy", []float64{0.5, 1.05, 1.1, 1.19, 1.25, 2.0, 2.1, 3.05, 4.1})
	write(t, dir, "spikes.clusters.npy", []float64{3, 3, 7, 3, 3, 7, 7, 3, 7})
	write(t, dir, "trials.visualStim_times.npy", []float64{1, 2, 3, 4})
	write(t, dir, "trials.visualStim_contrastLeft.npy", []float64{0.5, 0, 0.25, 0})
	write(t, dir, "trials.visualStim_contrastRight.npy", []float64{0, 0, 0.25, 1})
	write(t, dir, "trials.feedbackType.npy", []float64{1, -1, 1, 1})
	s, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.StimulusCounts(0, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	// Trial 2 (equal non-zero contrasts) is dropped.
	wantKept := []int{0, 1, 3}
	wantLab := []int{0, 1, 2}
	wantCounts := [][]float64{{2, 1}, {0, 2}, {0, 1}} // window [a, a+0.2)
	for i := range wantKept {
		if st.Kept[i] != wantKept[i] || st.Labels[i] != wantLab[i] {
			t.Errorf("row %d: got trial %d label %d, want %d, %d", i, st.Kept[i], st.Labels[i], wantKept[i], wantLab[i])
		}
		for j, w := range wantCounts[i] {
			if got := st.Counts.At(i, j); got != w {
				t.Errorf("count (%d,%d): got %v, want %v", i, j, got, w)
			}
		}
	}
	if st.Outcome[1] != -1 {
		t.Errorf("outcome: got %v, want -1", st.Outcome[1])
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "spikes.times.npy", []float64{0.1, 0.2})
	write(t, dir, "spikes.clusters.npy", []float64{1})
	_, err := Load(dir)
	if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "spikes.clusters.npy") {
		t.Errorf("got %v, want an input error naming spikes.clusters.npy", err)
	}
	if _, err := Load(filepath.Join(dir, "nope")); err == nil || !errors.Is(err, experiment.ErrInput) {
		t.Errorf("missing dir: got %v, want input error", err)
	}
}
