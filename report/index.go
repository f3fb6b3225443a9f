package report

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"neurolab/experiment"
)

// Options adds to the page what result.json does not carry.
type Options struct {
	// Meta, if not nil, returns the registered experiment with the given
	// id: the page shows its claim and its model summary (Meta.About). An
	// id it does not know (ok false) shows neither.
	Meta func(id string) (m experiment.Meta, ok bool)
}

// WriteIndex writes DIR/index.html listing results (sorted by id): a summary
// table of verdicts, then per experiment its citation, claim and model
// summary (from opt.Meta), checks (claim, value, threshold), figures (linked
// relatively: DIR stays self-contained and movable), metrics and parameters.
// The page fetches nothing over the network.
func WriteIndex(dir string, results []*experiment.Result, opt Options) error {
	fs := make([]found, len(results))
	for i, r := range results {
		fs[i] = found{r, r.ID}
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].res.ID < fs[j].res.ID })
	return writeIndex(dir, fs, opt)
}

// writeIndex writes DIR/index.html for results read from their folders
// (in order).
func writeIndex(dir string, fs []found, opt Options) error {
	var buf bytes.Buffer
	if err := indexTmpl.Execute(&buf, indexData(dir, fs, opt)); err != nil {
		return fmt.Errorf("report: index: %w", err)
	}
	return WriteFileAtomic(filepath.Join(dir, "index.html"), buf.Bytes())
}

// Rebuild reads every DIR/*/result.json and rewrites DIR/index.html. It
// returns the results read.
func Rebuild(dir string, opt Options) ([]*experiment.Result, error) {
	fs, err := readFound(dir)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, fmt.Errorf("report: no results (DIR/ID/result.json) in %s", dir)
	}
	rs := make([]*experiment.Result, len(fs))
	for i, f := range fs {
		rs[i] = f.res
	}
	return rs, writeIndex(dir, fs, opt)
}

type kv struct{ K, V string }

// figView is one figure on the page; Width is its display width in CSS
// pixels (0 when its PNG cannot be read).
type figView struct {
	Src, SVG, Caption string
	Width             int
}

type expView struct {
	*experiment.Result
	// Dir is the folder of DIR the result was read from (its id unless
	// the folder was renamed): figures, result.json and anchors use it.
	Dir     string
	DirURL  string // Dir escaped for a relative link
	Figs    []figView
	Metrics []kv
	Params  []kv
	Passed  int
	Failed  []string // names of the failed checks
	Claim   string   // Meta.Claim, when known
	About   []aboutBlock
}

// aboutBlock is one paragraph of Meta.About (Label: its opening word, such
// as "Model.") or one block of equation lines (Eq).
type aboutBlock struct {
	Label, Text string
	Eq          bool
}

// parseAbout splits Meta.About into paragraphs (separated by blank lines)
// and equation blocks (consecutive lines indented by four or more spaces,
// kept as written); a paragraph's lines are joined with spaces and an opening
// capitalised word ending in a full stop ("Model.") becomes its label.
func parseAbout(s string) []aboutBlock {
	var out []aboutBlock
	var text, eq []string
	flush := func() {
		if len(text) > 0 {
			t := strings.Join(text, " ")
			b := aboutBlock{Text: t}
			if w, rest, ok := strings.Cut(t, " "); ok && len(w) > 1 && len(w) <= 16 && strings.HasSuffix(w, ".") &&
				w[0] >= 'A' && w[0] <= 'Z' && !strings.ContainsAny(w[:len(w)-1], ".,;:") {
				b.Label, b.Text = w, rest
			}
			out = append(out, b)
			text = nil
		}
		if len(eq) > 0 {
			out = append(out, aboutBlock{Text: strings.Join(eq, "\n"), Eq: true})
			eq = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			flush()
		case strings.HasPrefix(line, "    "):
			if len(text) > 0 {
				flush()
			}
			eq = append(eq, strings.TrimPrefix(line, "    "))
		default:
			if len(eq) > 0 {
				flush()
			}
			text = append(text, strings.TrimSpace(line))
		}
	}
	flush()
	return out
}

type pageView struct {
	Exps          []expView
	Passed, Total int
	Version       string
	// Mixed is set when the results were written by different versions
	// of neurolab (a folder rerun with a newer build keeps the older
	// results): Version then lists them, and each section names its own.
	Mixed bool
}

// fmtNum writes a number with 5 significant digits, in exponent form only
// below 1e-4 or from 1e9 on: 200000 rather than 2e+05, 1234567 rather than
// 1.2346e+06, 5.5511e-16 as it is.
func fmtNum(v float64) string {
	if a := math.Abs(v); a >= 1e5 && a < 1e9 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 5, 64)
}

// fmtOp writes a check's comparison as a mathematical sign.
func fmtOp(op string) string {
	switch op {
	case "<=":
		return "≤"
	case ">=":
		return "≥"
	case "==":
		return "="
	}
	return op
}

// cssPerPixel converts a PNG's width in pixels (at DPI) to CSS pixels
// (96 per inch): figures show at their physical size, a 5.5 in plot at
// 528 px and a three-panel row at the page's full width.
const cssPerPixel = 96.0 / DPI

// pngWidth returns the width in pixels of the PNG at path, or 0 if it
// cannot be read.
func pngWidth(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	var hdr [24]byte
	if _, err := io.ReadFull(f, hdr[:]); err != nil || string(hdr[:8]) != "\x89PNG\r\n\x1a\n" || string(hdr[12:16]) != "IHDR" {
		return 0
	}
	return int(binary.BigEndian.Uint32(hdr[16:20]))
}

func indexData(dir string, fs []found, opt Options) pageView {
	var pv pageView
	var versions []string
	versionCount := map[string]int{}
	for _, f := range fs {
		r := f.res
		ev := expView{Result: r, Dir: f.sub, DirURL: url.PathEscape(f.sub)}
		if opt.Meta != nil {
			if m, ok := opt.Meta(r.ID); ok {
				ev.Claim, ev.About = m.Claim, parseAbout(m.About)
			}
		}
		for i, f := range r.FigureFiles {
			fv := figView{Src: ev.DirURL + "/" + f}
			if w := pngWidth(filepath.Join(dir, ev.Dir, f)); w > 0 {
				fv.Width = int(math.Round(float64(w) * cssPerPixel))
			}
			if ext := filepath.Ext(f); ext == ".png" {
				fv.SVG = ev.DirURL + "/" + f[:len(f)-len(ext)] + ".svg"
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
			} else {
				ev.Failed = append(ev.Failed, c.Name)
			}
		}
		if r.Pass {
			pv.Passed++
		}
		pv.Total++
		if _, ok := versionCount[r.Version]; !ok {
			versions = append(versions, r.Version)
		}
		versionCount[r.Version]++
		pv.Exps = append(pv.Exps, ev)
	}
	switch {
	case len(versions) == 1:
		pv.Version = versions[0]
	case len(versions) > 1:
		pv.Mixed = true
		parts := make([]string, len(versions))
		for i, v := range versions {
			if v == "" {
				v = "unknown version"
			}
			parts[i] = fmt.Sprintf("%s (%d)", v, versionCount[versions[i]])
		}
		pv.Version = strings.Join(parts, ", ")
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
	"op":   fmtOp,
	"secs": func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>neurolab results: {{.Passed}} of {{.Total}} passed</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#222;line-height:1.4}
h1{margin-bottom:0.2em} .sub{color:#666;margin-top:0}
table{border-collapse:collapse;margin:0.5em 0 1em} th,td{border-bottom:1px solid #ddd;padding:0.25em 0.6em;text-align:left;vertical-align:top}
th{background:#f4f4f4} td.num{font-variant-numeric:tabular-nums;text-align:right;white-space:nowrap} td.op{text-align:center}
.pass{color:#0a7a33;font-weight:600} .fail{color:#b3261e;font-weight:600}
tr.failed td{background:#fdecea} tr.failed td:first-child{border-left:4px solid #b3261e}
.failnames{color:#b3261e;font-size:0.9em} td.id{white-space:nowrap}
.badge{display:inline-block;border-radius:4px;padding:0 0.5em;color:#fff;font-size:0.85em;vertical-align:middle}
.badge.pass{background:#0a7a33} .badge.fail{background:#b3261e}
section{border-top:2px solid #eee;margin-top:2em;padding-top:0.5em}
h2 a.top{font-size:0.6em;font-weight:normal;color:#345;margin-left:0.6em;text-decoration:none}
.figs{display:flex;flex-wrap:wrap;gap:1.5em 1em;align-items:flex-start} figure{margin:0;max-width:100%}
figure img{display:block;max-width:100%;height:auto;border:1px solid #eee} figure img.nosize{width:560px}
figcaption{font-size:0.9em;color:#444;margin-top:0.3em}
details{margin:0.3em 0} summary{cursor:pointer;color:#345}
.notes{background:#fff8e1;border-left:4px solid #f0b400;padding:0.4em 0.8em}
.claim{font-style:italic}
.about{margin:0.6em 0} .about summary{cursor:pointer;color:#245} .about p{max-width:52em}
.about pre.eq{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:0.95em;margin:0.4em 0 0.4em 2em;white-space:pre-wrap}
</style></head><body>
<h1 id="top">neurolab results</h1>
<p class="sub">{{.Passed}} of {{.Total}} experiments passed all their checks{{if .Mixed}} &middot; <b>written by different versions of neurolab</b>: {{.Version}} (each section names its own; rerun them with one build to compare){{else if .Version}} &middot; neurolab {{.Version}}{{end}}</p>
<p class="sub">Each check tests one of the paper's claims, a measured value against a threshold; failed checks are marked in red here and in each experiment's table. In a claim, &ldquo;spec&rdquo; values are those the experiment's specification measured with its reference setup; &ldquo;paper&rdquo; values are the publication's.</p>
<table><tr><th>experiment</th><th>paper</th><th>verdict</th><th>checks passed</th><th>scale</th><th>seed</th><th>time (s)</th></tr>
{{range .Exps}}{{$eid := .Dir}}<tr{{if not .Pass}} class="failed"{{end}}><td class="id"><a href="#{{.Dir}}">{{.ID}}</a>{{if ne .Dir .ID}}<br>({{.Dir}}/){{end}}</td><td>{{.Citation}}</td>
<td>{{if .Pass}}<span class="pass">pass</span>{{else}}<span class="fail">FAIL</span>{{if .Failed}}<br><span class="failnames">{{range $i, $n := .Failed}}{{if $i}}, {{end}}<a href="#{{$eid}}-{{$n}}">{{$n}}</a>{{end}}</span>{{end}}{{end}}</td>
<td class="num">{{.Passed}}/{{len .Checks}}</td><td>{{.Scale}}</td><td class="num">{{.Seed}}</td><td class="num">{{secs .Elapsed}}</td></tr>
{{end}}</table>
{{range .Exps}}{{$id := .Dir}}<section id="{{.Dir}}">
<h2>{{.ID}}{{if ne .Dir .ID}} ({{.Dir}}/){{end}} {{if .Pass}}<span class="badge pass">pass</span>{{else}}<span class="badge fail">FAIL</span>{{end}} <a class="top" href="#top">&uarr; all experiments</a></h2>
<p><b>{{.Title}}</b><br>{{.Citation}} &middot; scale {{.Scale}} &middot; seed {{.Seed}} &middot; {{secs .Elapsed}} s{{if $.Mixed}} &middot; neurolab {{if .Version}}{{.Version}}{{else}}version unknown{{end}}{{end}}</p>
{{if .Claim}}<p class="claim">{{.Claim}}</p>{{end}}
{{if .About}}<details class="about"><summary>model and protocol</summary>{{range .About}}{{if .Eq}}<pre class="eq">{{.Text}}</pre>{{else}}<p>{{if .Label}}<b>{{.Label}}</b> {{end}}{{.Text}}</p>{{end}}{{end}}</details>{{end}}
{{if .Notes}}<div class="notes">{{range .Notes}}<p>{{.}}</p>{{end}}</div>{{end}}
<table><tr><th>check</th><th>claim</th><th>value</th><th></th><th>threshold</th><th>verdict</th></tr>
{{range .Checks}}<tr id="{{$id}}-{{.Name}}"{{if not .Pass}} class="failed"{{end}}><td>{{.Name}}</td><td>{{.Claim}}</td><td class="num">{{num .Value}}</td><td class="op">{{op .Op}}</td><td class="num">{{num .Threshold}}</td>
<td>{{if .Pass}}<span class="pass">pass</span>{{else}}<span class="fail">FAIL</span>{{end}}</td></tr>
{{end}}</table>
<div class="figs">{{range .Figs}}<figure{{if .Width}} style="width:{{.Width}}px"{{end}}><a href="{{.Src}}"><img src="{{.Src}}" alt="{{.Caption}}"{{if .Width}} width="{{.Width}}"{{else}} class="nosize"{{end}} loading="lazy"></a>
<figcaption>{{.Caption}}{{if .SVG}} (<a href="{{.SVG}}">SVG</a>){{end}}</figcaption></figure>{{end}}</div>
<details><summary>metrics ({{len .Metrics}})</summary><table>{{range .Metrics}}<tr><td>{{.K}}</td><td class="num">{{.V}}</td></tr>{{end}}</table></details>
<details><summary>parameters ({{len .Params}})</summary><table>{{range .Params}}<tr><td>{{.K}}</td><td>{{.V}}</td></tr>{{end}}</table></details>
<p><a href="{{.DirURL}}/result.json">result.json</a></p>
</section>
{{end}}
</body></html>
`))
