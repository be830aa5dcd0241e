package query

import (
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"
)

// Format is an output format of Result.Write.
type Format string

// The formats. Table aligns columns for a terminal and ends with a row
// count; CSV has a header line; JSON is JSON Lines: one object per row,
// keys in column order, so output streams into jq and other line tools
// and an empty result is empty output.
const (
	FormatTable Format = "table"
	FormatCSV   Format = "csv"
	FormatJSON  Format = "json"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatTable, FormatCSV, FormatJSON:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q (want table, csv or json)", s)
}

// Write prints r in format f.
//
// In table and CSV output, NULL is "NULL" (table) or an empty field
// (CSV), nested values (structs, lists, maps) are compact JSON, and
// timestamps are "2006-01-02 15:04:05.999999" with "+00" for zoned ones
// (DuckDB's own rendering); table cells longer than MaxCellWidth are cut.
// In JSON, nested values are JSON objects and
// arrays, timestamps RFC 3339 strings, decimals numbers, blobs base64.
// Struct fields inside nested values come out sorted by name: the driver
// hands structs over as Go maps, which have no order.
func (r *Result) Write(w io.Writer, f Format) error {
	switch f {
	case FormatCSV:
		cw := csv.NewWriter(w)
		if err := cw.Write(r.Columns); err != nil {
			return err
		}
		rec := make([]string, len(r.Columns))
		for _, row := range r.Rows {
			for i, v := range row {
				if v == nil {
					rec[i] = ""
				} else {
					rec[i] = r.text(i, v)
				}
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case FormatJSON:
		var buf bytes.Buffer
		for _, row := range r.Rows {
			buf.Reset()
			buf.WriteByte('{')
			for i, v := range row {
				if i > 0 {
					buf.WriteByte(',')
				}
				k, _ := json.Marshal(r.Columns[i])
				buf.Write(k)
				buf.WriteByte(':')
				b, err := json.Marshal(jsonValue(v))
				if err != nil {
					return fmt.Errorf("column %s: %w", r.Columns[i], err)
				}
				buf.Write(b)
			}
			buf.WriteString("}\n")
			if _, err := w.Write(buf.Bytes()); err != nil {
				return err
			}
		}
		return nil
	case FormatTable, "":
		return r.writeTable(w)
	}
	return fmt.Errorf("unknown format %q", f)
}

// MaxCellWidth bounds a value in table output (in runes): one wide
// struct would otherwise push every other column off the screen. Longer
// values end in "…"; csv and json output are never shortened.
const MaxCellWidth = 80

// writeTable prints an aligned table without borders: a header, a rule, the
// rows (numbers right-aligned), and "(N rows)".
func (r *Result) writeTable(w io.Writer) error {
	cells := make([][]string, len(r.Rows))
	width := make([]int, len(r.Columns))
	for i, c := range r.Columns {
		width[i] = utf8.RuneCountInString(c)
	}
	for j, row := range r.Rows {
		cells[j] = make([]string, len(row))
		for i, v := range row {
			s := "NULL"
			if v != nil {
				s = r.text(i, v)
			}
			// One row, one line: newlines inside values would break
			// the alignment.
			s = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s)
			if utf8.RuneCountInString(s) > MaxCellWidth {
				s = string([]rune(s)[:MaxCellWidth-1]) + "…"
			}
			cells[j][i] = s
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	right := make([]bool, len(r.Columns))
	for i, t := range r.Types {
		right[i] = numeric(t)
	}
	var b strings.Builder
	line := func(vals []string, pad byte) {
		b.Reset()
		for i, s := range vals {
			if i > 0 {
				b.WriteString("  ")
			}
			n := width[i] - utf8.RuneCountInString(s)
			if right[i] {
				b.WriteString(strings.Repeat(string(pad), n))
				b.WriteString(s)
			} else {
				b.WriteString(s)
				if i < len(vals)-1 {
					b.WriteString(strings.Repeat(string(pad), n))
				}
			}
		}
		b.WriteByte('\n')
	}
	line(r.Columns, ' ')
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	rule := make([]string, len(r.Columns))
	for i := range rule {
		rule[i] = strings.Repeat("-", width[i])
	}
	line(rule, '-')
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	for _, row := range cells {
		line(row, ' ')
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	noun := "rows"
	if len(r.Rows) == 1 {
		noun = "row"
	}
	_, err := fmt.Fprintf(w, "(%d %s)\n", len(r.Rows), noun)
	return err
}

func numeric(typ string) bool {
	switch typ {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
		"UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE":
		return true
	}
	return strings.HasPrefix(typ, "DECIMAL")
}

// text renders a non-NULL value of column i for table and CSV output.
func (r *Result) text(i int, v any) string {
	typ := ""
	if i < len(r.Types) {
		typ = r.Types[i]
	}
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		if utf8.Valid(v) {
			return string(v)
		}
		return `\x` + hex.EncodeToString(v)
	case time.Time:
		return timeText(typ, v)
	case bool:
		return strconv.FormatBool(v)
	case float32:
		return strconv.FormatFloat(float64(v), 'g', -1, 32)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case int8, int16, int32, int64, uint8, uint16, uint32, uint64, int, uint:
		return fmt.Sprint(v)
	case *big.Int:
		return v.String()
	case duckdb.Decimal:
		return v.String()
	case duckdb.UUID:
		return v.String()
	case *duckdb.UUID:
		return v.String()
	case duckdb.Interval:
		return fmt.Sprintf("%d months %d days %d us", v.Months, v.Days, v.Micros)
	}
	b, err := json.Marshal(jsonValue(v))
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func timeText(typ string, t time.Time) string {
	switch {
	case typ == "DATE":
		return t.Format("2006-01-02")
	case strings.HasPrefix(typ, "TIME") && !strings.HasPrefix(typ, "TIMESTAMP"):
		return t.Format("15:04:05.999999")
	case typ == "TIMESTAMPTZ" || typ == "TIMESTAMP WITH TIME ZONE":
		return t.UTC().Format("2006-01-02 15:04:05.999999") + "+00"
	case typ == "TIMESTAMP_NS":
		return t.UTC().Format("2006-01-02 15:04:05.999999999")
	}
	return t.UTC().Format("2006-01-02 15:04:05.999999")
}

// jsonValue converts a driver value into something encoding/json renders
// faithfully: times as RFC 3339, decimals and huge integers as numbers,
// UUIDs as strings, maps with non-string keys as key/value pair lists,
// non-finite floats as strings (JSON has no NaN).
func jsonValue(v any) any {
	switch v := v.(type) {
	case nil, string, bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, int, uint:
		return v
	case float32:
		return jsonValue(float64(v))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
		return v
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case *big.Int:
		return json.Number(v.String())
	case duckdb.Decimal:
		return json.Number(v.String())
	case duckdb.UUID:
		return v.String()
	case *duckdb.UUID:
		return v.String()
	case duckdb.Interval:
		return v
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = jsonValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = jsonValue(e)
		}
		return out
	case duckdb.Map:
		return mapValue(v)
	case duckdb.Union:
		return jsonValue(v.Value)
	}
	return v
}

// mapValue renders a DuckDB MAP: an object when every key is a string,
// else a list of {"key","value"} pairs sorted by the key's text.
func mapValue(m duckdb.Map) any {
	obj := make(map[string]any, len(m))
	for k, e := range m {
		s, ok := k.(string)
		if !ok {
			pairs := make([]map[string]any, 0, len(m))
			for k, e := range m {
				pairs = append(pairs, map[string]any{"key": jsonValue(k), "value": jsonValue(e)})
			}
			sort.Slice(pairs, func(i, j int) bool {
				return fmt.Sprint(pairs[i]["key"]) < fmt.Sprint(pairs[j]["key"])
			})
			return pairs
		}
		obj[s] = jsonValue(e)
	}
	return obj
}
