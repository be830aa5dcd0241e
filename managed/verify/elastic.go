package verify

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/matano-go/matano/managed"
	"github.com/matano-go/matano/schemas/ecs"
)

// Comparison is our output against an Elastic fixture's expected
// documents on the ECS fields both produce.
type Comparison struct {
	// Docs is how many expected documents were compared (Elastic's file
	// may cover only the first lines of its raw file).
	Docs int
	// Compared counts (document, field) pairs both sides have; Diffs
	// lists those that disagree and are not excepted.
	Compared int
	Diffs    []Diff
	// Excepted are disagreements listed in the definition's
	// test/elastic_exceptions.yml, with their reasons.
	Excepted []Diff
	// OnlyElastic counts ECS fields Elastic produces and we do not
	// (enrichment excluded), by path: what our mapping leaves out.
	OnlyElastic map[string]int
}

// Diff is one field on which we and Elastic disagree.
type Diff struct {
	Doc          int
	Path         string
	Ours, Theirs string
	Reason       string // for an excepted one
}

func (d Diff) String() string {
	s := fmt.Sprintf("doc %d %s: ours %s, elastic %s", d.Doc, d.Path, d.Ours, d.Theirs)
	if d.Reason != "" {
		s += " (excepted: " + d.Reason + ")"
	}
	return s
}

// exception is one entry of test/elastic_exceptions.yml.
type exception struct {
	File   string `yaml:"file"`
	Doc    int    `yaml:"doc"`
	Path   string `yaml:"path"`
	Reason string `yaml:"reason"`
}

// ignoredPath reports ECS fields the comparison skips: values Elastic's
// harness or enrichment sets (GeoIP and ASN lookups, ingest and creation
// times, ecs.version, tags, the agent and data stream fields).
func ignoredPath(p string) bool {
	switch p {
	case "event.ingested", "event.created", "ecs.version", "tags", "@timestamp":
		return true
	}
	for _, pre := range []string{"data_stream.", "input.", "agent.", "elastic_agent.", "log.", "host.", "observer.geo."} {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return strings.Contains(p, ".geo.") || strings.Contains(p, ".as.")
}

// compareElastic compares outputs[i] (our first record for raw event i;
// nil when we wrote none) with the i-th expected document.
func compareElastic(expectedFile string, outputs []map[string]any) (*Comparison, error) {
	b, err := os.ReadFile(expectedFile)
	if err != nil {
		return nil, err
	}
	var exp struct {
		Expected []map[string]any `json:"expected"`
	}
	if err := json.Unmarshal(b, &exp); err != nil {
		return nil, fmt.Errorf("%s: %w", expectedFile, err)
	}
	cfg := readElasticConfig(expectedFile)
	exceptions, err := readExceptions()
	if err != nil {
		return nil, err
	}
	cat := ecs.Default()
	cmp := &Comparison{OnlyElastic: map[string]int{}}
	base := filepath.Base(strings.TrimSuffix(expectedFile, "-expected.json"))
	for i, doc := range exp.Expected {
		if i >= len(outputs) {
			break
		}
		cmp.Docs++
		theirs := map[string]any{}
		flatten("", doc, theirs)
		ours := map[string]any{}
		if outputs[i] != nil {
			flatten("", outputs[i], ours)
		}
		// Elastic's @timestamp is our ts, unless its test config set
		// or varied it.
		if ts, ok := theirs["@timestamp"]; ok && cfg.Fields["@timestamp"] == nil && cfg.DynamicFields["@timestamp"] == "" {
			ours["@timestamp"] = ours["ts"]
			if !sameValue(ours["ts"], ts) {
				cmp.add(Diff{Doc: i, Path: "@timestamp/ts", Ours: render(ours["ts"]), Theirs: render(ts)}, base, exceptions)
			}
			cmp.Compared++
		}
		paths := make([]string, 0, len(theirs))
		for p := range theirs {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			if ignoredPath(p) || cfg.DynamicFields[p] != "" || cfg.Fields[p] != nil {
				continue
			}
			if _, isECS := cat.Lookup(p); !isECS {
				continue
			}
			ov, ok := ours[p]
			if !ok {
				cmp.OnlyElastic[p]++
				continue
			}
			cmp.Compared++
			if !sameValue(ov, theirs[p]) {
				cmp.add(Diff{Doc: i, Path: p, Ours: render(ov), Theirs: render(theirs[p])}, base, exceptions)
			}
		}
	}
	return cmp, nil
}

func (c *Comparison) add(d Diff, file string, exceptions []exception) {
	for _, e := range exceptions {
		if e.File == file && e.Doc == d.Doc && e.Path == d.Path {
			d.Reason = e.Reason
			c.Excepted = append(c.Excepted, d)
			return
		}
	}
	c.Diffs = append(c.Diffs, d)
}

// readExceptions reads every definition's test/elastic_exceptions.yml;
// an exception names its fixture file, which is matched by name.
func readExceptions() ([]exception, error) {
	names, err := fs.Glob(managed.FS(), path.Join(managed.Dir, "*", "test", "elastic_exceptions.yml"))
	if err != nil {
		return nil, err
	}
	var out []exception
	for _, n := range names {
		b, err := fs.ReadFile(managed.FS(), n)
		if err != nil {
			return nil, err
		}
		var list []exception
		if err := yaml.Unmarshal(b, &list); err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		for _, e := range list {
			if e.Reason == "" {
				return nil, fmt.Errorf("%s: the exception for %s doc %d %s gives no reason", n, e.File, e.Doc, e.Path)
			}
		}
		out = append(out, list...)
	}
	return out, nil
}

// flatten writes v's leaves into out under dotted paths; arrays are
// leaves. Elastic documents may mix nested objects and dotted keys.
func flatten(prefix string, v any, out map[string]any) {
	m, ok := v.(map[string]any)
	if !ok {
		out[prefix] = v
		return
	}
	for k, x := range m {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		flatten(p, x, out)
	}
}

// sameValue compares two JSON values the way ECS means them: a scalar
// equals a one-element array, arrays compare as multisets, numbers
// numerically (also against numeric strings), timestamps as instants to
// the millisecond, JSON object texts as values and IP addresses in
// canonical form.
func sameValue(a, b any) bool {
	as, bs := asList(a), asList(b)
	if len(as) != len(bs) {
		return false
	}
	ak, bk := make([]string, len(as)), make([]string, len(bs))
	for i := range as {
		ak[i], bk[i] = canon(as[i]), canon(bs[i])
	}
	slices.Sort(ak)
	slices.Sort(bk)
	return slices.Equal(ak, bk)
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	if v == nil {
		return nil
	}
	return []any{v}
}

// canon is a scalar's comparison key.
func canon(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		if f, err := strconv.ParseFloat(x, 64); err == nil && !strings.ContainsAny(x, "eE") {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			// Elastic's date type keeps milliseconds.
			return "time:" + t.UTC().Truncate(time.Millisecond).Format(time.RFC3339Nano)
		}
		if strings.HasPrefix(x, "{") {
			// event.original of a JSON record: we keep the parsed
			// record (re-encoded), Elastic the line as received.
			var v any
			if json.Unmarshal([]byte(x), &v) == nil {
				b, _ := json.Marshal(v)
				return "json:" + string(b)
			}
		}
		if a, err := netip.ParseAddr(x); err == nil {
			return "ip:" + a.Unmap().String()
		}
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func render(v any) string {
	if v == nil {
		return "(none)"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
