package main

import (
	"github.com/spf13/cobra"

	"path/filepath"

	"github.com/matano-go/matano/runtime/vrl/cli"
	"github.com/matano-go/matano/runtime/vrl/conformance"
)

func init() { extraCommands = append(extraCommands, newVRLCmd) }

func newVRLCmd(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "vrl",
		Short: "Check and run VRL programs (Vector Remap Language 0.35)",
	}
	cmd.AddCommand(newVRLCheckCmd(s), newVRLRunCmd(s), newVRLConformanceCmd(s))
	return cmd
}

func newVRLCheckCmd(s *streams) *cobra.Command {
	var color string
	cmd := &cobra.Command{
		Use:   "check FILE.vrl",
		Short: "Parse and type-check a VRL program; exit 1 on errors",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			c, err := useColor(color, s.out)
			if err != nil {
				return err
			}
			return exitCode(cli.CheckCommand(args[0], s.out, c))
		},
	}
	addColorFlag(cmd, &color)
	return cmd
}

func newVRLRunCmd(s *streams) *cobra.Command {
	var program, input string
	cmd := &cobra.Command{
		Use:   "run --program FILE.vrl [--input EVENTS.jsonl]",
		Short: "Run a VRL program on each JSON line of the input (once on {} without input)",
		Long: `Run prints one JSON line per input event: {"result": V, "event": E} on
success, or {"error": "...", "aborted": true|false, "event": E}. A program that
does not compile prints its diagnostics on stderr and exits 1. Time zone: UTC.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if program == "" {
				return usageError("--program is required")
			}
			return exitCode(cli.RunCommand(program, input, s.out, s.err))
		},
	}
	cmd.Flags().StringVar(&program, "program", "", "the VRL program file")
	cmd.Flags().StringVar(&input, "input", "", "JSON-lines events ('-' for stdin)")
	return cmd
}

func newVRLConformanceCmd(s *streams) *cobra.Command {
	var shared string
	var verbose bool
	cmd := &cobra.Command{
		Use:   "conformance",
		Short: "Run the VRL project's test corpus and function examples and print a report",
		Long: `Conformance runs the language test files and the function examples of VRL
0.35 (the corpus in <shared>/vrl-tests) against matano's implementation and
prints "N passed, M failed, K skipped" with a table per category. Cases that
need network or host access are skipped, each with its reason.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return exitCode(conformance.Main(filepath.Join(shared, "vrl-tests"), s.out, verbose))
		},
	}
	cmd.Flags().StringVar(&shared, "shared", "../shared", "the folder holding vrl-tests/")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "print every failing case with its expected and actual output")
	return cmd
}
