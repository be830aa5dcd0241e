package ingest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Stdin is the input name that means standard input.
const Stdin = "-"

// ExpandInputs turns command-line inputs into the list of objects to
// ingest: files as given, folders walked recursively in lexical order
// (skipping names starting with "." such as .DS_Store or a .matano
// warehouse inside the folder), and Stdin kept as is. A missing path is an
// error before anything is ingested.
func ExpandInputs(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if a == Stdin {
			out = append(out, a)
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != a && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
