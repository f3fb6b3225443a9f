package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
)

// WriteJSONArrayField writes v as WriteJSON does, with the value of its
// top-level field key, which v must encode as null, replaced by values as
// a JSON array (NaN and ±Inf as null). The array is written to the file
// number by number instead of being encoded in memory: the file is byte
// for byte what WriteJSON writes for v with that field holding the values
// (as []*float64, nil for the non-finite ones), but a 25-million-value
// matrix (neurolab maps at 5000 trials, a 600 MB file) no longer needs the
// encoder's ~3 GB of buffers.
func WriteJSONArrayField(path string, v any, key string, values []float64) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("report: encoding %s: %w", path, err)
	}
	head := buf.Bytes()
	// A top-level field starts a line with two spaces; a string value
	// cannot hold a raw newline, so the marker matches nothing else.
	var kb bytes.Buffer
	kenc := json.NewEncoder(&kb)
	kenc.SetEscapeHTML(false)
	if err := kenc.Encode(key); err != nil {
		return fmt.Errorf("report: encoding %s: %w", path, err)
	}
	field := append([]byte("\n  "), bytes.TrimSuffix(kb.Bytes(), []byte("\n"))...)
	field = append(field, ": "...)
	marker := append(bytes.Clone(field), "null"...)
	if n := bytes.Count(head, marker); n != 1 {
		return fmt.Errorf("report: encoding %s: top-level field %q is not null in the value (found %d times)", path, key, n)
	}
	at := bytes.Index(head, marker) + len(field)
	return writeAtomic(path, func(w io.Writer) error {
		if _, err := w.Write(head[:at]); err != nil {
			return err
		}
		if err := writeFloatArray(w, values, "  "); err != nil {
			return err
		}
		_, err := w.Write(head[at+len("null"):])
		return err
	})
}

// writeFloatArray writes x as encoding/json's indented encoder writes a
// []*float64 at the given indentation (one value a line, one more
// indentation step of two spaces), null for NaN and ±Inf.
func writeFloatArray(w io.Writer, x []float64, indent string) error {
	if len(x) == 0 {
		_, err := io.WriteString(w, "[]")
		return err
	}
	b := make([]byte, 0, 1<<12)
	b = append(b, '[')
	for i, v := range x {
		b = append(b, '\n')
		b = append(b, indent...)
		b = append(b, "  "...)
		b = appendJSONFloat(b, v)
		if i < len(x)-1 {
			b = append(b, ',')
		}
		if len(b) > 1<<12-64 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	b = append(b, '\n')
	b = append(b, indent...)
	b = append(b, ']')
	_, err := w.Write(b)
	return err
}

// appendJSONFloat appends f as encoding/json formats a float64 (the
// shortest representation that reads back exactly; exponent form below
// 1e-6 and from 1e21 on, with a one-digit negative exponent written
// without its leading zero, as ECMAScript does), or null if f is NaN or
// ±Inf.
func appendJSONFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-07 → e-7
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
