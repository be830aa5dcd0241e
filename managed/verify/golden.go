package verify

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/managed"
	"github.com/matano-go/matano/runtime/testrun"
)

// Golden runs type t's golden samples (its test/ folder) with the runner
// `matano test` uses. With update set, the expected files are rewritten
// and, when saveTo is not empty, copied into saveTo (the definition's
// test/ folder in a source checkout: the embedded copy is read-only).
func Golden(ctx context.Context, tmp string, t managed.Type, update bool, saveTo string) (*testrun.Report, error) {
	dir, p, diags, err := Load(tmp, t, true)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("managed %s does not validate:\n%s", t.Name, diag.FormatText(diags))
	}
	rep, err := testrun.Run(ctx, testrun.Config{Root: dir, Project: p, Update: update, SkipDetections: true})
	if err != nil || !update || saveTo == "" {
		return rep, err
	}
	got := filepath.Join(dir, load.LogSourcesDir, t.Name, "test")
	entries, err := os.ReadDir(got)
	if err != nil {
		return rep, err
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), testrun.ExpectedSuffix) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(got, e.Name()))
		if err != nil {
			return rep, err
		}
		if err := os.WriteFile(filepath.Join(saveTo, e.Name()), b, 0o644); err != nil {
			return rep, err
		}
	}
	// Expected files whose input is gone were removed in the copy.
	have, _ := os.ReadDir(saveTo)
	for _, e := range have {
		if strings.HasSuffix(e.Name(), testrun.ExpectedSuffix) {
			if _, err := os.Stat(filepath.Join(got, e.Name())); os.IsNotExist(err) {
				if err := os.Remove(filepath.Join(saveTo, e.Name())); err != nil {
					return rep, err
				}
			}
		}
	}
	return rep, nil
}
