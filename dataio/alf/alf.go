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

// Load reads a session's spikes.times, spikes.clusters and trials.*
// files. dir may be a flat folder holding all of them (the Steinmetz et al.
// 2019 release), an IBL session folder (trials in alf/, spikes in one
// collection such as alf/probe00/ or alf/probe00/pykilosort/), or one such
// collection folder, whose parent folders are then searched for the trials.
// File names may carry an ALF namespace and extra parts
// (_ibl_trials.stimOn_times.npy, spikes.times.<uuid>.npy). A session with
// several spike collections is an input error that lists them: pass the one
// to use. Errors wrap experiment.ErrInput and name the file or folder.
func Load(dir string) (*Session, error) {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, experiment.Inputf("%s: not a directory (want an ONE/ALF session folder)", dir)
	}
	spikeDir, err := findSpikes(dir)
	if err != nil {
		return nil, err
	}
	files, err := alfFiles(spikeDir)
	if err != nil {
		return nil, err
	}
	s := &Session{Dir: dir, Trials: map[string][]float64{}}
	tp, cp := files["spikes.times"], files["spikes.clusters"]
	if cp == "" {
		cp = filepath.Join(spikeDir, "spikes.clusters.npy")
	}
	times, err := npy.Read(tp)
	if err != nil {
		return nil, err
	}
	if err := times.CheckFinite(tp); err != nil {
		return nil, err
	}
	cl, err := npy.Read(cp)
	if err != nil {
		return nil, err
	}
	if vec(times.Shape) != times.Len() {
		return nil, experiment.Inputf("%s: shape %s, want one time per spike", tp, times.ShapeString())
	}
	if times.Len() == 0 {
		return nil, experiment.Inputf("%s: no spikes (shape %s)", tp, times.ShapeString())
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
	trialDir, trials, err := findTrials(dir, spikeDir)
	if err != nil {
		return nil, err
	}
	attrs := make([]string, 0, len(trials))
	for a := range trials {
		attrs = append(attrs, a)
	}
	sort.Strings(attrs)
	first := "" // the first trials file, whose length the others must have
	for _, attr := range attrs {
		m := trials[attr]
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
		if first == "" {
			s.NTrials, first = n, m
		} else if n != s.NTrials {
			return nil, experiment.Inputf("%s: %d trials, but %s has %d", m, n, filepath.Base(first), s.NTrials)
		}
		s.Trials[attr] = a.Data
	}
	if len(s.Trials) == 0 {
		return nil, experiment.Inputf("%s: no usable trials.*.npy files", trialDir)
	}
	return s, nil
}

// alfName splits an ALF file name [_namespace_]object.attribute[.extra…].npy
// into object and attribute; ok is false for other files.
func alfName(base string) (object, attribute string, ok bool) {
	if !strings.HasSuffix(base, ".npy") {
		return "", "", false
	}
	name := strings.TrimSuffix(base, ".npy")
	if strings.HasPrefix(name, "_") { // namespace: _ibl_
		i := strings.Index(name[1:], "_")
		if i < 0 {
			return "", "", false
		}
		name = name[i+2:]
	}
	parts := strings.Split(name, ".")
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return "", "", false
	}
	return parts[0], parts[1], true
}

// alfFiles maps "object.attribute" to the path of each ALF .npy file in
// dir. Two files with the same object and attribute are an input error.
func alfFiles(dir string) (map[string]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, experiment.Inputf("%s: %v", dir, err)
	}
	out := map[string]string{}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		obj, attr, ok := alfName(e.Name())
		if !ok {
			continue
		}
		key := obj + "." + attr
		if prev, dup := out[key]; dup {
			return nil, experiment.Inputf("%s: two files hold %s: %s and %s; keep one", dir, key, filepath.Base(prev), e.Name())
		}
		out[key] = filepath.Join(dir, e.Name())
	}
	return out, nil
}

// maxDepth bounds how far below the given folder Load looks for spike
// collections (session/alf/probe00/pykilosort is three levels down).
const maxDepth = 3

// findSpikes returns the folder holding spikes.times: dir itself, or the
// only such folder at most maxDepth levels below it.
func findSpikes(dir string) (string, error) {
	var found []string
	var walk func(d string, depth int)
	walk = func(d string, depth int) {
		if f, err := alfFiles(d); err == nil && f["spikes.times"] != "" {
			found = append(found, d)
			return // a collection's sub-folders are other collections' business
		}
		if depth == maxDepth {
			return
		}
		ents, err := os.ReadDir(d)
		if err != nil {
			return
		}
		for _, e := range ents {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && !strings.HasPrefix(e.Name(), "#") {
				walk(filepath.Join(d, e.Name()), depth+1)
			}
		}
	}
	walk(dir, 0)
	switch len(found) {
	case 0:
		return "", experiment.Inputf("%s: spikes.times.npy: file not found (looked in the folder and %d levels below)", dir, maxDepth)
	case 1:
		return found[0], nil
	}
	rel := make([]string, len(found))
	for i, f := range found {
		rel[i], _ = filepath.Rel(dir, f)
	}
	return "", experiment.Inputf("%s: %d spike collections (%s); pass the one to use, e.g. --alf %s",
		dir, len(found), strings.Join(rel, ", "), found[0])
}

// findTrials returns the folder holding trials.* files and those files by
// attribute: the spike folder, else the nearest folder above it (up to
// maxDepth levels), else the folders below dir.
func findTrials(dir, spikeDir string) (string, map[string]string, error) {
	trialsIn := func(d string) map[string]string {
		f, err := alfFiles(d)
		if err != nil {
			return nil
		}
		out := map[string]string{}
		for k, p := range f {
			if attr, ok := strings.CutPrefix(k, "trials."); ok {
				out[attr] = p
			}
		}
		return out
	}
	d := spikeDir
	for range maxDepth + 1 {
		if t := trialsIn(d); len(t) > 0 {
			return d, t, nil
		}
		up := filepath.Dir(d)
		if up == d {
			break
		}
		d = up
	}
	for _, sub := range []string{"alf"} {
		if t := trialsIn(filepath.Join(dir, sub)); len(t) > 0 {
			return filepath.Join(dir, sub), t, nil
		}
	}
	for _, where := range []string{dir, filepath.Join(dir, "alf")} {
		if m, _ := filepath.Glob(filepath.Join(where, "*trials.table*.pqt")); len(m) > 0 {
			return "", nil, experiment.Inputf("%s: the trials are a Parquet table, which neurolab does not read; "+
				"save its columns as trials.<column>.npy (e.g. in Python: for c in df: np.save(f'trials.{c}.npy', df[c].to_numpy()))", m[0])
		}
	}
	return "", nil, experiment.Inputf("%s: no trials.*.npy files (looked beside the spikes, in the folders above them and in alf/)", dir)
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

// maxCounts bounds the trials × clusters count matrix of StimulusCounts
// (2 GiB): a session has some thousands of each, while two files of a few
// MB with a million trials and a million distinct clusters would ask for
// terabytes.
const maxCounts = 1 << 28

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
	if len(s.Clusters) > 0 && len(align) > maxCounts/len(s.Clusters) {
		return nil, experiment.Inputf("%s: %d trials × %d clusters is more than the %d spike counts this reads at once (is spikes.clusters.npy a cluster id per spike?)",
			s.Dir, len(align), len(s.Clusters), maxCounts)
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
