package report

import (
	"bytes"
	"fmt"
	"html/template"
	"path/filepath"
	"sort"
	"strconv"

	"neurolab/experiment"
)

// WriteIndex writes DIR/index.html listing results (sorted by id): a summary
// table of verdicts, then per experiment its citation, checks (claim, value,
// threshold), figures (linked relatively: DIR stays self-contained and
// movable), metrics and parameters. The page fetches nothing over the network.
func WriteIndex(dir string, results []*experiment.Result) error {
	rs := append([]*experiment.Result(nil), results...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	var buf bytes.Buffer
	if err := indexTmpl.Execute(&buf, indexData(rs)); err != nil {
		return fmt.Errorf("report: index: %w", err)
	}
	return WriteFileAtomic(filepath.Join(dir, "index.html"), buf.Bytes())
}

// Rebuild reads every DIR/*/result.json and rewrites DIR/index.html. It
// returns the results read.
func Rebuild(dir string) ([]*experiment.Result, error) {
	rs, err := ReadResults(dir)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("report: no results (DIR/ID/result.json) in %s", dir)
	}
	return rs, WriteIndex(dir, rs)
}

type kv struct{ K, V string }

type figView struct{ Src, SVG, Caption string }

type expView struct {
	*experiment.Result
	Figs    []figView
	Metrics []kv
	Params  []kv
	Passed  int
}

type pageView struct {
	Exps          []expView
	Passed, Total int
	Version       string
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', 5, 64) }

func indexData(rs []*experiment.Result) pageView {
	var pv pageView
	for _, r := range rs {
		ev := expView{Result: r}
		for i, f := range r.FigureFiles {
			fv := figView{Src: r.ID + "/" + f}
			if ext := filepath.Ext(f); ext == ".png" {
				fv.SVG = r.ID + "/" + f[:len(f)-len(ext)] + ".svg"
			}
			if i < len(r.FigureCaptions) {
				fv.Caption = r.FigureCaptions[i]
			}
			ev.Figs = append(ev.Figs, fv)
		}
		for _, k := range sortedKeys(r.Metrics) {
			ev.Metrics = append(ev.Metrics, kv{k, fmtNum(r.Metrics[k])})
		}
		pk := make([]string, 0, len(r.Params))
		for k := range r.Params {
			pk = append(pk, k)
		}
		sort.Strings(pk)
		for _, k := range pk {
			v := r.Params[k]
			s := fmt.Sprint(v)
			if f, ok := v.(float64); ok {
				s = fmtNum(f)
			}
			ev.Params = append(ev.Params, kv{k, s})
		}
		for _, c := range r.Checks {
			if c.Pass {
				ev.Passed++
			}
		}
		if r.Pass {
			pv.Passed++
		}
		pv.Total++
		if pv.Version == "" {
			pv.Version = r.Version
		}
		pv.Exps = append(pv.Exps, ev)
	}
	return pv
}

func sortedKeys(m map[string]float64) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

var indexTmpl = template.Must(template.New("index").Funcs(template.FuncMap{
	"num":  fmtNum,
	"secs": func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>neurolab results</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#222;line-height:1.4}
h1{margin-bottom:0.2em} .sub{color:#666;margin-top:0}
table{border-collapse:collapse;margin:0.5em 0 1em} th,td{border-bottom:1px solid #ddd;padding:0.25em 0.6em;text-align:left;vertical-align:top}
th{background:#f4f4f4} td.num{font-variant-numeric:tabular-nums;text-align:right}
.pass{color:#0a7a33;font-weight:600} .fail{color:#b3261e;font-weight:600}
.badge{display:inline-block;border-radius:4px;padding:0 0.5em;color:#fff;font-size:0.85em;vertical-align:middle}
.badge.pass{background:#0a7a33} .badge.fail{background:#b3261e}
section{border-top:2px solid #eee;margin-top:2em;padding-top:0.5em}
.figs{display:flex;flex-wrap:wrap;gap:1em} figure{margin:0;max-width:100%} figure img{max-width:560px;width:100%;border:1px solid #eee}
figcaption{font-size:0.9em;color:#444;max-width:560px}
details{margin:0.3em 0} summary{cursor:pointer;color:#345}
.notes{background:#fff8e1;border-left:4px solid #f0b400;padding:0.4em 0.8em}
</style></head><body>
<h1>neurolab results</h1>
<p class="sub">{{.Passed}} of {{.Total}} experiments passed all their checks{{if .Version}} &middot; neurolab {{.Version}}{{end}}</p>
<table><tr><th>experiment</th><th>paper</th><th>verdict</th><th>checks</th><th>scale</th><th>seed</th><th>time (s)</th></tr>
{{range .Exps}}<tr><td><a href="#{{.ID}}">{{.ID}}</a></td><td>{{.Citation}}</td>
<td>{{if .Pass}}<span class="pass">pass</span>{{else}}<span class="fail">FAIL</span>{{end}}</td>
<td class="num">{{.Passed}}/{{len .Checks}}</td><td>{{.Scale}}</td><td class="num">{{.Seed}}</td><td class="num">{{secs .Elapsed}}</td></tr>
{{end}}</table>
{{range .Exps}}<section id="{{.ID}}">
<h2>{{.ID}} {{if .Pass}}<span class="badge pass">pass</span>{{else}}<span class="badge fail">FAIL</span>{{end}}</h2>
<p><b>{{.Title}}</b><br>{{.Citation}} &middot; scale {{.Scale}} &middot; seed {{.Seed}} &middot; {{secs .Elapsed}} s</p>
{{if .Notes}}<div class="notes">{{range .Notes}}<p>{{.}}</p>{{end}}</div>{{end}}
<table><tr><th>check</th><th>claim</th><th>value</th><th></th><th>threshold</th><th>verdict</th></tr>
{{range .Checks}}<tr><td>{{.Name}}</td><td>{{.Claim}}</td><td class="num">{{num .Value}}</td><td>{{.Op}}</td><td class="num">{{num .Threshold}}</td>
<td>{{if .Pass}}<span class="pass">pass</span>{{else}}<span class="fail">FAIL</span>{{end}}</td></tr>
{{end}}</table>
<div class="figs">{{range .Figs}}<figure><a href="{{.Src}}"><img src="{{.Src}}" alt="{{.Caption}}" loading="lazy"></a>
<figcaption>{{.Caption}}{{if .SVG}} (<a href="{{.SVG}}">SVG</a>){{end}}</figcaption></figure>{{end}}</div>
<details><summary>metrics ({{len .Metrics}})</summary><table>{{range .Metrics}}<tr><td>{{.K}}</td><td class="num">{{.V}}</td></tr>{{end}}</table></details>
<details><summary>parameters ({{len .Params}})</summary><table>{{range .Params}}<tr><td>{{.K}}</td><td>{{.V}}</td></tr>{{end}}</table></details>
<p><a href="{{.ID}}/result.json">result.json</a></p>
</section>
{{end}}
</body></html>
`))
