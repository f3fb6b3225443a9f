package main

import (
	"context"
	"strings"
	"testing"

	"neurolab/experiment"
)

var families = map[string]bool{"dynamics": true, "plasticity": true, "learning": true,
	"calcium imaging": true, "population analysis": true}

// TestExperimentList walks the explicit experiment list: ids unique and
// kebab-case, Meta complete, every parameter documented with a unit, and every
// experiment runs at quick scale with every check passing.
func TestExperimentList(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range experiments() {
		m := e.Meta()
		if !experiment.ValidID(m.ID) {
			t.Errorf("id %q is not kebab-case", m.ID)
		}
		if seen[m.ID] {
			t.Errorf("duplicate id %q", m.ID)
		}
		seen[m.ID] = true
		if m.Title == "" || m.Citation == "" || m.Claim == "" {
			t.Errorf("%s: Meta lacks title, citation or claim: %+v", m.ID, m)
		}
		if !families[m.Family] {
			t.Errorf("%s: unknown family %q", m.ID, m.Family)
		}
		names := map[string]bool{}
		for _, p := range m.Params {
			if p.Unit == "" || p.Doc == "" {
				t.Errorf("%s: parameter %s lacks unit or doc", m.ID, p.Name)
			}
			if names[p.Name] {
				t.Errorf("%s: duplicate parameter %s", m.ID, p.Name)
			}
			names[p.Name] = true
			if strings.ContainsAny(p.Name, " .=") {
				t.Errorf("%s: parameter name %q may not contain space, dot or '='", m.ID, p.Name)
			}
		}
	}
	for _, e := range experiments() {
		e := e
		t.Run(e.Meta().ID, func(t *testing.T) {
			if testing.Short() {
				t.Skip("quick-scale runs skipped in -short mode")
			}
			res, err := e.Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Workers: 2})
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if res.ID != e.Meta().ID || res.Scale != "quick" || res.Seed != 1 {
				t.Errorf("result identity: got %s/%s/%d", res.ID, res.Scale, res.Seed)
			}
			if len(res.Checks) == 0 || len(res.Figures) == 0 {
				t.Errorf("got %d checks and %d figures, want at least one of each", len(res.Checks), len(res.Figures))
			}
			for _, c := range res.Checks {
				if !c.Pass {
					t.Errorf("check %s failed: %s: got %g, want %s %g", c.Name, c.Claim, c.Value, c.Op, c.Threshold)
				}
			}
			if !res.Pass {
				t.Errorf("result does not pass")
			}
		})
	}
}
