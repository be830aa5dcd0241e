package build

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
)

// ModulePath is the module whose ./cmd/matano-lambda is the bootstrap.
const ModulePath = "github.com/matano-go/matano"

// BootstrapPackage is the main package of the Lambda bootstrap, relative
// to the module root.
const BootstrapPackage = "./cmd/matano-lambda"

// BootstrapRequest is one compilation of the Lambda bootstrap.
type BootstrapRequest struct {
	Source string // module root holding go.mod
	Arch   string // GOARCH: arm64 or amd64
	Output string // file to write the linux binary to
}

// Compiler builds the bootstrap binary. Build uses GoCompiler; tests
// inject one that counts calls, to prove the cache skips the build.
type Compiler interface {
	// Version identifies the toolchain; it is part of the cache key, so
	// a new Go version rebuilds.
	Version(ctx context.Context) (string, error)
	Compile(ctx context.Context, req BootstrapRequest) error
}

// GoCompiler runs `go build` for linux with the flags that make the
// binary reproducible: no cgo (provided.al2023 has no matching libc
// guarantees and DuckDB must stay out), -trimpath, no VCS stamp, no build
// id, stripped.
type GoCompiler struct {
	// Go is the go command; "" means `go` from PATH.
	Go string
	// Env is added to the environment of go build (GOCACHE, GOFLAGS...).
	Env []string
}

func (g GoCompiler) goCmd() (string, error) {
	name := g.Go
	if name == "" {
		name = "go"
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("cannot build the Lambda bootstrap: no Go toolchain (%q not found on PATH); install Go from https://go.dev/dl/", name)
	}
	return p, nil
}

// Version is `go env GOVERSION`.
func (g GoCompiler) Version(ctx context.Context) (string, error) {
	goBin, err := g.goCmd()
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, goBin, "env", "GOVERSION")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env GOVERSION: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Compile runs go build in req.Source.
func (g GoCompiler) Compile(ctx context.Context, req BootstrapRequest) error {
	goBin, err := g.goCmd()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, goBin, "build",
		"-trimpath", "-buildvcs=false", "-ldflags", "-s -w -buildid=",
		"-o", req.Output, BootstrapPackage)
	cmd.Dir = req.Source
	cmd.Env = append(os.Environ(), g.Env...)
	// GOTOOLCHAIN=local: never download another toolchain mid-build.
	cmd.Env = append(cmd.Env, "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+req.Arch, "GOTOOLCHAIN=local")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s (GOOS=linux GOARCH=%s) in %s failed: %v\n%s", BootstrapPackage, req.Arch, req.Source, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// FindSource returns the root of the matano module's source, where
// `go build ./cmd/matano-lambda` runs. In order: explicit, $MATANO_SOURCE,
// the module root above the working directory (a checkout, or the package
// directory of a running test), the module root above the running
// executable (a binary built inside its checkout), `go list -m` run in
// the working directory, and, for a released matano (its version read
// with runtime/debug.ReadBuildInfo), that version's source in the Go
// module cache. Each candidate must hold a go.mod declaring ModulePath.
func FindSource(explicit string) (string, error) {
	if explicit != "" {
		if isModuleRoot(explicit) {
			return filepath.Abs(explicit)
		}
		return "", fmt.Errorf("%s is not the %s module source (no go.mod declaring it)", explicit, ModulePath)
	}
	if env := os.Getenv("MATANO_SOURCE"); env != "" {
		if isModuleRoot(env) {
			return filepath.Abs(env)
		}
		return "", fmt.Errorf("MATANO_SOURCE=%s is not the %s module source (no go.mod declaring it)", env, ModulePath)
	}
	if wd, err := os.Getwd(); err == nil {
		if dir := moduleRootAbove(wd); dir != "" {
			return dir, nil
		}
	}
	if exe, err := os.Executable(); err == nil {
		if exe, err = filepath.EvalSymlinks(exe); err == nil {
			if dir := moduleRootAbove(filepath.Dir(exe)); dir != "" {
				return dir, nil
			}
		}
	}
	released := ""
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == ModulePath && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		released = bi.Main.Version
	}
	if goBin, err := exec.LookPath("go"); err == nil {
		out, err := exec.Command(goBin, "list", "-m", "-f", "{{.Dir}}", ModulePath).Output()
		if dir := strings.TrimSpace(string(out)); err == nil && dir != "" && isModuleRoot(dir) {
			return dir, nil
		}
		// `go install ...@version` leaves that version's source in the
		// module cache: build from it, offline.
		if released != "" {
			out, err := exec.Command(goBin, "env", "GOMODCACHE").Output()
			if cache := strings.TrimSpace(string(out)); err == nil && cache != "" {
				dir := filepath.Join(cache, filepath.FromSlash(ModulePath)+"@"+released)
				if isModuleRoot(dir) {
					return dir, nil
				}
			}
		}
	}
	hint := ""
	if released != "" {
		hint = fmt.Sprintf(" (this matano is %s@%s: `git clone` that version, or `go mod download %s@%s`)", ModulePath, released, ModulePath, released)
	}
	return "", fmt.Errorf("cannot build the Lambda bootstrap: the %s source was not found; set MATANO_SOURCE to a checkout of it%s", ModulePath, hint)
}

func moduleRootAbove(dir string) string {
	for {
		if isModuleRoot(dir) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// isModuleRoot reports whether dir/go.mod declares ModulePath.
func isModuleRoot(dir string) bool {
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`) == ModulePath
		}
	}
	return false
}

// sourceKey hashes the module source that can reach the bootstrap
// binary: go.mod, go.sum and every file below the root except tests,
// testdata, hidden and nested-module directories, executables (built
// binaries lying in a checkout; Go never embeds them in practice) and
// other files at the root (the root package has only tests). Hashing
// everything of that is a few MB, tens of milliseconds; asking
// `go list -deps` for the exact file set would cost more than the hashing.
func sourceKey(root string) (string, error) {
	if _, err := os.Stat(filepath.Join(root, BootstrapPackage)); err != nil {
		return "", fmt.Errorf("cannot build the Lambda bootstrap: %s has no %s package", root, BootstrapPackage)
	}
	type file struct {
		rel string
		sum [32]byte
	}
	var files []file
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		name := d.Name()
		if d.IsDir() {
			if p == root {
				return nil
			}
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules" || strings.HasPrefix(name, "bazel-") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, ".") {
			return nil
		}
		if filepath.Dir(rel) == "." && name != "go.mod" && name != "go.sum" {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Mode()&0o111 != 0 && !strings.HasSuffix(name, ".go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files = append(files, file{filepath.ToSlash(rel), sha256.Sum256(data)})
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hashing the module source: %w", err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%q %x\n", f.rel, f.sum)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// validArch checks the --arch value.
func validArch(a string) error {
	switch a {
	case "arm64", "amd64":
		return nil
	}
	return errors.New("arch must be arm64 or amd64, not " + fmt.Sprintf("%q", a))
}
