package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"neurolab/dataio/npy"
	"neurolab/experiment"
	"neurolab/internal/fig"
)

// TestReadFinite checks the shared input reader: the rank and NaN checks,
// and any shape when rank is 0.
func TestReadFinite(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.npy"), filepath.Join(dir, "nan.npy")
	if err := npy.WriteFloat64(good, []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}); err != nil {
		t.Fatal(err)
	}
	if err := npy.WriteFloat64(bad, []int{3}, []float64{1, math.NaN(), 3}); err != nil {
		t.Fatal(err)
	}
	if a, err := readFinite(good, 2, "rows × columns"); err != nil || a.Len() != 6 {
		t.Errorf("rank 2: got %v, %v; want 6 values", a, err)
	}
	if a, err := readFinite(good, 0, ""); err != nil || a.Len() != 6 {
		t.Errorf("any rank: got %v, %v; want 6 values", a, err)
	}
	if _, err := readFinite(good, 3, "a × b × c"); err == nil || !strings.Contains(err.Error(), "want 3 (a × b × c)") {
		t.Errorf("rank 3: got %v, want an error naming the layout", err)
	}
	if _, err := readFinite(bad, 0, ""); err == nil || !strings.Contains(err.Error(), "NaN and Inf are not allowed") {
		t.Errorf("NaN: got %v, want an error naming the NaN", err)
	}
}

// TestWriteResults checks that the JSON lists the figure files written
// before it, and that a folder that cannot be written leaves nothing.
func TestWriteResults(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var v struct {
		N       int      `json:"n"`
		Figures []string `json:"figures"`
	}
	v.N = 3
	figs := []experiment.Figure{{Name: "one", Caption: "a figure", Plot: fig.New("t", "x", "y")}}
	if err := writeResults(dir, "r.json", figs, &v, &v.Figures); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "r.json"))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		N       int      `json:"n"`
		Figures []string `json:"figures"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.N != 3 || len(got.Figures) == 0 || !reflect.DeepEqual(got.Figures, v.Figures) {
		t.Errorf("r.json: got %+v, want n 3 and the figure files %v", got, v.Figures)
	}
	for _, f := range got.Figures {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("figure %s listed but not written: %v", f, err)
		}
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeResults(file, "r.json", figs, &v, &v.Figures); err == nil {
		t.Errorf("--out naming a file: got nil error, want one")
	}
}
