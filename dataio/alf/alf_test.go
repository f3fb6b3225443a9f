package alf

import (
	"errors"
	"math"
	"os"
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

// TestIBLLayout loads the same session laid out as an IBL download: trials
// with the _ibl_ namespace in alf/, spikes in a collection alf/probe00/
// with a UUID extra part, and checks it reads like the flat layout, whether
// the session or the collection folder is given; a second collection makes
// the session ambiguous, and a Parquet-only trials table is named.
func TestIBLLayout(t *testing.T) {
	flat := t.TempDir()
	sess := t.TempDir()
	alfDir := filepath.Join(sess, "alf")
	probe := filepath.Join(alfDir, "probe00")
	if err := os.MkdirAll(probe, 0o755); err != nil {
		t.Fatal(err)
	}
	times := []float64{0.5, 1.05, 1.1, 1.19, 1.25, 2.0, 2.1, 3.05, 4.1}
	clusters := []float64{3, 3, 7, 3, 3, 7, 7, 3, 7}
	trials := map[string][]float64{
		"stimOn_times":  {1, 2, 3, 4},
		"contrastLeft":  {0.5, math.NaN(), 0.25, math.NaN()},
		"contrastRight": {math.NaN(), 0, 0.25, 1},
		"feedbackType":  {1, -1, 1, 1},
	}
	write(t, flat, "spikes.times.npy", times)
	write(t, flat, "spikes.clusters.npy", clusters)
	write(t, probe, "spikes.times.3f2a9c1e-0d1b-4c55-9a7e-2b6f1d0c8e11.npy", times)
	write(t, probe, "spikes.clusters.npy", clusters)
	write(t, probe, "clusters.depths.npy", []float64{100, 200}) // other objects are ignored
	for k, v := range trials {
		write(t, flat, "trials."+k+".npy", v)
		write(t, alfDir, "_ibl_trials."+k+".npy", v)
	}
	counts := func(dir string) []float64 {
		t.Helper()
		s, err := Load(dir)
		if err != nil {
			t.Fatalf("Load(%s): %v", dir, err)
		}
		st, err := s.StimulusCounts(0, 0.2)
		if err != nil {
			t.Fatalf("StimulusCounts(%s): %v", dir, err)
		}
		return append(st.Counts.RawMatrix().Data, float64(len(st.Kept)))
	}
	want := counts(flat)
	for _, dir := range []string{sess, probe} {
		got := counts(dir)
		if len(got) != len(want) {
			t.Fatalf("%s: %d values, want %d", dir, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: value %d = %v, want %v (flat layout)", dir, i, got[i], want[i])
			}
		}
	}

	// Two probes: ambiguous, and the error names both collections.
	probe1 := filepath.Join(alfDir, "probe01")
	if err := os.MkdirAll(probe1, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, probe1, "spikes.times.npy", times)
	write(t, probe1, "spikes.clusters.npy", clusters)
	_, err := Load(sess)
	if err == nil || !errors.Is(err, experiment.ErrInput) ||
		!strings.Contains(err.Error(), filepath.Join("alf", "probe00")) || !strings.Contains(err.Error(), filepath.Join("alf", "probe01")) {
		t.Errorf("two collections: got %v, want an input error naming alf/probe00 and alf/probe01", err)
	}
	if got := counts(probe1); got[len(got)-1] != want[len(want)-1] {
		t.Errorf("probe01 given: %v trials kept, want %v", got[len(got)-1], want[len(want)-1])
	}

	// Trials only as a Parquet table.
	pq := t.TempDir()
	write(t, pq, "spikes.times.npy", times)
	write(t, pq, "spikes.clusters.npy", clusters)
	if err := os.WriteFile(filepath.Join(pq, "_ibl_trials.table.pqt"), []byte("PAR1"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(pq); err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "Parquet") {
		t.Errorf("Parquet trials: got %v, want an input error saying the table is Parquet", err)
	}
}

func TestALFName(t *testing.T) {
	for _, c := range []struct {
		base, obj, attr string
		ok              bool
	}{
		{"spikes.times.npy", "spikes", "times", true},
		{"_ibl_trials.stimOn_times.npy", "trials", "stimOn_times", true},
		{"spikes.times.3f2a9c1e.npy", "spikes", "times", true},
		{"trials.intervals_bpod.npy", "trials", "intervals_bpod", true},
		{"spikes.npy", "", "", false},
		{"spikes.times.csv", "", "", false},
		{"_ibl.npy", "", "", false},
	} {
		obj, attr, ok := alfName(c.base)
		if obj != c.obj || attr != c.attr || ok != c.ok {
			t.Errorf("alfName(%q) = %q, %q, %v; want %q, %q, %v", c.base, obj, attr, ok, c.obj, c.attr, c.ok)
		}
	}
}
