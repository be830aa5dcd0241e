package main

import (
	"io"
	"os"

	"github.com/matano-go/matano/compiler/load"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// streams are the command's standard streams; tests pass buffers.
type streams struct {
	in  io.Reader
	out io.Writer
	err io.Writer
}

// isTTY reports whether w is an interactive terminal (colour and prompts
// are only used then).
func isTTY(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newRootCmd(in io.Reader, out, errw io.Writer) *cobra.Command {
	s := &streams{in: in, out: out, err: errw}
	root := &cobra.Command{
		Use:   "matano",
		Short: "GitOps compiler and runtime for a Matano security data lake",
		Long: `matano validates, tests, builds and runs a Matano directory: log sources
(YAML + VRL transforms), detections (Python), enrichment tables and alert
destinations kept in git.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errw)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err.Error()) })
	root.AddCommand(
		newVersionCmd(s),
		newValidateCmd(s),
		newInitCmd(s),
	)
	for _, add := range extraCommands {
		root.AddCommand(add(s))
	}
	return root
}

// extraCommands lets subcommand files register themselves without
// editing this file.
var extraCommands []func(*streams) *cobra.Command

// findRoot finds the Matano directory from --dir (or the working
// directory) as load.FindRoot does; a failure is a usage error.
func findRoot(dir string) (string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return "", usageError(err.Error())
	}
	root, err := load.FindRoot(cwd, dir)
	if err != nil {
		return "", usageError(err.Error())
	}
	return root, nil
}
