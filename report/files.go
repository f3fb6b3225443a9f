package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"

	"neurolab/experiment"
)

// ErrNotFinite reports a NaN or Inf in a metric or check value: the contract
// never lets one reach result.json.
var ErrNotFinite = errors.New("report: value is NaN or Inf")

// WriteFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so that path holds either its old content or all of
// data, never a part.
func WriteFileAtomic(path string, data []byte) error {
	return writeAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic creates a temporary file next to path, lets write fill it
// through a buffer and renames it to path; on any error the temporary file
// is removed and path keeps its old content.
func writeAtomic(path string, write func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	tmp := f.Name()
	bw := bufio.NewWriterSize(f, 1<<16)
	werr := write(bw)
	if werr == nil {
		werr = bw.Flush()
	}
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp, 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
		return fmt.Errorf("report: writing %s: %w", path, werr)
	}
	return nil
}

// WriteJSON writes v as indented JSON to path atomically.
func WriteJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("report: encoding %s: %w", path, err)
	}
	return WriteFileAtomic(path, buf.Bytes())
}

// CheckFinite returns an error wrapping ErrNotFinite naming the first metric
// or check (in sorted order) whose value is NaN or Inf.
func CheckFinite(res *experiment.Result) error {
	names := make([]string, 0, len(res.Metrics))
	for n := range res.Metrics {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if v := res.Metrics[n]; math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: %s metric %q = %v", ErrNotFinite, res.ID, n, v)
		}
	}
	for _, c := range res.Checks {
		if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) || math.IsNaN(c.Threshold) || math.IsInf(c.Threshold, 0) {
			return fmt.Errorf("%w: %s check %q value %v threshold %v", ErrNotFinite, res.ID, c.Name, c.Value, c.Threshold)
		}
	}
	for k, v := range res.Params {
		if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return fmt.Errorf("%w: %s parameter %q = %v", ErrNotFinite, res.ID, k, f)
		}
	}
	return nil
}

// WriteResult writes res into DIR/ID/: its figures (Name.png and Name.svg)
// first, then result.json, each atomically. It fills res.FigureFiles. A NaN
// or Inf metric or check value is an error and nothing is written.
func WriteResult(dir string, res *experiment.Result) error {
	if err := CheckFinite(res); err != nil {
		return err
	}
	if !experiment.ValidID(res.ID) {
		return fmt.Errorf("report: invalid experiment id %q", res.ID)
	}
	sub := filepath.Join(dir, res.ID)
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	files, err := WriteFigures(sub, res.Figures)
	if err != nil {
		return err
	}
	res.FigureFiles = files
	res.FigureCaptions = nil
	for _, f := range res.Figures {
		res.FigureCaptions = append(res.FigureCaptions, f.Caption)
	}
	if res.Checks == nil {
		res.Checks = []experiment.Check{}
	}
	if res.FigureFiles == nil {
		res.FigureFiles = []string{}
	}
	return WriteJSON(filepath.Join(sub, "result.json"), res)
}

// ReadResult reads one result.json.
func ReadResult(path string) (*experiment.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var r experiment.Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("report: %s: %w", path, err)
	}
	if r.ID == "" {
		return nil, fmt.Errorf("report: %s: no id", path)
	}
	return &r, nil
}

// ReadResults reads DIR/*/result.json, sorted by id. Sub-directories without
// a result.json are skipped; a malformed one is an error.
func ReadResults(dir string) ([]*experiment.Result, error) {
	found, err := readFound(dir)
	if err != nil {
		return nil, err
	}
	out := make([]*experiment.Result, len(found))
	for i, f := range found {
		out[i] = f.res
	}
	return out, nil
}

// found is a result read from DIR/Sub/result.json. Sub is normally the
// result's id, but a user may rename or copy a result folder (keeping
// results/ssn-variability-sigma0.25 next to results/ssn-variability), and
// the page must link the figures where they are.
type found struct {
	res *experiment.Result
	sub string
}

// readFound reads DIR/*/result.json with the folder each came from, sorted
// by id and then folder.
func readFound(dir string) ([]found, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var out []found
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name(), "result.json")
		if _, err := os.Stat(path); err != nil {
			continue
		}
		r, err := ReadResult(path)
		if err != nil {
			return nil, err
		}
		out = append(out, found{r, e.Name()})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].res.ID != out[j].res.ID {
			return out[i].res.ID < out[j].res.ID
		}
		return out[i].sub < out[j].sub
	})
	return out, nil
}
