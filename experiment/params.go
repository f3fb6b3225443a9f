package experiment

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Param documents one parameter of an experiment.
type Param struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"` // "float", "int", "bool" or "string"
	Default any    `json:"default"`
	Unit    string `json:"unit"`
	Doc     string `json:"doc"`
	// Range is the valid range of a number, in interval notation such as
	// "[0,1)" or "(0,inf)"; empty means any finite value.
	Range string `json:"range,omitempty"`
	// Choices are the valid values of a string; empty means any string.
	Choices []string `json:"choices,omitempty"`
}

// Valid describes the valid values of p in words, for error messages.
func (p Param) Valid() string {
	switch {
	case len(p.Choices) > 0:
		return "one of " + strings.Join(p.Choices, ", ")
	case p.Kind == "bool":
		return "true or false"
	case p.Kind == "string":
		return "a string"
	case p.Range != "":
		if p.Kind == "int" {
			return "an integer in " + p.Range
		}
		return "a number in " + p.Range
	case p.Kind == "int":
		return "an integer"
	}
	return "a finite number"
}

// Describe lists the tagged fields of the struct pointed to (or held) by
// params, with their current values as defaults. Fields without a `param`
// tag are skipped. It panics if a tagged field lacks a unit or doc tag, has
// an unsupported type, or has a malformed range: these are programmer errors.
func Describe(params any) []Param {
	v := reflect.Indirect(reflect.ValueOf(params))
	t := v.Type()
	var out []Param
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, ok := f.Tag.Lookup("param")
		if !ok {
			continue
		}
		p := Param{
			Name:  name,
			Unit:  f.Tag.Get("unit"),
			Doc:   f.Tag.Get("doc"),
			Range: f.Tag.Get("range"),
		}
		if c := f.Tag.Get("choices"); c != "" {
			p.Choices = strings.Split(c, "|")
		}
		if p.Unit == "" || p.Doc == "" {
			panic(fmt.Sprintf("experiment: parameter %q (field %s) needs unit and doc tags", name, f.Name))
		}
		fv := v.Field(i)
		switch f.Type.Kind() {
		case reflect.Float64:
			p.Kind, p.Default = "float", fv.Float()
		case reflect.Int:
			p.Kind, p.Default = "int", int(fv.Int())
		case reflect.Bool:
			p.Kind, p.Default = "bool", fv.Bool()
		case reflect.String:
			p.Kind, p.Default = "string", fv.String()
		default:
			panic(fmt.Sprintf("experiment: parameter %q has unsupported type %s", name, f.Type))
		}
		if p.Range != "" {
			if _, err := parseRange(p.Range); err != nil {
				panic(fmt.Sprintf("experiment: parameter %q: %v", name, err))
			}
		}
		out = append(out, p)
	}
	return out
}

// Values returns the tagged fields of params as a flat map from parameter
// name to value (float64, int, bool or string), for Result.Params.
func Values(params any) map[string]any {
	if params == nil {
		return map[string]any{}
	}
	out := map[string]any{}
	for _, p := range Describe(params) {
		out[p.Name] = p.Default
	}
	return out
}

// Apply sets the tagged fields of the struct pointed to by params from set,
// a map from parameter name to its textual value. An unknown name or a bad
// value yields an error wrapping ErrInput that names the parameter and what
// it accepts; params is then left unchanged. Names are applied in sorted
// order, so the outcome does not depend on map order.
func Apply(params any, set map[string]string) error {
	v := reflect.ValueOf(params)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		panic("experiment: Apply needs a pointer to a struct")
	}
	desc := Describe(params)
	byName := map[string]int{}
	for i, p := range desc {
		byName[p.Name] = i
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	tmp := reflect.New(v.Elem().Type())
	tmp.Elem().Set(v.Elem())
	for _, n := range names {
		i, ok := byName[n]
		if !ok {
			return Inputf("unknown parameter %q%s (valid: %s)", n, DidYouMean(n, nameList(desc)), paramNames(desc))
		}
		val, err := Parse(desc[i], set[n])
		if err != nil {
			return err
		}
		setField(tmp.Elem(), n, val)
	}
	v.Elem().Set(tmp.Elem())
	return nil
}

// CheckSet validates set against the parameter list ps without applying it: the
// same errors as Apply.
func CheckSet(ps []Param, set map[string]string) error {
	byName := map[string]Param{}
	for _, p := range ps {
		byName[p.Name] = p
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p, ok := byName[n]
		if !ok {
			return Inputf("unknown parameter %q%s (valid: %s)", n, DidYouMean(n, nameList(ps)), paramNames(ps))
		}
		if _, err := Parse(p, set[n]); err != nil {
			return err
		}
	}
	return nil
}

func paramNames(ps []Param) string { return strings.Join(nameList(ps), ", ") }

func nameList(ps []Param) []string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names
}

func setField(v reflect.Value, name string, val any) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("param") != name {
			continue
		}
		v.Field(i).Set(reflect.ValueOf(val))
		return
	}
}

// Parse parses s as a value of p, checking its range or choices. The error
// wraps ErrInput and names the parameter and its valid values.
func Parse(p Param, s string) (any, error) {
	bad := func() error {
		return Inputf("bad value %q for parameter %s: want %s", s, p.Name, p.Valid())
	}
	s = strings.TrimSpace(s)
	switch p.Kind {
	case "string":
		if len(p.Choices) > 0 {
			for _, c := range p.Choices {
				if s == c {
					return s, nil
				}
			}
			return nil, bad()
		}
		return s, nil
	case "bool":
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, bad()
		}
		return b, nil
	case "int":
		n, err := strconv.Atoi(s)
		if err != nil {
			// Accept integral floats such as 1e3.
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
				return nil, bad()
			}
			n = int(f)
		}
		if p.Range != "" {
			r, _ := parseRange(p.Range)
			if !r.contains(float64(n)) {
				return nil, bad()
			}
		}
		return n, nil
	case "float":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, bad()
		}
		if p.Range != "" {
			r, _ := parseRange(p.Range)
			if !r.contains(f) {
				return nil, bad()
			}
		}
		return f, nil
	}
	panic(fmt.Sprintf("experiment: parameter %q has unknown kind %q", p.Name, p.Kind))
}

type interval struct {
	lo, hi         float64
	loOpen, hiOpen bool
}

func (r interval) contains(x float64) bool {
	if r.loOpen && !(x > r.lo) || !r.loOpen && !(x >= r.lo) {
		return false
	}
	if r.hiOpen && !(x < r.hi) || !r.hiOpen && !(x <= r.hi) {
		return false
	}
	return true
}

// parseRange parses "[a,b]", "(a,b)", "[a,b)", "(a,b]" with a or b possibly
// "-inf"/"inf".
func parseRange(s string) (interval, error) {
	var r interval
	if len(s) < 5 {
		return r, fmt.Errorf("malformed range %q", s)
	}
	switch s[0] {
	case '[':
	case '(':
		r.loOpen = true
	default:
		return r, fmt.Errorf("malformed range %q", s)
	}
	switch s[len(s)-1] {
	case ']':
	case ')':
		r.hiOpen = true
	default:
		return r, fmt.Errorf("malformed range %q", s)
	}
	parts := strings.Split(s[1:len(s)-1], ",")
	if len(parts) != 2 {
		return r, fmt.Errorf("malformed range %q", s)
	}
	var err error
	if r.lo, err = strconv.ParseFloat(strings.TrimSpace(parts[0]), 64); err != nil {
		return r, fmt.Errorf("malformed range %q", s)
	}
	if r.hi, err = strconv.ParseFloat(strings.TrimSpace(parts[1]), 64); err != nil {
		return r, fmt.Errorf("malformed range %q", s)
	}
	if r.lo > r.hi {
		return r, fmt.Errorf("empty range %q", s)
	}
	return r, nil
}

// ValidateParams is the body of a typical Validate method: the parameters
// of cfg's scale (def) with cfg.Set applied, checked by check (the
// experiment's cross-parameter constraints, which Run also checks first).
func ValidateParams[P any](cfg Config, def func(Scale) P, check func(P) error) error {
	p := def(cfg.Scale)
	if err := Apply(&p, cfg.Set); err != nil {
		return err
	}
	return check(p)
}
