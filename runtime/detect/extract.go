package detect

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"

	"github.com/matano-go/matano/runtime/python"
)

// completeMarker is written last into an extracted tree; a directory
// without it is a half-finished extraction and is never used.
const completeMarker = ".complete"

// extractPackage writes the embedded `detection` package under base and
// returns the directory to put on PYTHONPATH. The directory name carries
// a digest of the files, so binaries of different versions sharing a
// cache never see each other's package, and an existing complete copy is
// reused without writing (workers restart often; extraction happens once
// per binary version). Extraction goes to a temporary directory renamed
// into place, so concurrent hosts race safely.
func extractPackage(src fs.FS, base string) (string, error) {
	if base == "" {
		var err error
		if base, err = os.UserCacheDir(); err != nil {
			base = os.TempDir()
		}
	}
	base = filepath.Join(base, "matano-go")
	var names []string
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("detect: reading the embedded python package: %w", err)
	}
	sort.Strings(names)
	h := sha256.New()
	contents := make([][]byte, len(names))
	for i, n := range names {
		b, err := fs.ReadFile(src, n)
		if err != nil {
			return "", fmt.Errorf("detect: reading the embedded python package: %w", err)
		}
		contents[i] = b
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	dir := filepath.Join(base, "python-"+hex.EncodeToString(h.Sum(nil))[:16])
	if _, err := os.Stat(filepath.Join(dir, completeMarker)); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", fmt.Errorf("detect: extracting the python package: %w", err)
	}
	tmp, err := os.MkdirTemp(base, ".extract-")
	if err != nil {
		return "", fmt.Errorf("detect: extracting the python package: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	for i, n := range names {
		dst := filepath.Join(tmp, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return "", fmt.Errorf("detect: extracting the python package: %w", err)
		}
		if err := os.WriteFile(dst, contents[i], 0o644); err != nil {
			return "", fmt.Errorf("detect: extracting the python package: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, completeMarker), nil, 0o644); err != nil {
		return "", fmt.Errorf("detect: extracting the python package: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another host finished first: use its copy if it is complete.
		if _, serr := os.Stat(filepath.Join(dir, completeMarker)); serr == nil {
			return dir, nil
		}
		// A directory without the marker was not made by a finished
		// extraction (those rename complete trees into place): replace it.
		if rerr := os.RemoveAll(dir); rerr != nil {
			return "", fmt.Errorf("detect: extracting the python package: %w", rerr)
		}
		if err := os.Rename(tmp, dir); err != nil {
			return "", fmt.Errorf("detect: extracting the python package: %w", err)
		}
	}
	return dir, nil
}

// packageFS is the embedded package; a variable so tests can check the
// extraction of another tree.
var packageFS = python.FS

// checkPackage reports whether the embedded tree looks like the package
// (it would be empty if the embed pattern stopped matching).
func checkPackage(src fs.FS) error {
	if _, err := fs.Stat(src, path.Join("detection", "__init__.py")); err != nil {
		return errors.New("detect: the embedded python package has no detection/__init__.py")
	}
	return nil
}
