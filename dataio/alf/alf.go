package alf

import (
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/npy"
	"neurolab/experiment"
)

// Session is a loaded ALF folder.
type Session struct {
	Dir           string
	SpikeTimes    []float64 // s, sorted ascending
	SpikeClusters []int     // cluster of each spike
	// Trials maps an attribute (the middle part of trials.<attribute>.npy)
	// to its per-trial values.
	Trials   map[string][]float64
	NTrials  int
	Clusters []int // sorted distinct cluster ids
}

// Load reads spikes.times.npy, spikes.clusters.npy and every
// trials.*.npy file of dir. Errors wrap experiment.ErrInput and name the
// file.
func Load(dir string) (*Session, error) {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, experiment.Inputf("%s: not a directory (want an ONE/ALF session folder)", dir)
	}
	s := &Session{Dir: dir, Trials: map[string][]float64{}}
	tp := filepath.Join(dir, "spikes.times.npy")
	times, err := npy.Read(tp)
	if err != nil {
		return nil, err
	}
	if err := times.CheckFinite(tp); err != nil {
		return nil, err
	}
	cp := filepath.Join(dir, "spikes.clusters.npy")
	cl, err := npy.Read(cp)
	if err != nil {
		return nil, err
	}
	if vec(times.Shape) != times.Len() {
		return nil, experiment.Inputf("%s: shape %s, want one time per spike", tp, times.ShapeString())
	}
	if cl.Len() != times.Len() {
		return nil, experiment.Inputf("%s: %d clusters for %d spike times in %s", cp, cl.Len(), times.Len(), tp)
	}
	ids, err := cl.Ints(cp)
	if err != nil {
		return nil, err
	}
	s.SpikeTimes, s.SpikeClusters = times.Data, ids
	if !sort.Float64sAreSorted(s.SpikeTimes) {
		idx := make([]int, len(s.SpikeTimes))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return s.SpikeTimes[idx[a]] < s.SpikeTimes[idx[b]] })
		t2, c2 := make([]float64, len(idx)), make([]int, len(idx))
		for i, j := range idx {
			t2[i], c2[i] = s.SpikeTimes[j], s.SpikeClusters[j]
		}
		s.SpikeTimes, s.SpikeClusters = t2, c2
	}
	seen := map[int]bool{}
	for _, c := range ids {
		if c < 0 {
			return nil, experiment.Inputf("%s: negative cluster id %d", cp, c)
		}
		if !seen[c] {
			seen[c] = true
			s.Clusters = append(s.Clusters, c)
		}
	}
	sort.Ints(s.Clusters)
	matches, _ := filepath.Glob(filepath.Join(dir, "trials.*.npy"))
	sort.Strings(matches)
	for _, m := range matches {
		attr := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "trials."), ".npy")
		a, err := npy.Read(m)
		if err != nil {
			return nil, err
		}
		if len(a.Shape) == 0 {
			continue // a scalar is not a per-trial attribute
		}
		n := a.Shape[0]
		if len(a.Shape) == 2 && a.Shape[1] == 2 {
			// Intervals (trials.intervals.npy): keep the start.
			v := make([]float64, n)
			for i := range v {
				v[i] = a.Data[2*i]
			}
			a.Data = v
		} else if vec(a.Shape) != a.Len() {
			continue // other multi-column attributes are not used
		}
		if s.NTrials == 0 {
			s.NTrials = n
		} else if n != s.NTrials {
			return nil, experiment.Inputf("%s: %d trials, but other trials.*.npy files have %d", m, n, s.NTrials)
		}
		s.Trials[attr] = a.Data
	}
	if len(s.Trials) == 0 {
		return nil, experiment.Inputf("%s: no trials.*.npy files", dir)
	}
	return s, nil
}

// vec returns the length of a vector-like shape ((n,), (n,1) or (1,n)), or
// −1.
func vec(shape []int) int {
	switch {
	case len(shape) == 1:
		return shape[0]
	case len(shape) == 2 && shape[1] == 1:
		return shape[0]
	case len(shape) == 2 && shape[0] == 1:
		return shape[1]
	}
	return -1
}

// Attr returns the first of the named trial attributes that exists, with
// its name.
func (s *Session) Attr(names ...string) ([]float64, string, error) {
	for _, n := range names {
		if v, ok := s.Trials[n]; ok {
			return v, n, nil
		}
	}
	return nil, "", experiment.Inputf("%s: none of %s found", s.Dir, fileList(names))
}

func fileList(names []string) string {
	f := make([]string, len(names))
	for i, n := range names {
		f[i] = "trials." + n + ".npy"
	}
	return strings.Join(f, ", ")
}

// Counts bins the spikes of every cluster in [a_t + t0, a_t + t1) for each
// trial t, a_t the trial's alignment time (align: values of a trials
// attribute; trials with a NaN alignment give a row of NaN). It returns the
// trials × clusters count matrix, columns in the order of s.Clusters.
func (s *Session) Counts(align []float64, t0, t1 float64) *mat.Dense {
	col := map[int]int{}
	for j, c := range s.Clusters {
		col[c] = j
	}
	out := mat.NewDense(len(align), len(s.Clusters), nil)
	for t, a := range align {
		row := out.RawRowView(t)
		if math.IsNaN(a) {
			for j := range row {
				row[j] = math.NaN()
			}
			continue
		}
		lo := sort.SearchFloat64s(s.SpikeTimes, a+t0)
		for k := lo; k < len(s.SpikeTimes) && s.SpikeTimes[k] < a+t1; k++ {
			row[col[s.SpikeClusters[k]]]++
		}
	}
	return out
}

// Stimulus is the average-test view of a Steinmetz-style session.
type Stimulus struct {
	Counts  *mat.Dense // kept trials × clusters
	Labels  []int      // class: 0 left (contrast difference < 0), 1 no difference (both zero), 2 right
	Outcome []float64  // feedbackType of kept trials (1 hit, −1 miss); nil if absent
	Kept    []int      // original trial index of each row
}

// StimulusCounts bins spikes in [t0, t1) s after stimulus onset and labels
// each trial by the sign of contrastRight − contrastLeft (Tlaie et al.:
// trials where both contrasts are equal and non-zero are dropped, as are
// trials with a NaN onset).
func (s *Session) StimulusCounts(t0, t1 float64) (*Stimulus, error) {
	on, _, err := s.Attr("visualStim_times", "stimOn_times")
	if err != nil {
		return nil, err
	}
	cl, _, err := s.Attr("visualStim_contrastLeft", "contrastLeft")
	if err != nil {
		return nil, err
	}
	cr, _, err := s.Attr("visualStim_contrastRight", "contrastRight")
	if err != nil {
		return nil, err
	}
	fb, _, _ := s.Attr("feedbackType")
	st := &Stimulus{}
	var align []float64
	for t := range on {
		l, r := nan0(cl[t]), nan0(cr[t])
		if math.IsNaN(on[t]) || l == r && l != 0 {
			continue
		}
		lab := 1
		switch {
		case r-l < 0:
			lab = 0
		case r-l > 0:
			lab = 2
		}
		st.Kept = append(st.Kept, t)
		st.Labels = append(st.Labels, lab)
		align = append(align, on[t])
		if fb != nil {
			st.Outcome = append(st.Outcome, fb[t])
		}
	}
	if len(align) == 0 {
		return nil, experiment.Inputf("%s: no trial left after dropping equal non-zero contrasts", s.Dir)
	}
	st.Counts = s.Counts(align, t0, t1)
	return st, nil
}

// nan0 maps NaN (IBL's "no stimulus on this side") to 0.
func nan0(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}
