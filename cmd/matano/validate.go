package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/validate"
)

type validateArgs struct {
	dir      string
	format   string
	noPython bool
	color    string
}

func newValidateCmd(s *streams) *cobra.Command {
	a := &validateArgs{}
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check a Matano directory: schemas, cross-file rules, VRL and detections",
		Long: `Validate loads every file of a Matano directory, checks it against the
CUE schemas and the cross-file rules, and reports every problem in one run.

Exit codes: 0 valid (warnings allowed), 1 invalid, 2 usage or I/O error.`,
		Example: `  matano validate
  matano validate --dir ./lake --format github`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runValidate(s, a) },
	}
	addDirFlag(cmd, &a.dir)
	addFormatFlag(cmd, &a.format)
	cmd.Flags().BoolVar(&a.noPython, "no-python", false, "skip the Python syntax check of detect.py files")
	addColorFlag(cmd, &a.color)
	return cmd
}

func addDirFlag(cmd *cobra.Command, dir *string) {
	cmd.Flags().StringVar(dir, "dir", "", "the Matano directory (default: discovered from the working directory)")
	_ = cmd.MarkFlagDirname("dir")
}

func addFormatFlag(cmd *cobra.Command, format *string) {
	cmd.Flags().StringVar(format, "format", "text", "output format: text, json, github or sarif")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(
		[]string{"text", "json", "github", "sarif"}, cobra.ShellCompDirectiveNoFileComp))
}

func addColorFlag(cmd *cobra.Command, color *string) {
	cmd.Flags().StringVar(color, "color", "auto", "colour in text output: auto (on a terminal), always or never")
}

func useColor(mode string, w any) (bool, error) {
	switch mode {
	case "auto":
		return isTTY(w) && os.Getenv("NO_COLOR") == "", nil
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	return false, usageError(fmt.Sprintf("--color must be auto, always or never, not %q", mode))
}

func runValidate(s *streams, a *validateArgs) error {
	if !validFormat(a.format) {
		return usageError(fmt.Sprintf("--format must be text, json, github or sarif, not %q", a.format))
	}
	color, err := useColor(a.color, s.out)
	if err != nil {
		return err
	}
	root, err := findRoot(a.dir)
	if err != nil {
		return err
	}
	_, diags := validate.Dir(root, validate.Options{SkipPython: a.noPython})
	diags.Sort()
	if err := renderDiags(s, diags, a.format, color); err != nil {
		return usageError(err.Error())
	}
	if diags.HasErrors() {
		return exitCode(1)
	}
	return nil
}

func validFormat(f string) bool {
	switch f {
	case "text", "json", "github", "sarif":
		return true
	}
	return false
}

// renderDiags writes diagnostics in the chosen format. Text output ends
// with a one-line summary.
func renderDiags(s *streams, l diag.List, format string, color bool) error {
	switch format {
	case "json":
		return diag.RenderJSON(s.out, l)
	case "github":
		return diag.RenderGitHub(s.out, l)
	case "sarif":
		return diag.RenderSARIF(s.out, l, diag.SARIFTool{
			Name: "matano", Version: version,
			InformationURI:  "https://github.com/matano-go/matano",
			RuleDescription: codeMeaning,
		})
	}
	if err := diag.RenderText(s.out, l, diag.TextOptions{Color: color}); err != nil {
		return err
	}
	errs, warns := l.Count(diag.Error)+l.Count(diag.Bug), l.Count(diag.Warning)
	switch {
	case errs == 0 && warns == 0:
		fmt.Fprintln(s.out, "valid: no problems found")
	case errs == 0:
		fmt.Fprintf(s.out, "valid, with %s\n", plural(warns, "warning"))
	default:
		fmt.Fprintf(s.out, "invalid: %s, %s\n", plural(errs, "error"), plural(warns, "warning"))
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// codeMeaning is the one-line meaning of a matano code, for SARIF rules.
func codeMeaning(code string) string {
	if c, ok := diag.LookupCode(code); ok {
		return c.Meaning
	}
	return ""
}
