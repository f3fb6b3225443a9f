package report

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"neurolab/experiment"
)

func TestParseAbout(t *testing.T) {
	s := "Model. A rate network\nwith noise:\n\n    τ dV/dt = −V + h\n    r = k⌊V⌋₊ⁿ\nwhere k is the gain (k).\n\n" +
		"Protocol. 500 trials.\n\nno label here.\n\nE.g. this is not a label either, e.g. sentence.\n"
	got := parseAbout(s)
	want := []aboutBlock{
		{Label: "Model.", Text: "A rate network with noise:"},
		{Text: "τ dV/dt = −V + h\nr = k⌊V⌋₊ⁿ", Eq: true},
		{Text: "where k is the gain (k)."},
		{Label: "Protocol.", Text: "500 trials."},
		{Text: "no label here."},
		{Text: "E.g. this is not a label either, e.g. sentence."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseAbout:\n got %+v\nwant %+v", got, want)
	}
	if got := parseAbout(""); got != nil {
		t.Errorf("parseAbout(\"\") = %+v, want nil", got)
	}
}

// TestIndexAbout checks that the page shows a registered experiment's claim
// and model summary (escaped, equations preformatted) and nothing for an id
// the lookup does not know.
func TestIndexAbout(t *testing.T) {
	dir := t.TempDir()
	for _, id := range []string{"a-exp", "b-exp"} {
		if err := WriteResult(dir, testResult(id)); err != nil {
			t.Fatal(err)
		}
	}
	meta := func(id string) (experiment.Meta, bool) {
		if id != "a-exp" {
			return experiment.Meta{}, false
		}
		return experiment.Meta{ID: id, Claim: "A claims <x>.", About: "Model. Rates r < 1.\n\n    r = k⌊V⌋₊ⁿ\n"}, true
	}
	if _, err := Rebuild(dir, Options{Meta: meta}); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	for _, want := range []string{`<p class="claim">A claims &lt;x&gt;.</p>`, "<b>Model.</b> Rates r &lt; 1.", `<pre class="eq">r = k⌊V⌋₊ⁿ</pre>`} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	if n := bytes.Count(html, []byte(`<details class="about">`)); n != 1 {
		t.Errorf("%d model summaries, want 1 (b-exp is unknown to the lookup)", n)
	}
}
