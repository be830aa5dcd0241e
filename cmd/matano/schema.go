package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/compiler/validate"
)

func init() { extraCommands = append(extraCommands, newSchemaCmd) }

func newSchemaCmd(s *streams) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Show the resolved table schemas (ECS fields, custom fields, ts, labels, tags)",
	}
	cmd.PersistentFlags().StringVar(&dir, "dir", "", "the Matano directory (default: discovered from the working directory)")
	list := &cobra.Command{
		Use:   "list",
		Short: "List every table with its log source and column counts",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			p, schemas, err := loadSchemas(s, dir)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "TABLE\tLOG SOURCE\tCOLUMNS\tLEAF FIELDS\tLAST FIELD ID")
			for _, t := range p.Tables() {
				sc := schemas[t.Name]
				fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\n", t.Name, t.Source.Name, len(sc.Columns), sc.LeafCount(), sc.LastID)
			}
			return w.Flush()
		},
	}
	var format string
	show := &cobra.Command{
		Use:   "show TABLE",
		Short: "Print one table's schema as a tree, Iceberg JSON, or Athena DDL",
		Example: `  matano schema show aws_cloudtrail
  matano schema show zeek_dns --format ddl`,
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			_, schemas, err := loadSchemas(&streams{out: nopWriter{}, err: nopWriter{}}, dir)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []string
			for n := range schemas {
				names = append(names, n)
			}
			sort.Strings(names)
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			_, schemas, err := loadSchemas(s, dir)
			if err != nil {
				return err
			}
			sc, ok := schemas[args[0]]
			if !ok {
				var names []string
				for n := range schemas {
					names = append(names, n)
				}
				sort.Strings(names)
				return usageError(fmt.Sprintf("no table %q; tables: %v", args[0], names))
			}
			switch format {
			case "tree":
				return schema.WriteTree(s.out, sc)
			case "ddl":
				return schema.WriteDDL(s.out, sc, "matano", "")
			case "json":
				ic, err := sc.Iceberg()
				if err != nil {
					return err
				}
				enc := json.NewEncoder(s.out)
				enc.SetIndent("", "  ")
				return enc.Encode(ic)
			}
			return usageError(fmt.Sprintf("--format must be tree, json or ddl, not %q", format))
		},
	}
	show.Flags().StringVar(&format, "format", "tree", "output format: tree, json (Iceberg schema) or ddl (Athena CREATE TABLE)")
	_ = show.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"tree", "json", "ddl"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.AddCommand(list, show)
	return cmd
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }

// loadSchemas validates the directory (schemas are only meaningful for a
// valid one) and resolves every table.
func loadSchemas(s *streams, dir string) (*load.Project, map[string]*schema.Schema, error) {
	root, err := findRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	p, diags := validate.Dir(root, validate.Options{SkipPython: true})
	if diags.HasErrors() {
		_ = diag.RenderText(s.err, diags, diag.TextOptions{})
		return nil, nil, exitError{code: 1, msg: "the directory is invalid; fix the errors above first"}
	}
	schemas, _ := schema.Project(p)
	return p, schemas, nil
}
