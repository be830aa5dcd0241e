// Package corpus reads the .vrl test files of the VRL conformance corpus
// (shared/vrl-tests; format in its README.md): a comment header with the
// expected result, the input object and read-only paths, then the
// program. It depends on nothing of ours, so the parser's and the
// checker's own tests can read the corpus as package conformance does
// (which imports them).
package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// File is one .vrl test file.
type File struct {
	// Path is the file's slash path relative to the corpus root.
	Path   string
	Source string
	// Want is the expected text (a result, an error message or rendered
	// diagnostics) with trailing white space trimmed.
	Want string
	// Approx is the `result: ~` mode (diagnostic lines compared by
	// containment).
	Approx bool
	// CheckDiagnostics is the `# DIAGNOSTICS` mode: compare the warnings
	// of a successful compile. CompileOnly is `# SKIP`.
	CheckDiagnostics, CompileOnly bool
	// Object is the input event's JSON text; "" when the header has none.
	Object   string
	ReadOnly []ReadOnlyPath
}

// ReadOnlyPath is one `read_only*:` header line.
type ReadOnlyPath struct {
	Path      string
	Metadata  bool
	Recursive bool
}

// Dir locates shared/vrl-tests next to the repository holding the working
// directory (the folder with go.mod), or returns "" when it is absent.
func Dir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "vrl-tests")
	if _, err := os.Stat(c); err != nil {
		return ""
	}
	return c
}

// Load reads every .vrl test file under dir, sorted by path.
func Load(dir string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".vrl") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, Parse(filepath.ToSlash(rel), string(data)))
		return nil
	})
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, err
}

// readOnlyKeys are the read-only header keys, longest first so that a
// key is not taken for its prefix.
var readOnlyKeys = []struct {
	key                 string
	metadata, recursive bool
}{
	{"read_only_metadata_recursive:", true, true},
	{"read_only_metadata:", true, false},
	{"read_only_recursive:", false, true},
	{"read_only:", false, false},
}

// Parse splits a .vrl test file into header and program following
// vrl/src/test/test.rs line by line.
func Parse(rel, content string) File {
	f := File{Path: rel}
	const (
		capNone = iota
		capResult
		capObject
		capDone
	)
	mode := capNone
	var src, object, result strings.Builder
lines:
	for _, line := range lines(content) {
		if !strings.HasPrefix(line, "#") || mode == capDone {
			mode = capDone
			src.WriteString(line)
			src.WriteByte('\n')
			continue
		}
		line = strings.TrimPrefix(line[1:], " ")
		switch {
		case strings.HasPrefix(line, "object:"):
			mode = capObject
			line = strings.TrimLeft(strings.TrimPrefix(line, "object:"), " \t")
		case strings.HasPrefix(line, "result: ~"):
			mode = capResult
			f.Approx = true
			line = strings.TrimLeft(strings.TrimPrefix(line, "result: ~"), " \t")
		case strings.HasPrefix(line, "result:"):
			mode = capResult
			line = strings.TrimLeft(strings.TrimPrefix(line, "result:"), " \t")
		default:
			for _, k := range readOnlyKeys {
				if rest, ok := strings.CutPrefix(line, k.key); ok {
					f.ReadOnly = append(f.ReadOnly, ReadOnlyPath{Path: strings.TrimSpace(rest), Metadata: k.metadata, Recursive: k.recursive})
					continue lines
				}
			}
		}
		switch mode {
		case capResult:
			result.WriteString(line)
			result.WriteByte('\n')
		case capObject:
			object.WriteString(line)
		}
	}
	f.Source = src.String()
	f.Want = strings.TrimRightFunc(result.String(), isSpace)
	f.Object = object.String()
	f.CompileOnly = strings.HasPrefix(content, "# SKIP")
	f.CheckDiagnostics = strings.HasPrefix(content, "# DIAGNOSTICS")
	return f
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
}

// lines splits like Rust's str::lines: on \n, dropping a trailing \r,
// with no empty last line after a final newline.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "\n")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	for i, p := range parts {
		parts[i] = strings.TrimSuffix(p, "\r")
	}
	return parts
}
