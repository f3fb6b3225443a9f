package alf

import (
	"errors"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"neurolab/dataio/npy"
	"neurolab/experiment"
)

// fuzzValues turns fuzz bytes into values: byte b is (b−64)/div, except
// 0xff (NaN), 0xfe (+Inf) and 0xfd (−Inf).
func fuzzValues(b []byte, div float64) []float64 {
	v := make([]float64, len(b))
	for i, x := range b {
		switch x {
		case 0xff:
			v[i] = math.NaN()
		case 0xfe:
			v[i] = math.Inf(1)
		case 0xfd:
			v[i] = math.Inf(-1)
		default:
			v[i] = (float64(x) - 64) / div
		}
	}
	return v
}

// fuzzShape picks a shape for n values from the selector s: (n,), (n, 1),
// (1, n), (n/2, 2), () or (0,) (the last two drop values).
func fuzzShape(s byte, v []float64) ([]int, []float64) {
	n := len(v)
	switch s % 6 {
	case 1:
		return []int{n, 1}, v
	case 2:
		return []int{1, n}, v
	case 3:
		return []int{n / 2, 2}, v[:n/2*2]
	case 4:
		if n > 0 {
			return nil, v[:1]
		}
	case 5:
		return []int{0}, nil
	}
	return []int{n}, v
}

// FuzzLoad writes an ALF folder (spike times and clusters, trial onsets,
// contrasts and feedback) from fuzz bytes, in shapes chosen by sel, and
// loads it and bins it.
func FuzzLoad(f *testing.F) {
	f.Add([]byte{66, 68, 68, 69, 69, 72, 72, 76, 80}, []byte{67, 67, 71, 67, 67, 71, 71, 67, 71},
		[]byte{68, 72, 76, 80}, []byte{66, 64, 65, 64}, []byte{64, 64, 65, 68}, []byte{68, 60, 68, 68}, uint32(0))
	f.Add([]byte{66, 0xff}, []byte{64, 64}, []byte{68}, []byte{64}, []byte{65}, []byte{}, uint32(0))
	// Once a panic: a first trials file of no trials let the next one set
	// the count, so contrastLeft (0 trials) was indexed over stimOn_times'.
	f.Add([]byte{66, 68}, []byte{64, 65}, []byte{68, 72}, []byte{}, []byte{65, 66}, []byte{}, uint32(0))
	f.Add([]byte{66, 68}, []byte{64, 65}, []byte{68, 72}, []byte{64, 66}, []byte{65, 66}, []byte{68, 60}, uint32(0x030201))
	f.Fuzz(func(t *testing.T, times, clusters, on, left, right, feedback []byte, sel uint32) {
		dir := t.TempDir()
		for i, file := range []struct {
			name string
			b    []byte
		}{{"spikes.times.npy", times}, {"spikes.clusters.npy", clusters}, {"trials.stimOn_times.npy", on},
			{"trials.contrastLeft.npy", left}, {"trials.contrastRight.npy", right}, {"trials.feedbackType.npy", feedback}} {
			if len(file.b) > 4096 {
				t.Skip()
			}
			if i == 5 && len(file.b) == 0 {
				continue // no feedback file
			}
			div := 4.0 // times in quarter seconds, cluster ids whole
			if i == 1 {
				div = 1
			}
			shape, v := fuzzShape(byte(sel>>(4*i)), fuzzValues(file.b, div))
			if err := npy.WriteFloat64(filepath.Join(dir, file.name), shape, v); err != nil {
				t.Fatal(err)
			}
		}
		check := func(err error) {
			if !errors.Is(err, experiment.ErrInput) || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("got error %q, want a one-line input error", err)
			}
		}
		s, err := Load(dir)
		if err != nil {
			check(err)
			return
		}
		if len(s.SpikeTimes) != len(s.SpikeClusters) || !sort.Float64sAreSorted(s.SpikeTimes) ||
			!sort.IntsAreSorted(s.Clusters) {
			t.Fatalf("inconsistent session: %d times, %d clusters, clusters %v", len(s.SpikeTimes), len(s.SpikeClusters), s.Clusters)
		}
		for attr, v := range s.Trials {
			if len(v) != s.NTrials {
				t.Fatalf("trials.%s has %d values, NTrials %d", attr, len(v), s.NTrials)
			}
		}
		st, err := s.StimulusCounts(0, 0.5)
		if err != nil {
			check(err)
			return
		}
		r, c := st.Counts.Dims()
		if r != len(st.Kept) || r != len(st.Labels) || c != len(s.Clusters) || st.Outcome != nil && len(st.Outcome) != r {
			t.Fatalf("counts %d×%d for %d kept trials, %d clusters", r, c, len(st.Kept), len(s.Clusters))
		}
	})
}

// A trials file of no trials sorted first no longer lets the next file set
// the trial count (StimulusCounts then indexed the empty contrastLeft).
func TestEmptyTrialsFileFirst(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "spikes.times.npy", []float64{0.5, 1})
	write(t, dir, "spikes.clusters.npy", []float64{0, 1})
	write(t, dir, "trials.contrastLeft.npy", []float64{})
	write(t, dir, "trials.contrastRight.npy", []float64{0, 1})
	write(t, dir, "trials.stimOn_times.npy", []float64{1, 2})
	_, err := Load(dir)
	if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "2 trials, but trials.contrastLeft.npy has 0") {
		t.Fatalf("got %v, want an input error naming both files", err)
	}
}
