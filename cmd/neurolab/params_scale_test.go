package main

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"neurolab/experiment"
)

// paperEqualsDefault lists the experiments whose paper scale uses the default
// scale's values.
var paperEqualsDefault = map[string]bool{
	"sparse-lowrank": true, "cross-attractor": true, "cilds": true, "false-transients": true,
	"average-test": true, "visual-drift": true, "mec-remapping": true, "multiple-maps": true,
}

// TestParamsAtEveryScale checks that every experiment states its parameters at
// each scale: the default scale's are Meta().Params, and the paper scale
// differs from the default exactly where expected.
func TestParamsAtEveryScale(t *testing.T) {
	for _, e := range experiments() {
		m := e.Meta()
		if _, ok := e.(experiment.ScaledParams); !ok {
			t.Errorf("%s: does not implement experiment.ScaledParams", m.ID)
			continue
		}
		if got := experiment.ParamsAt(e, experiment.Default); !reflect.DeepEqual(got, m.Params) {
			t.Errorf("%s: ParamsAt(Default) differs from Meta().Params", m.ID)
		}
		same := sameValues(m.Params, experiment.ParamsAt(e, experiment.Paper))
		if same != paperEqualsDefault[m.ID] {
			t.Errorf("%s: paper scale equals default = %v, want %v", m.ID, same, paperEqualsDefault[m.ID])
		}
	}
}

func TestParamsScaleFlag(t *testing.T) {
	run := func(args ...string) string {
		t.Helper()
		var o, e strings.Builder
		if code := cli(context.Background(), args, &o, &e, experiments()); code != exitOK {
			t.Fatalf("%v: exit %d, %s", args, code, e.String())
		}
		return o.String()
	}
	out := run("params", "arm-feedback", "--scale", "paper")
	if !strings.Contains(out, "VALUE (paper)") || !strings.Contains(out, "bptt * (default fast)") ||
		!strings.Contains(out, "500 * (default 64)") {
		t.Errorf("params arm-feedback --scale paper:\n%s", out)
	}
	out = run("params", "sparse-lowrank", "--scale", "paper")
	if !strings.Contains(out, "the paper scale uses the default scale's values") || strings.Contains(out, " * ") {
		t.Errorf("params sparse-lowrank --scale paper:\n%s", out)
	}
	if out := run("params", "sparse-lowrank"); !strings.Contains(out, "the paper scale uses these values too") {
		t.Errorf("params sparse-lowrank:\n%s", out)
	}
	if out := run("params", "arm-feedback"); strings.Contains(out, "paper scale") || strings.Contains(out, " * ") {
		t.Errorf("params arm-feedback (default scale):\n%s", out)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(run("params", "arm-feedback", "--scale", "paper", "--json")), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r["scale"] != "paper" {
			t.Errorf("row %v: scale %v", r["name"], r["scale"])
		}
		if r["name"] == "mode" && (r["value"] != "bptt" || r["default"] != "fast" || r["differs_from_default"] != true) {
			t.Errorf("mode row: %v", r)
		}
		if r["name"] == "units" && r["differs_from_default"] != false {
			t.Errorf("units row: %v", r)
		}
	}
	var o, e strings.Builder
	if code := cli(context.Background(), []string{"params", "arm-feedback", "--scale", "huge"}, &o, &e, experiments()); code != exitUsage ||
		!strings.Contains(e.String(), "one of quick, default, paper") {
		t.Errorf("--scale huge: exit %d, %q", code, e.String())
	}
}
