package experiment

import "testing"

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3},
		{"sigma_E", "sigmaE", 1}, {"ssn-variabilty", "ssn-variability", 1}, {"σ", "s", 1},
	} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := editDistance(c.b, c.a); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d (symmetry)", c.b, c.a, got, c.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	ids := []string{"ssn-variability", "sparse-lowrank", "lds-lowrank"}
	for _, c := range []struct{ name, want string }{
		{"ssn-variabilty", ` (did you mean "ssn-variability"?)`},
		{"lds-lowrnak", ` (did you mean "lds-lowrank"?)`},
		{"ssn-variability", ""}, // exact: nothing to suggest
		{"cilds", ""},           // nothing close
		{"zz", ""},              // two edits from a one-letter name are not "close"
	} {
		if got := DidYouMean(c.name, ids); got != c.want {
			t.Errorf("DidYouMean(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
