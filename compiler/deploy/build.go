package deploy

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// The files `matano build` writes into its output directory.
const (
	ManifestFile         = "manifest.json"
	StorageTemplateFile  = "matano-storage.json"
	PipelineTemplateFile = "matano-pipeline.json"
)

// Asset is one Lambda artifact of a build: a zip whose S3 key is its
// content hash, so an unchanged artifact is never uploaded twice and a
// changed one gets a new key (which is what makes CloudFormation update
// the function's code).
type Asset struct {
	Name   string `json:"name"`
	Key    string `json:"key"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	// Path is the file on disk (not part of the manifest).
	Path string `json:"-"`
}

// Template is one CloudFormation template of a build.
type Template struct {
	// Name is the file name, e.g. matano-storage.json.
	Name string
	Body []byte
	// Key is where it is uploaded in the asset bucket: content-addressed,
	// like the assets.
	Key string
}

// Build is a `matano build` output directory, read back.
type Build struct {
	Dir       string
	Assets    []Asset
	Storage   Template
	Pipeline  Template
	Templates []Template
}

// manifest is manifest.json. Templates may be listed as file names or as
// objects with a name; deploy only needs the two fixed template files, so
// the list is read for checking, not for locating them.
type manifest struct {
	Assets    []Asset           `json:"assets"`
	Templates []json.RawMessage `json:"templates"`
}

// ReadBuild reads the build directory dir and checks it is complete:
// every asset in the manifest exists with the size and sha256 it lists
// (a stale or half-written build is refused before anything is uploaded).
// An asset file is looked for at <dir>/<key> and then at
// <dir>/assets/<name>.
func ReadBuild(dir string) (*Build, error) {
	raw, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s has no %s: run `matano build` first", dir, ManifestFile)
	}
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	b := &Build{Dir: dir}
	for _, a := range m.Assets {
		if a.Key == "" || a.SHA256 == "" {
			return nil, fmt.Errorf("%s: asset %q has no key or sha256", ManifestFile, a.Name)
		}
		a.Path, err = assetFile(dir, a)
		if err != nil {
			return nil, err
		}
		sum, size, err := hashFile(a.Path)
		if err != nil {
			return nil, err
		}
		if sum != a.SHA256 || (a.Size != 0 && size != a.Size) {
			return nil, fmt.Errorf("asset %s (%s) does not match the manifest (sha256 %s, %d bytes; manifest %s, %d bytes): rebuild with `matano build`",
				a.Name, a.Path, sum, size, a.SHA256, a.Size)
		}
		a.Size = size
		b.Assets = append(b.Assets, a)
	}
	for _, t := range []struct {
		name string
		dst  *Template
	}{{StorageTemplateFile, &b.Storage}, {PipelineTemplateFile, &b.Pipeline}} {
		body, err := os.ReadFile(filepath.Join(dir, t.name))
		if err != nil {
			return nil, fmt.Errorf("build output incomplete: %w", err)
		}
		if !json.Valid(body) {
			return nil, fmt.Errorf("%s is not valid JSON", filepath.Join(dir, t.name))
		}
		h := sha256.Sum256(body)
		*t.dst = Template{Name: t.name, Body: body, Key: "templates/" + hex.EncodeToString(h[:]) + ".json"}
		b.Templates = append(b.Templates, *t.dst)
	}
	return b, nil
}

func assetFile(dir string, a Asset) (string, error) {
	candidates := []string{filepath.Join(dir, filepath.FromSlash(a.Key))}
	if a.Name != "" {
		candidates = append(candidates, filepath.Join(dir, "assets", filepath.FromSlash(path.Base(a.Name))))
	}
	for _, c := range candidates {
		if st, err := os.Stat(c); err == nil && st.Mode().IsRegular() {
			return c, nil
		}
	}
	return "", fmt.Errorf("asset %s listed in %s is missing (looked for %s)", a.Name, ManifestFile, candidates[0])
}

func hashFile(p string) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
