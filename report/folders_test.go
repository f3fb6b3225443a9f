package report

import (
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/experiment"
)

// A result folder the user renamed or copied (to keep two runs side by
// side) must be linked where it is: the page used to link every figure and
// result.json under the result's id, so the renamed run showed broken
// images, and two runs of one experiment shared one anchor.
func TestRebuildLinksRenamedResultFolder(t *testing.T) {
	dir := t.TempDir()
	if err := WriteResult(dir, testResult("alpha")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "alpha"), filepath.Join(dir, "alpha seed#7")); err != nil {
		t.Fatal(err)
	}
	if err := WriteResult(dir, testResult("alpha")); err != nil { // the same experiment again, in its own folder
		t.Fatal(err)
	}
	rs, err := Rebuild(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 {
		t.Fatalf("got %d results, want 2", len(rs))
	}
	data, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{
		`src="alpha%20seed%237/line.png"`, `href="alpha%20seed%237/line.svg"`, `href="alpha%20seed%237/result.json"`,
		`src="alpha/line.png"`, `href="alpha/result.json"`,
		`<section id="alpha">`, `<section id="alpha seed#7">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	// Every linked file exists.
	for _, f := range []string{"alpha seed#7/line.png", "alpha/line.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// The PNG width is read from the renamed folder too (figures show at their size).
	if n := strings.Count(page, `class="nosize"`); n != 0 {
		t.Errorf("%d figure(s) without a width: the PNG was looked for in the wrong folder", n)
	}
}

// A folder rerun with another build keeps the older results: the page used
// to name only the first result's version, as if all were written by it.
func TestIndexNamesEveryVersion(t *testing.T) {
	dir := t.TempDir()
	a, b := testResult("alpha"), testResult("beta")
	a.Version, b.Version = "v0.1.0-dev+aaaaaaaaaaaa", "v0.1.0-dev+bbbbbbbbbbbb"
	for _, r := range []*experiment.Result{a, b} {
		if err := WriteResult(dir, r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Rebuild(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	page := html.UnescapeString(string(data))
	for _, want := range []string{"different versions of neurolab", "v0.1.0-dev+aaaaaaaaaaaa (1)", "v0.1.0-dev+bbbbbbbbbbbb (1)",
		"· neurolab v0.1.0-dev+bbbbbbbbbbbb</p>"} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}

	// One version: named once, in the header.
	b.Version = a.Version
	if err := WriteResult(dir, b); err != nil {
		t.Fatal(err)
	}
	if _, err := Rebuild(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(filepath.Join(dir, "index.html"))
	page = html.UnescapeString(string(data))
	if strings.Contains(page, "different versions") || strings.Count(page, "v0.1.0-dev+aaaaaaaaaaaa") != 1 {
		t.Errorf("one version: want it named once, in the header")
	}
}
