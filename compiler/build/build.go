// Package build turns a validated Matano directory into what `matano
// deploy` ships to AWS, offline and without credentials: the Lambda code
// assets (the Go bootstrap zip and the Python detections zip), the two
// CloudFormation templates (from compiler/build/cfn) and a manifest.
//
// Output directory layout:
//
//	<out>/matano-storage.json    buckets, Glue database, tables, topic
//	<out>/matano-pipeline.json   Lambdas, queues, roles, schedules
//	<out>/assets/<sha256>.zip    one per asset, named by content hash
//	<out>/manifest.json          assets and templates with sha256 and size
//	<out>/.cache.json            input keys of the last build
//	<out>/.cache/                compiled bootstrap binaries
//
// Zips are byte-reproducible: entries sorted, fixed times and modes, no
// host paths. The same directory built twice, anywhere, gives the same
// bytes and therefore the same S3 keys, so deploy uploads only what
// changed and CloudFormation sees no change when nothing did.
//
// Rebuilds are incremental: the bootstrap is recompiled only when the
// module source, the Go toolchain or the arch changed, and a zip is
// recompressed only when one of its files changed, so an unchanged
// directory rebuilds in well under a second (validation is most of it).
package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/matano-go/matano/compiler/build/cfn"
	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/compiler/validate"
)

// Asset names, as in the manifest and cfn.Input.Assets.
const (
	AssetBootstrap  = cfn.AssetBootstrap
	AssetDetections = cfn.AssetDetections
)

// DefaultArch is the bootstrap's default GOARCH: Graviton Lambdas are
// cheaper per GB-second.
const DefaultArch = "arm64"

// LambdaUnzippedLimit is AWS Lambda's limit on a function's unzipped code
// (250 MB, counted in bytes as 250 × 2^20).
const LambdaUnzippedLimit = 250 << 20

// Options configures a build.
type Options struct {
	// Dir is the Matano directory.
	Dir string
	// Out is the output directory; default <Dir>/.matano/build.
	Out string
	// Arch is the bootstrap's GOARCH, arm64 (default) or amd64.
	Arch string
	// Source is the matano module source to compile the bootstrap from;
	// "" means FindSource's search.
	Source string
	// Compiler builds the bootstrap; nil means GoCompiler{}.
	Compiler Compiler
	// CacheDir holds compiled bootstraps; default <Out>/.cache.
	CacheDir string
	// SkipPython and Python are passed to validation (detect.py check).
	SkipPython bool
	Python     string
	// MaxUnzipped overrides LambdaUnzippedLimit (tests use a small one).
	MaxUnzipped int64
}

// Result is what a build produced.
type Result struct {
	Out      string
	Manifest Manifest
	// Files are the paths written or kept, relative to Out: assets,
	// templates and the manifest, in manifest order.
	Files []string
	// Compiled is true when go build ran; false when the cached
	// bootstrap was reused.
	Compiled bool
	// Zipped names the assets compressed in this build; the others were
	// reused from the cache.
	Zipped []string
	// Warnings are validation warnings and build notes (e.g. a
	// requirements.txt that was not installed).
	Warnings diag.List
}

// InvalidError is returned when the directory does not validate; Diags
// holds every diagnostic (errors and warnings), sorted.
type InvalidError struct {
	Diags diag.List
}

func (e *InvalidError) Error() string {
	n := e.Diags.Count(diag.Error) + e.Diags.Count(diag.Bug)
	return fmt.Sprintf("not building: the Matano directory has %d error(s); `matano validate` lists them", n)
}

// SizeError is returned when an asset is over Lambda's unzipped limit.
type SizeError struct {
	Asset    string
	Unzipped int64
	Limit    int64
	Largest  string // the asset's largest file
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("asset %q is %s unzipped, over AWS Lambda's limit of %s for a function's code (largest file: %s)",
		e.Asset, formatMB(e.Unzipped), formatMB(e.Limit), e.Largest)
}

func formatMB(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// Build validates opts.Dir and writes the assets, templates and manifest
// to the output directory. It refuses an invalid directory with an
// *InvalidError; a too large asset is a *SizeError.
func Build(ctx context.Context, opts Options) (*Result, error) {
	b, err := newBuilder(opts)
	if err != nil {
		return nil, err
	}
	return b.run(ctx)
}

// buildVersion goes into every asset's cache key: the zip layout and
// the Go version whose deflate produced the bytes.
var buildVersion = "matano-build/1 " + runtime.Version()

type builder struct {
	opts  Options
	fsys  fs.FS
	cache *cache
	res   *Result
}

func newBuilder(opts Options) (*builder, error) {
	if opts.Dir == "" {
		return nil, fmt.Errorf("build: no Matano directory given")
	}
	if opts.Arch == "" {
		opts.Arch = DefaultArch
	}
	if err := validArch(opts.Arch); err != nil {
		return nil, err
	}
	if opts.Out == "" {
		opts.Out = filepath.Join(opts.Dir, ".matano", "build")
	}
	if opts.CacheDir == "" {
		opts.CacheDir = filepath.Join(opts.Out, ".cache")
	}
	if opts.Compiler == nil {
		opts.Compiler = GoCompiler{}
	}
	if opts.MaxUnzipped <= 0 {
		opts.MaxUnzipped = LambdaUnzippedLimit
	}
	return &builder{
		opts:  opts,
		fsys:  os.DirFS(opts.Dir),
		cache: readCache(filepath.Join(opts.Out, CacheFile)),
		res:   &Result{Out: opts.Out},
	}, nil
}

func (b *builder) run(ctx context.Context) (*Result, error) {
	p, diags := validate.Dir(b.opts.Dir, validate.Options{SkipPython: b.opts.SkipPython, Python: b.opts.Python})
	if diags.HasErrors() {
		return nil, &InvalidError{Diags: diags}
	}
	b.res.Warnings = diags
	schemas, sdiags := schema.Project(p)
	if sdiags.HasErrors() {
		return nil, &InvalidError{Diags: sdiags}
	}
	for _, w := range requirementsWarnings(p) {
		b.res.Warnings = append(b.res.Warnings, diag.Diagnostic{Severity: diag.Warning, Summary: w})
	}

	// Collect both assets' files first, so a size error comes before the
	// slow part.
	config, err := configEntries(b.fsys, p)
	if err != nil {
		return nil, fmt.Errorf("collecting the bootstrap's config: %w", err)
	}
	dets, err := detectionsEntries(b.fsys, p)
	if err != nil {
		return nil, fmt.Errorf("collecting the detections bundle: %w", err)
	}
	if err := b.checkSize(AssetDetections, dets); err != nil {
		return nil, err
	}
	binary, binarySum, err := b.bootstrapBinary(ctx)
	if err != nil {
		return nil, err
	}
	boot := bootstrapEntries(binary, binarySum, config)
	if err := b.checkSize(AssetBootstrap, boot); err != nil {
		return nil, err
	}

	var assets []ManifestAsset
	for _, a := range []struct {
		name string
		es   entries
	}{{AssetBootstrap, boot}, {AssetDetections, dets}} {
		ma, err := b.zipAsset(a.name, a.es)
		if err != nil {
			return nil, err
		}
		assets = append(assets, ma)
	}

	label := projectLabel(p)
	in := cfn.Input{Project: p, Schemas: schemas, Arch: b.opts.Arch, Assets: map[string]cfn.Asset{}}
	for _, a := range assets {
		in.Assets[a.Name] = cfnAsset(a)
	}
	out, err := cfn.Generate(in)
	if err != nil {
		return nil, fmt.Errorf("generating CloudFormation templates: %w", err)
	}
	templates, err := b.writeTemplates(label, out.Templates)
	if err != nil {
		return nil, err
	}

	m := Manifest{FormatVersion: 1, ProjectLabel: label, Arch: b.opts.Arch, Assets: assets, Templates: templates}
	mjs, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeIfChanged(filepath.Join(b.opts.Out, ManifestFile), append(mjs, '\n')); err != nil {
		return nil, err
	}
	b.res.Manifest = m
	for _, a := range assets {
		b.res.Files = append(b.res.Files, a.Key)
	}
	for _, t := range templates {
		b.res.Files = append(b.res.Files, t.File)
	}
	b.res.Files = append(b.res.Files, ManifestFile)
	if err := b.pruneAssets(assets); err != nil {
		return nil, err
	}
	if err := b.cache.write(filepath.Join(b.opts.Out, CacheFile)); err != nil {
		return nil, fmt.Errorf("writing the build cache: %w", err)
	}
	return b.res, nil
}

// projectLabel is the stack name prefix; Matano's default is "matano".
func projectLabel(p *load.Project) string {
	if p.Config != nil && p.Config.ProjectLabel != "" {
		return p.Config.ProjectLabel
	}
	return "matano"
}

func (b *builder) checkSize(name string, es entries) error {
	total := es.unzippedSize()
	if total <= b.opts.MaxUnzipped {
		return nil
	}
	largest := Entry{}
	for _, e := range es {
		if len(e.Data) > len(largest.Data) {
			largest = e
		}
	}
	return &SizeError{Asset: name, Unzipped: total, Limit: b.opts.MaxUnzipped,
		Largest: fmt.Sprintf("%s, %s", largest.Name, formatMB(int64(len(largest.Data))))}
}

// bootstrapBinary returns the compiled bootstrap and its sha256, from the
// cache when the source, toolchain and arch are unchanged.
func (b *builder) bootstrapBinary(ctx context.Context) (data []byte, sum string, err error) {
	src, err := FindSource(b.opts.Source)
	if err != nil {
		return nil, "", err
	}
	goVersion, err := b.opts.Compiler.Version(ctx)
	if err != nil {
		return nil, "", err
	}
	sk, err := sourceKey(src)
	if err != nil {
		return nil, "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "bootstrap/1\n%s\nGOOS=linux GOARCH=%s CGO_ENABLED=0 -trimpath -buildvcs=false -ldflags=-s -w -buildid=\n%s\n", goVersion, b.opts.Arch, sk)
	key := hex.EncodeToString(h.Sum(nil))
	bin := filepath.Join(b.opts.CacheDir, "bootstrap-linux-"+b.opts.Arch)
	if c, ok := b.cache.Bootstraps[b.opts.Arch]; ok && c.Key == key {
		if data, err := os.ReadFile(bin); err == nil && sha256Hex(data) == c.SHA256 {
			return data, c.SHA256, nil
		}
	}
	if err := os.MkdirAll(b.opts.CacheDir, 0o755); err != nil {
		return nil, "", err
	}
	tmp, err := os.CreateTemp(b.opts.CacheDir, ".bootstrap-*")
	if err != nil {
		return nil, "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if err := b.opts.Compiler.Compile(ctx, BootstrapRequest{Source: src, Arch: b.opts.Arch, Output: tmp.Name()}); err != nil {
		return nil, "", err
	}
	b.res.Compiled = true
	data, err = os.ReadFile(tmp.Name())
	if err != nil {
		return nil, "", fmt.Errorf("reading the compiled bootstrap: %w", err)
	}
	if len(data) == 0 {
		return nil, "", fmt.Errorf("the compiled bootstrap %s is empty", tmp.Name())
	}
	if err := os.Rename(tmp.Name(), bin); err != nil {
		return nil, "", err
	}
	sum = sha256Hex(data)
	b.cache.Bootstraps[b.opts.Arch] = cachedBinary{Key: key, SHA256: sum}
	return data, sum, nil
}

// zipAsset writes assets/<sha256>.zip, or keeps the one the cache names
// when the asset's files are unchanged.
func (b *builder) zipAsset(name string, es entries) (ManifestAsset, error) {
	if err := es.sort(); err != nil {
		return ManifestAsset{}, fmt.Errorf("asset %q: %w", name, err)
	}
	inputKey := sha256Hex([]byte(buildVersion + "\n" + es.inputKey()))
	if c, ok := b.cache.Assets[name]; ok && c.InputKey == inputKey && fileExists(filepath.Join(b.opts.Out, filepath.FromSlash(c.Asset.Key)), c.Asset.Size) {
		return c.Asset, nil
	}
	data, err := zipBytes(es)
	if err != nil {
		return ManifestAsset{}, fmt.Errorf("zipping asset %q: %w", name, err)
	}
	sum := sha256Hex(data)
	ma := ManifestAsset{Name: name, Key: "assets/" + sum + ".zip", SHA256: sum, Size: int64(len(data)), UnzippedSize: es.unzippedSize()}
	if err := writeIfChanged(filepath.Join(b.opts.Out, filepath.FromSlash(ma.Key)), data); err != nil {
		return ManifestAsset{}, err
	}
	b.res.Zipped = append(b.res.Zipped, name)
	b.cache.Assets[name] = cachedAsset{InputKey: inputKey, Asset: ma}
	return ma, nil
}

// writeTemplates writes cfn's templates as matano-<name>.json.
func (b *builder) writeTemplates(label string, templates map[string][]byte) ([]ManifestTemplate, error) {
	var out []ManifestTemplate
	for key, data := range templates {
		name := templateName(key)
		file := "matano-" + name + ".json"
		if err := writeIfChanged(filepath.Join(b.opts.Out, file), data); err != nil {
			return nil, err
		}
		out = append(out, ManifestTemplate{Name: name, File: file, Stack: label + "-" + name, SHA256: sha256Hex(data), Size: int64(len(data))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// templateName reduces a cfn.Output key ("storage", "matano-storage.json")
// to the stack role ("storage").
func templateName(key string) string {
	key = strings.TrimSuffix(filepath.Base(key), ".json")
	return strings.TrimPrefix(key, "matano-")
}

// pruneAssets removes zips of earlier builds from <out>/assets, so the
// directory holds exactly what the manifest lists.
func (b *builder) pruneAssets(keep []ManifestAsset) error {
	dir := filepath.Join(b.opts.Out, "assets")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	want := map[string]bool{}
	for _, a := range keep {
		want[filepath.Base(a.Key)] = true
	}
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".zip") && !want[e.Name()] {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeIfChanged leaves a file with the right content untouched (its
// mtime too), and atomically replaces it otherwise.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return nil
	}
	return writeFileAtomic(path, data, 0o644)
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// cfnAsset is the template generator's view of an asset.
func cfnAsset(a ManifestAsset) cfn.Asset {
	return cfn.Asset{Key: a.Key, SHA256: a.SHA256, Size: a.Size}
}
