package build

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
)

// CacheFile is the cache's name in the output directory.
const CacheFile = ".cache.json"

// cacheVersion changes when the cache layout or the way assets are made
// changes, so an old cache is ignored rather than trusted.
const cacheVersion = 1

// cache is <out>/.cache.json: the keys of what the last build made, so an
// unchanged directory skips `go build` and recompression. Keys are
// sha256 of every input (files, tool versions, arch); the outputs they
// name are checked on disk before reuse, so deleting a file only costs a
// rebuild of it.
type cache struct {
	Version int `json:"version"`
	// Bootstraps are the compiled binaries by GOARCH, stored in
	// <cacheDir>/bootstrap-linux-<arch>.
	Bootstraps map[string]cachedBinary `json:"bootstraps"`
	// Assets are the zips by asset name.
	Assets map[string]cachedAsset `json:"assets"`
}

type cachedBinary struct {
	Key    string `json:"key"`    // source, toolchain and flags
	SHA256 string `json:"sha256"` // of the binary, checked before reuse
}

type cachedAsset struct {
	InputKey string        `json:"input_key"` // entries.inputKey + tool version
	Asset    ManifestAsset `json:"asset"`
}

// readCache loads the cache; a missing, unreadable or outdated cache is
// an empty one (the build then does everything).
func readCache(path string) *cache {
	c := &cache{Version: cacheVersion, Bootstraps: map[string]cachedBinary{}, Assets: map[string]cachedAsset{}}
	data, err := os.ReadFile(path)
	if err != nil {
		return c
	}
	var got cache
	if json.Unmarshal(data, &got) != nil || got.Version != cacheVersion {
		return c
	}
	if got.Bootstraps != nil {
		c.Bootstraps = got.Bootstraps
	}
	if got.Assets != nil {
		c.Assets = got.Assets
	}
	return c
}

func (c *cache) write(path string) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(data, '\n'), 0o644)
}

// writeFileAtomic writes through a temporary file and a rename, so a
// crashed or concurrent build never leaves a half-written asset under a
// content-hash name.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// fileExists reports whether path is a regular file of the given size.
func fileExists(path string, size int64) bool {
	st, err := os.Stat(path)
	if err != nil {
		return false
	}
	return st.Mode().IsRegular() && (size < 0 || st.Size() == size)
}
