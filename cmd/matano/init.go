package main

import (
	"bufio"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/scaffold"
)

type initArgs struct {
	account, region, label string
	force                  bool
}

func newInitCmd(s *streams) *cobra.Command {
	a := &initArgs{}
	cmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Create a new Matano directory that validates and is ready for git",
		Long: `Init writes a new Matano directory: matano.config.yml, a custom log source
with a VRL transform and sample logs, a detection with tests, a .gitignore and
a GitHub workflow that runs 'matano validate --format github' on pull requests.

Without --account or --region, init asks for them on a terminal and fails
otherwise.`,
		Example: `  matano init acme-lake --account 123456789012 --region us-east-1`,
		Args:    cobra.ExactArgs(1),
		RunE:    func(_ *cobra.Command, args []string) error { return runInit(s, a, args[0]) },
	}
	cmd.Flags().StringVar(&a.account, "account", "", "AWS account id (12 digits)")
	cmd.Flags().StringVar(&a.region, "region", "", "AWS region, e.g. us-east-1")
	cmd.Flags().StringVar(&a.label, "project-label", "", "project label (kebab-case, 5-15 characters; default: from DIR when valid)")
	cmd.Flags().BoolVar(&a.force, "force", false, "write into DIR even if it is not empty")
	return cmd
}

func runInit(s *streams, a *initArgs, dir string) error {
	name := filepath.Base(filepath.Clean(dir))
	o := scaffold.Options{Name: name, Account: a.account, Region: a.region, ProjectLabel: a.label}
	if o.ProjectLabel == "" {
		o.ProjectLabel = scaffold.DefaultProjectLabel(name)
	}
	if o.Account == "" || o.Region == "" {
		if !isTTY(s.in) {
			var missing []string
			if o.Account == "" {
				missing = append(missing, "--account")
			}
			if o.Region == "" {
				missing = append(missing, "--region")
			}
			return usageError(strings.Join(missing, " and ") + " required (no terminal to ask on)")
		}
		r := bufio.NewReader(s.in)
		if o.Account == "" {
			o.Account = prompt(s, r, "AWS account id", "")
		}
		if o.Region == "" {
			o.Region = prompt(s, r, "AWS region", "us-east-1")
		}
	}
	files, err := scaffold.Write(dir, o, a.force)
	if err != nil {
		return usageError(err.Error())
	}
	fmt.Fprintf(s.out, "Created %s with %d files:\n", dir, len(files))
	for _, f := range files {
		fmt.Fprintf(s.out, "  %s\n", f)
	}
	fmt.Fprintf(s.out, "\nNext: cd %s && git init && matano validate\n", dir)
	return nil
}

func prompt(s *streams, r *bufio.Reader, question, def string) string {
	if def != "" {
		fmt.Fprintf(s.out, "%s [%s]: ", question, def)
	} else {
		fmt.Fprintf(s.out, "%s: ", question)
	}
	line, _ := r.ReadString('\n')
	line = strings.TrimSpace(line)
	if line == "" {
		return def
	}
	return line
}
