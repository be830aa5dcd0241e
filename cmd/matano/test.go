package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/validate"
	"github.com/matano-go/matano/managed"
	"github.com/matano-go/matano/managed/verify"
	"github.com/matano-go/matano/runtime/testrun"
)

func init() { extraCommands = append(extraCommands, newTestCmd) }

type testArgs struct {
	dir          string
	format       string
	update       bool
	minimumTests int
	noPython     bool
	python       string
	noManaged    bool
}

func newTestCmd(s *streams) *cobra.Command {
	a := &testArgs{}
	cmd := &cobra.Command{
		Use:   "test",
		Short: "Run the directory's detection tests and log source golden tests, offline",
		Long: `Test runs, without any cloud resource:

  detections/<name>/tests/*.yml   a record (or a raw log line and its log
                                  source) and whether the detection matches,
                                  with the expected alert fields; or records
                                  and the alerts they should produce
  log_sources/<name>/test/*.{log,json,ndjson}
                                  sample input compared with its normalised
                                  records in <file>-expected.json

--update (re)writes the expected files; review them before committing.
The directory is validated first. Exit codes: 0 all tests pass, 1 a test
failed or the directory is invalid, 2 usage or I/O error.`,
		Example: `  matano test
  matano test --update
  matano test --format junit > matano-tests.xml
  matano test --minimum-tests 2 --format github`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runTest(c.Context(), s, a) },
	}
	addDirFlag(cmd, &a.dir)
	cmd.Flags().StringVar(&a.format, "format", "text", "output format: text, junit, github or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(
		[]string{"text", "junit", "github", "json"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.Flags().BoolVar(&a.update, "update", false, "rewrite the log sources' expected output files")
	cmd.Flags().IntVar(&a.minimumTests, "minimum-tests", 0, "require at least N tests per detection, including a positive and a negative one")
	cmd.Flags().BoolVar(&a.noPython, "no-python", false, "skip detection tests (they need python3)")
	cmd.Flags().StringVar(&a.python, "python", "python3", "the Python interpreter for detections")
	cmd.Flags().BoolVar(&a.noManaged, "no-managed", false, "skip the golden tests of the managed log source types the directory uses")
	return cmd
}

// managedGoldens runs the golden tests of every managed type the
// directory uses, on the definition alone (the user's own samples under
// the log source's test/ folder check the merged result).
func managedGoldens(ctx context.Context, p *load.Project) ([]testrun.Result, error) {
	seen := map[string]bool{}
	var out []testrun.Result
	var tmp string
	for _, ls := range p.LogSources {
		if ls.Managed == nil {
			continue
		}
		t, ok := managed.Lookup(ls.Managed.Type)
		if !ok || seen[t.Name] {
			continue
		}
		seen[t.Name] = true
		if tmp == "" {
			var err error
			if tmp, err = os.MkdirTemp("", "matano-test-managed-"); err != nil {
				return nil, err
			}
			defer os.RemoveAll(tmp)
		}
		rep, err := verify.Golden(ctx, tmp, t, false, "")
		if err != nil {
			return nil, err
		}
		for _, r := range rep.Results {
			r.Suite = "managed " + t.Name
			r.File = "<managed>/" + t.Name + "/test/" + r.Name
			out = append(out, r)
		}
	}
	return out, nil
}

func runTest(ctx context.Context, s *streams, a *testArgs) error {
	switch a.format {
	case "text", "junit", "github", "json":
	default:
		return usageError(fmt.Sprintf("--format must be text, junit, github or json, not %q", a.format))
	}
	if a.minimumTests < 0 {
		return usageError("--minimum-tests must not be negative")
	}
	root, err := findRoot(a.dir)
	if err != nil {
		return err
	}
	p, diags := validate.Dir(root, validate.Options{SkipPython: true})
	if diags.HasErrors() {
		_ = diag.RenderText(s.err, diags, diag.TextOptions{})
		return exitError{code: 1, msg: "the directory is invalid; fix the errors above (matano validate) first"}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	rep, err := testrun.Run(ctx, testrun.Config{
		Root: root, Project: p, Update: a.update, MinimumTests: a.minimumTests,
		SkipDetections: a.noPython, Python: a.python, Stderr: s.err,
	})
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	if !a.noManaged {
		managedResults, err := managedGoldens(ctx, p)
		if err != nil {
			return exitError{code: 2, msg: err.Error()}
		}
		rep.Results = append(rep.Results, managedResults...)
	}
	switch a.format {
	case "junit":
		err = rep.WriteJUnit(s.out)
	case "github":
		err = rep.WriteGitHub(s.out)
	case "json":
		err = rep.WriteJSON(s.out)
	default:
		err = rep.WriteText(s.out)
	}
	if err != nil {
		return usageError(err.Error())
	}
	if !rep.OK() {
		return exitCode(1)
	}
	return nil
}
