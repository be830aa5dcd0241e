package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/build"
	"github.com/matano-go/matano/compiler/diag"
)

func init() { extraCommands = append(extraCommands, newBuildCmd) }

type buildArgs struct {
	dir   string
	out   string
	arch  string
	color string
}

// buildCompiler is the bootstrap compiler; tests replace it so they do
// not run go build.
var buildCompiler build.Compiler = build.GoCompiler{}

func newBuildCmd(s *streams) *cobra.Command {
	a := &buildArgs{}
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Build the Lambda assets and CloudFormation templates for AWS",
		Long: `Build validates the Matano directory and writes, offline and without
credentials, what ` + "`matano deploy`" + ` ships: the Go bootstrap and Python
detections zips (named by content hash), the storage and pipeline
CloudFormation templates, and manifest.json. Zips are byte-reproducible;
an unchanged directory rebuilds from the cache without running go build.

The bootstrap is compiled from the matano module source with the Go
toolchain on PATH; set MATANO_SOURCE when the source is not found.

Exit codes: 0 built, 1 invalid directory or build failure, 2 usage error.`,
		Example: `  matano build
  matano build --out dist --arch amd64`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runBuild(c.Context(), s, a) },
	}
	addDirFlag(cmd, &a.dir)
	cmd.Flags().StringVar(&a.out, "out", "", "output directory (default <dir>/.matano/build)")
	cmd.Flags().StringVar(&a.arch, "arch", build.DefaultArch, "Lambda architecture: arm64 or amd64")
	_ = cmd.RegisterFlagCompletionFunc("arch", cobra.FixedCompletions([]string{"arm64", "amd64"}, cobra.ShellCompDirectiveNoFileComp))
	addColorFlag(cmd, &a.color)
	return cmd
}

func runBuild(ctx context.Context, s *streams, a *buildArgs) error {
	if a.arch != "arm64" && a.arch != "amd64" {
		return usageError(fmt.Sprintf("--arch must be arm64 or amd64, not %q", a.arch))
	}
	color, err := useColor(a.color, s.err)
	if err != nil {
		return err
	}
	root, err := findRoot(a.dir)
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	start := time.Now()
	res, err := build.Build(ctx, build.Options{Dir: root, Out: a.out, Arch: a.arch, Compiler: buildCompiler})
	var invalid *build.InvalidError
	if errors.As(err, &invalid) {
		invalid.Diags.Sort()
		if rerr := diag.RenderText(s.err, invalid.Diags, diag.TextOptions{Color: color}); rerr != nil {
			return usageError(rerr.Error())
		}
		return exitError{code: 1, msg: err.Error()}
	}
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	if len(res.Warnings) > 0 {
		if err := diag.RenderText(s.err, res.Warnings, diag.TextOptions{Color: color}); err != nil {
			return usageError(err.Error())
		}
	}
	writeBuildResult(s, res, time.Since(start))
	return nil
}

// writeBuildResult prints the assets and templates with their sizes.
func writeBuildResult(s *streams, res *build.Result, took time.Duration) {
	out := res.Out
	if rel, err := filepath.Rel(mustGetwd(), out); err == nil && len(rel) < len(out) {
		out = rel
	}
	fmt.Fprintf(s.out, "built %s (%s)\n", out, res.Manifest.Arch)
	zipped := map[string]bool{}
	for _, n := range res.Zipped {
		zipped[n] = true
	}
	for _, a := range res.Manifest.Assets {
		note := "cached"
		if zipped[a.Name] {
			note = "new"
		}
		if a.Name == build.AssetBootstrap && res.Compiled {
			note = "compiled"
		}
		fmt.Fprintf(s.out, "  asset     %-11s %9s  (%s unzipped)  %s  [%s]\n", a.Name, humanSize(a.Size), humanSize(a.UnzippedSize), a.Key, note)
	}
	for _, t := range res.Manifest.Templates {
		fmt.Fprintf(s.out, "  template  %-11s %9s  %s  (stack %s)\n", t.Name, humanSize(t.Size), t.File, t.Stack)
	}
	fmt.Fprintf(s.out, "  manifest  %s\n", build.ManifestFile)
	fmt.Fprintf(s.out, "done in %s\n", took.Round(time.Millisecond))
}

func mustGetwd() string {
	wd, _ := os.Getwd()
	return wd
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
