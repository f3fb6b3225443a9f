package experiment

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// FuzzSet applies a --set NAME=VALUE pair, as the command line passes it,
// to a parameter struct of every kind: Apply and CheckSet agree, errors are
// one-line input errors, an applied value is in its parameter's range or
// choices, and a value formatted back parses to itself.
func FuzzSet(f *testing.F) {
	for _, kv := range [][2]string{{"n", "5"}, {"n", "1e3"}, {"n", "0"}, {"n", "-3"}, {"n", "9223372036854775807"},
		{"n", "1e300"}, {"n", "2.5"}, {"s", "0.5"}, {"s", "1"}, {"s", "5e-1"}, {"s", " 0.25\t"}, {"s", "NaN"}, {"s", "-0"},
		{"s", "0x1p-2"}, {"dt", "inf"}, {"dt", "1e-320"}, {"g", "-1.5"}, {"g", "1_000"}, {"on", "true"}, {"on", "T"},
		{"on", "yes"}, {"mode", "bptt"}, {"mode", "fast\n"}, {"mode", "Fast"}, {"nn", "1"}, {"", ""}, {"seed", "3"},
		{"mode\nx", "1"}, {"n", "5\n--set x=1"}} {
		f.Add(kv[0], kv[1])
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		p := testParams{N: 3, S: 0.5, Dt: 0.1, G: 1, Mode: "fast"}
		before := p
		set := map[string]string{name: value}
		err := Apply(&p, set)
		cerr := CheckSet(Describe(&before), set)
		if (err == nil) != (cerr == nil) || err != nil && err.Error() != cerr.Error() {
			t.Fatalf("Apply: %v; CheckSet: %v", err, cerr)
		}
		if err != nil {
			if !errors.Is(err, ErrInput) || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("got error %q, want a one-line input error", err)
			}
			if p != before {
				t.Fatalf("failed Apply changed the parameters: %+v", p)
			}
			return
		}
		var param Param
		for _, q := range Describe(&p) {
			if q.Name == name {
				param = q
			}
		}
		v, err := Parse(param, value)
		if err != nil {
			t.Fatalf("Apply accepted %q, Parse: %v", value, err)
		}
		switch x := v.(type) {
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("%s = %v", name, x)
			}
		case string:
			if len(param.Choices) > 0 && !strings.Contains("|"+strings.Join(param.Choices, "|")+"|", "|"+x+"|") {
				t.Fatalf("%s = %q, not one of %v", name, x, param.Choices)
			}
		}
		if param.Range != "" {
			r, _ := parseRange(param.Range)
			var x float64
			switch y := v.(type) {
			case int:
				x = float64(y)
			case float64:
				x = y
			}
			if !r.contains(x) {
				t.Fatalf("%s = %v outside %s", name, v, param.Range)
			}
		}
		again, err := Parse(param, fmt.Sprint(v))
		if err != nil || again != v {
			t.Fatalf("%s: %v formatted back gives %v, %v", name, v, again, err)
		}
	})
}
