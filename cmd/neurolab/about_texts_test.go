package main

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestAboutTexts checks the form of every registered experiment's model
// summary (Meta.About): it exists, opens with a Model./Method./Data.
// paragraph, has a Protocol. paragraph, and is plain text of lines at most
// 100 characters long (equations indented by four spaces).
func TestAboutTexts(t *testing.T) {
	for _, e := range experiments() {
		m := e.Meta()
		a := m.About
		if strings.TrimSpace(a) == "" {
			t.Errorf("%s: no About", m.ID)
			continue
		}
		if !strings.HasPrefix(a, "Model. ") && !strings.HasPrefix(a, "Method. ") && !strings.HasPrefix(a, "Data. ") {
			t.Errorf("%s: About opens with %q, want a Model., Method. or Data. paragraph", m.ID, a[:min(20, len(a))])
		}
		if !strings.Contains(a, "\n\nProtocol. ") {
			t.Errorf("%s: About has no Protocol. paragraph", m.ID)
		}
		lines := strings.Split(a, "\n")
		if len(lines) > 45 {
			t.Errorf("%s: About has %d lines, want ≤ 45", m.ID, len(lines))
		}
		for i, l := range lines {
			if n := utf8.RuneCountInString(l); n > 100 {
				t.Errorf("%s: About line %d has %d characters, want ≤ 100: %q", m.ID, i+1, n, l)
			}
			if strings.ContainsAny(l, "\t`#") {
				t.Errorf("%s: About line %d has a tab or Markdown (` #): %q", m.ID, i+1, l)
			}
			if l != strings.TrimRight(l, " ") {
				t.Errorf("%s: About line %d ends in spaces", m.ID, i+1)
			}
		}
	}
}

// TestAboutParamNames checks that every snake_case name a model summary
// gives in parentheses, "(tau_E, tau_I)", is a parameter of that experiment
// (a renamed parameter would leave the text pointing nowhere). Names with a
// one-letter stem (x_j, l_W) are mathematical symbols and are skipped.
func TestAboutParamNames(t *testing.T) {
	paren := regexp.MustCompile(`\(([^()]*)\)`)
	ident := regexp.MustCompile(`^[a-z][a-zA-Z0-9]*(_[a-zA-Z0-9]+)+$`)
	for _, e := range experiments() {
		m := e.Meta()
		names := map[string]bool{}
		for _, p := range m.Params {
			names[p.Name] = true
		}
		text := strings.Join(strings.Fields(m.About), " ")
		for _, g := range paren.FindAllStringSubmatch(text, -1) {
			for _, tok := range strings.Split(g[1], ",") {
				tok = strings.TrimSpace(tok)
				if ident.MatchString(tok) && !names[tok] && strings.Index(tok, "_") > 1 {
					t.Errorf("%s: About names (%s), but %q is not one of its parameters", m.ID, g[1], tok)
				}
			}
		}
	}
}
