package experiment

import (
	"context"
	"errors"
	"strings"
	"testing"
)

type testParams struct {
	N      int     `param:"n" unit:"neurons" range:"[1,inf)" doc:"size"`
	S      float64 `param:"s" unit:"1" range:"[0,1)" doc:"sparsity"`
	Dt     float64 `param:"dt" unit:"ms" range:"(0,inf)" doc:"step"`
	G      float64 `param:"g" unit:"1" doc:"gain"`
	On     bool    `param:"on" unit:"-" doc:"switch"`
	Mode   string  `param:"mode" unit:"-" choices:"fast|bptt" doc:"mode"`
	hidden int
}

func TestDescribe(t *testing.T) {
	ps := Describe(testParams{N: 3, S: 0.5, Dt: 0.1, Mode: "fast"})
	if len(ps) != 6 {
		t.Fatalf("got %d params, want 6", len(ps))
	}
	want := []struct {
		name, kind string
		def        any
	}{{"n", "int", 3}, {"s", "float", 0.5}, {"dt", "float", 0.1}, {"g", "float", 0.0}, {"on", "bool", false}, {"mode", "string", "fast"}}
	for i, w := range want {
		if ps[i].Name != w.name || ps[i].Kind != w.kind || ps[i].Default != w.def {
			t.Errorf("param %d: got %s %s %v, want %s %s %v", i, ps[i].Name, ps[i].Kind, ps[i].Default, w.name, w.kind, w.def)
		}
	}
}

func TestDescribePanicsWithoutUnit(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("no panic for a parameter without a unit")
		}
	}()
	Describe(struct {
		X float64 `param:"x" doc:"no unit"`
	}{})
}

func TestApply(t *testing.T) {
	cases := []struct {
		set     map[string]string
		wantErr string // substring; empty means success
	}{
		{map[string]string{"n": "10", "s": "0.9", "dt": "1e-3", "g": "-2", "on": "true", "mode": "bptt"}, ""},
		{map[string]string{"n": "1e3"}, ""},
		{map[string]string{"n": "0"}, "integer in [1,inf)"},
		{map[string]string{"n": "2.5"}, "integer"},
		{map[string]string{"s": "1"}, "[0,1)"},
		{map[string]string{"s": "-0.1"}, "[0,1)"},
		{map[string]string{"dt": "0"}, "(0,inf)"},
		{map[string]string{"g": "NaN"}, "finite"},
		{map[string]string{"g": "inf"}, "finite"},
		{map[string]string{"g": "x"}, "parameter g"},
		{map[string]string{"on": "maybe"}, "true or false"},
		{map[string]string{"mode": "slow"}, "one of fast, bptt"},
		{map[string]string{"zz": "1"}, "unknown parameter \"zz\" (valid: n, s, dt, g, on, mode)"},
	}
	for _, tc := range cases {
		p := testParams{N: 3, S: 0.5, Dt: 0.1, Mode: "fast"}
		orig := p
		err := Apply(&p, tc.set)
		if tc.wantErr == "" {
			if err != nil {
				t.Errorf("%v: unexpected error %v", tc.set, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, ErrInput) {
			t.Errorf("%v: got error %v, want one containing %q and wrapping ErrInput", tc.set, err, tc.wantErr)
		}
		if p != orig {
			t.Errorf("%v: params changed despite the error", tc.set)
		}
		if err2 := CheckSet(Describe(orig), tc.set); (err2 == nil) != (err == nil) {
			t.Errorf("%v: CheckSet and Apply disagree: %v vs %v", tc.set, err2, err)
		}
	}
	p := testParams{}
	if err := Apply(&p, map[string]string{"n": "10", "s": "0.9", "on": "1", "mode": "bptt"}); err != nil || p.N != 10 || p.S != 0.9 || !p.On || p.Mode != "bptt" {
		t.Errorf("Apply: got %+v, %v", p, err)
	}
}

func TestChecks(t *testing.T) {
	cases := []struct {
		v    float64
		op   string
		th   float64
		pass bool
	}{{1, "<", 2, true}, {2, "<", 2, false}, {2, "<=", 2, true}, {3, ">", 2, true}, {2, ">=", 2, true}, {1, ">=", 2, false}, {2, "==", 2, true}}
	for _, c := range cases {
		if got := NewCheck("x", "x", c.v, c.op, c.th).Pass; got != c.pass {
			t.Errorf("%g %s %g: got %v, want %v", c.v, c.op, c.th, got, c.pass)
		}
	}
	nan := 0.0
	nan = nan / nan
	for _, op := range []string{"<", "<=", ">", ">=", "=="} {
		if NewCheck("x", "x", nan, op, 1).Pass {
			t.Errorf("NaN passes %s", op)
		}
	}
	r := &Result{}
	r.Finish()
	if r.Pass {
		t.Errorf("a result without checks passes")
	}
}

func TestScaleAndIDs(t *testing.T) {
	for _, s := range Scales {
		got, err := ParseScale(s.String())
		if err != nil || got != s {
			t.Errorf("ParseScale(%s) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseScale("big"); !errors.Is(err, ErrInput) {
		t.Errorf("ParseScale(big): got %v", err)
	}
	for id, ok := range map[string]bool{"ssn-variability": true, "a1-b2": true, "Ssn": false, "-a": false, "a--b": false, "a_b": false, "": false} {
		if ValidID(id) != ok {
			t.Errorf("ValidID(%q) = %v, want %v", id, !ok, ok)
		}
	}
}

type plainExp struct{}

func (plainExp) Meta() Meta {
	return Meta{ID: "plain", Params: []Param{{Name: "n", Kind: "int", Default: 1}}}
}
func (plainExp) Run(context.Context, Config) (*Result, error) { return nil, nil }

type scaledExp struct{ plainExp }

func (scaledExp) ParamsAt(s Scale) []Param {
	return []Param{{Name: "n", Kind: "int", Default: 10 * int(s)}}
}

func TestParamsAt(t *testing.T) {
	if got := ParamsAt(plainExp{}, Paper); got[0].Default != 1 {
		t.Errorf("plain: ParamsAt(Paper) = %v, want Meta().Params", got)
	}
	if got := ParamsAt(scaledExp{}, Paper); got[0].Default != 20 {
		t.Errorf("scaled: ParamsAt(Paper) = %v, want 20", got)
	}
}
