package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/managed"
	"github.com/matano-go/matano/managed/verify"
	"github.com/matano-go/matano/runtime/testrun"
)

func init() { extraCommands = append(extraCommands, newSourcesCmd) }

func newSourcesCmd(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "The managed log sources built into matano (managed: {type: ...})",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the managed log source types with their name prefix and tables",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			w := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "TYPE\tNAME PREFIX\tTABLES")
			for _, t := range managed.Types() {
				tables := "(one table, named like the log source)"
				if len(t.Tables) > 0 {
					tables = strings.Join(t.Tables, ", ")
				}
				fmt.Fprintf(w, "%s\t%s\t%s\n", t.Name, t.Prefix, tables)
			}
			return w.Flush()
		},
	})
	var files bool
	show := &cobra.Command{
		Use:     "show TYPE",
		Short:   "Describe one managed type: how to enable it, its tables, decoding and samples",
		Example: "  matano sources show aws_cloudtrail\n  matano sources show zeek --files",
		Args:    cobra.ExactArgs(1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return managed.Names(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error { return showSource(s, args[0], files) },
	}
	show.Flags().BoolVar(&files, "files", false, "also print the definition's YAML files")
	cmd.AddCommand(show)

	var update string
	test := &cobra.Command{
		Use:   "test [TYPE...]",
		Short: "Run the golden tests of managed types (all by default)",
		RunE: func(c *cobra.Command, args []string) error {
			return testSources(c.Context(), s, args, update)
		},
	}
	test.Flags().StringVar(&update, "update-dir", "", "rewrite the expected files into this checkout's managed/"+managed.Dir+" folder (for matano developers)")
	cmd.AddCommand(test)

	var logs string
	report := &cobra.Command{
		Use:   "report --logs DIR [TYPE]",
		Short: "Run a folder of sample logs (<source>/<table>/<file>) through the managed types and count every event",
		Long: `report runs every sample file under --logs through the managed type its folder names and prints,
per file and per type, the events read and the records written, sidelined and aborted (dropped on
purpose, such as header lines). Where a file has an Elastic pipeline-test expected output next to it
(<file>-expected.json), the ECS fields both produce are compared. It exits 1 if anything was sidelined
or disagreed.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			only := ""
			if len(args) == 1 {
				only = args[0]
			}
			return reportSources(c.Context(), s, logs, only)
		},
	}
	report.Flags().StringVar(&logs, "logs", "", "the sample logs folder")
	_ = report.MarkFlagRequired("logs")
	cmd.AddCommand(report)
	return cmd
}

func lookupType(name string) (managed.Type, error) {
	t, ok := managed.Lookup(name)
	if !ok {
		msg := fmt.Sprintf("no managed log source type %q", name)
		if sug := load.Suggest(strings.ToLower(name), managed.Names()); sug != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", sug)
		}
		return t, usageError(msg + "; see matano sources list")
	}
	return t, nil
}

func showSource(s *streams, name string, files bool) error {
	t, err := lookupType(name)
	if err != nil {
		return err
	}
	base := path.Join(managed.Dir, t.Name)
	fmt.Fprintf(s.out, "type:        %s\nname prefix: %s (a log source of this type must be named %s or %s_<anything>)\n", t.Name, t.Prefix, t.Prefix, t.Prefix)
	fmt.Fprintf(s.out, "\nenable it with log_sources/%s/log_source.yml:\n  name: %s\n  managed:\n    type: %s\n", t.Name, t.Name, t.Name)
	if len(t.Tables) == 0 {
		fmt.Fprintf(s.out, "\ntables: one, named like the log source (%s)\n", t.Name)
	} else {
		fmt.Fprintf(s.out, "\ntables (each enabled by log_sources/%s/tables/<table>.yml holding `name: <table>`):\n", t.Name)
		for _, tbl := range t.Tables {
			full := t.Name + "_" + tbl
			if tbl == "default" {
				full = t.Name
			}
			fmt.Fprintf(s.out, "  %-20s → %s\n", tbl, full)
		}
	}
	samples := 0
	entries, _ := fs.ReadDir(managed.FS(), path.Join(base, "test"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), testrun.ExpectedSuffix) {
			samples++
		}
	}
	fmt.Fprintf(s.out, "\ngolden samples: %d (matano sources test %s)\n", samples, t.Name)
	if !files {
		return nil
	}
	var names []string
	_ = fs.WalkDir(managed.FS(), base, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yml") && !strings.Contains(p, "/test/") {
			names = append(names, p)
		}
		return err
	})
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(managed.FS(), n)
		if err != nil {
			return err
		}
		fmt.Fprintf(s.out, "\n--- %s\n%s", strings.TrimPrefix(n, managed.Dir+"/"), b)
	}
	return nil
}

func testSources(ctx context.Context, s *streams, names []string, updateDir string) error {
	types, err := selectTypes(names)
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	tmp, err := os.MkdirTemp("", "matano-sources-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	rep := &testrun.Report{}
	for _, t := range types {
		saveTo := ""
		if updateDir != "" {
			saveTo = path.Join(updateDir, t.Name, "test")
		}
		r, err := verify.Golden(ctx, tmp, t, updateDir != "", saveTo)
		if err != nil {
			return exitError{code: 2, msg: err.Error()}
		}
		rep.Results = append(rep.Results, r.Results...)
	}
	if err := rep.WriteText(s.out); err != nil {
		return err
	}
	if !rep.OK() {
		return exitCode(1)
	}
	return nil
}

func selectTypes(names []string) ([]managed.Type, error) {
	if len(names) == 0 {
		return managed.Types(), nil
	}
	var out []managed.Type
	for _, n := range names {
		t, err := lookupType(n)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func reportSources(ctx context.Context, s *streams, logs, only string) error {
	if only != "" {
		if _, err := lookupType(only); err != nil {
			return err
		}
	}
	if st, err := os.Stat(logs); err != nil || !st.IsDir() {
		return usageError(fmt.Sprintf("--logs %s is not a folder", logs))
	}
	if ctx == nil {
		ctx = context.Background()
	}
	tmp, err := os.MkdirTemp("", "matano-report-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	res, err := verify.Shared(ctx, tmp, logs, only)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	type sum struct{ files, read, written, sidelined, aborted, compared, differ int }
	per := map[string]*sum{}
	var order []string
	bad := false
	w := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "FILE\tTYPE\tREAD\tWRITTEN\tSIDELINED\tABORTED\tECS COMPARED\tDIFFER\t")
	for _, r := range res {
		cmp, differ := "-", "-"
		x := per[r.Type]
		if x == nil {
			x = &sum{}
			per[r.Type] = x
			order = append(order, r.Type)
		}
		x.files++
		x.read += r.Read
		x.written += r.Written
		x.sidelined += r.Sidelined
		x.aborted += r.Aborted
		if r.Elastic != nil {
			cmp, differ = fmt.Sprint(r.Elastic.Compared), fmt.Sprint(len(r.Elastic.Diffs))
			x.compared += r.Elastic.Compared
			x.differ += len(r.Elastic.Diffs)
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t\n", r.File, r.Type, r.Read, r.Written, r.Sidelined, r.Aborted, cmp, differ)
		if r.Sidelined > 0 || (r.Elastic != nil && len(r.Elastic.Diffs) > 0) {
			bad = true
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	sort.Strings(order)
	fmt.Fprintln(s.out)
	w = tabwriter.NewWriter(s.out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "TYPE\tFILES\tREAD\tWRITTEN\tSIDELINED\tABORTED\tECS COMPARED\tDIFFER\t")
	var tot sum
	for _, t := range order {
		x := per[t]
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", t, x.files, x.read, x.written, x.sidelined, x.aborted, x.compared, x.differ)
		tot.files += x.files
		tot.read += x.read
		tot.written += x.written
		tot.sidelined += x.sidelined
		tot.aborted += x.aborted
		tot.compared += x.compared
		tot.differ += x.differ
	}
	fmt.Fprintf(w, "total\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", tot.files, tot.read, tot.written, tot.sidelined, tot.aborted, tot.compared, tot.differ)
	if err := w.Flush(); err != nil {
		return err
	}
	if bad {
		for _, r := range res {
			for _, sl := range r.Sidelines {
				fmt.Fprintf(s.err, "%s: sidelined %s\n", r.File, sl)
			}
			if r.Elastic != nil {
				for _, d := range r.Elastic.Diffs {
					fmt.Fprintf(s.err, "%s: %s\n", r.File, d)
				}
			}
		}
		return exitCode(1)
	}
	return nil
}
