package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/scaffold"
	"github.com/matano-go/matano/compiler/validate"
)

func init() { extraCommands = append(extraCommands, newDemoCmd) }

// demoArgs are the arguments of `matano demo`.
type demoArgs struct {
	dir   string
	force bool
}

// demoDefaultDir is where `matano demo` writes without a DIR argument.
const demoDefaultDir = "matano-demo"

// demoQueries are the queries the demo runs at the end, with the line
// that introduces each. They read the two kinds of table a lake has: the
// alerts the detections raised and a log source's own table.
var demoQueries = []struct{ title, sql string }{
	{"Alerts per detection", `SELECT matano.alert.rule.name AS rule, matano.alert.rule.severity AS severity, ` +
		`count(DISTINCT matano.alert.id) FILTER (WHERE matano.alert.activated) AS alerts, count(*) AS matches ` +
		`FROM matano_alerts GROUP BY ALL ORDER BY rule`},
	{"Top source IPs in CloudTrail", `SELECT source.ip AS ip, count(*) AS events, ` +
		`count(*) FILTER (WHERE event.outcome = 'failure') AS failed, list(DISTINCT coalesce(user.name, aws.cloudtrail.user_identity.type)) AS users ` +
		`FROM aws_cloudtrail WHERE source.ip IS NOT NULL GROUP BY ALL ORDER BY events DESC, ip LIMIT 5`},
}

func newDemoCmd(s *streams) *cobra.Command {
	var a demoArgs
	cmd := &cobra.Command{
		Use:   "demo [DIR]",
		Short: "Build a demo Matano directory, ingest its sample logs and show the alerts",
		Long: `demo writes a demo Matano directory (default ./` + demoDefaultDir + `): a CloudTrail log
source and a web login log source with sample logs, and three detections.
It validates the directory, ingests the samples into the local lake
(<DIR>/.matano/lake) running the detections, then prints the lake's tables
and a few queries over the alerts and the logs.

Running it again on the same directory is a no-op for the lake: samples
already ingested are skipped. A non-empty DIR that is not a demo is only
written with --force. Needs python3 for the detections.`,
		Example: `  matano demo
  matano demo /tmp/lake-demo`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.dir = demoDefaultDir
			if len(args) == 1 {
				a.dir = args[0]
			}
			return runDemo(cmd.Context(), s, a)
		},
	}
	cmd.Flags().BoolVar(&a.force, "force", false, "write into DIR even if it is not empty and not an earlier demo")
	return cmd
}

func runDemo(ctx context.Context, s *streams, a demoArgs) error {
	if ctx == nil {
		ctx = context.Background()
	}
	dir, err := filepath.Abs(a.dir)
	if err != nil {
		return usageError(err.Error())
	}
	reused := scaffold.IsDemo(dir)
	files, err := scaffold.WriteDemo(dir, a.force)
	if err != nil {
		return usageError(err.Error())
	}
	verb := "Wrote"
	if reused {
		verb = "Refreshed"
	}
	fmt.Fprintf(s.out, "%s the demo directory %s (%d files).\n", verb, a.dir, len(files))

	step(s, "Validating")
	if err := demoValidate(s, dir); err != nil {
		return err
	}

	for _, source := range scaffold.DemoSources() {
		samples := filepath.Join(dir, scaffold.DemoSamplesDir, source)
		step(s, fmt.Sprintf("Ingesting %s into table %s (detections on)",
			filepath.Join(scaffold.DemoSamplesDir, source), source))
		if err := runIngest(ctx, s, ingestArgs{dir: dir, source: source, inputs: []string{samples}}); err != nil {
			return err
		}
	}

	step(s, "Tables")
	tables := newTablesCmd(s)
	tables.SetArgs([]string{"--dir", dir})
	if err := tables.ExecuteContext(ctx); err != nil {
		return err
	}

	for _, q := range demoQueries {
		step(s, q.title)
		fmt.Fprintf(s.out, "%s\n\n", q.sql)
		if err := runQuery(ctx, s, queryArgs{dir: dir, format: "table", sql: q.sql}); err != nil {
			return err
		}
	}

	fmt.Fprintf(s.out, "\nNext steps:\n")
	fmt.Fprintf(s.out, "  matano query \"SELECT matano.alert.title, count(*) AS n FROM matano_alerts GROUP BY ALL\" --dir %s\n", a.dir)
	fmt.Fprintf(s.out, "  matano query \"SELECT event.action, source.ip, aws.cloudtrail.event_type FROM aws_cloudtrail WHERE aws.cloudtrail.user_identity.type = 'Root'\" --dir %s\n", a.dir)
	fmt.Fprintf(s.out, "  matano test --dir %s    # the detections' tests\n", a.dir)
	fmt.Fprintf(s.out, "  edit %s, then: matano validate --dir %s\n",
		filepath.Join(a.dir, "detections", "aws_root_credentials", "detect.py"), a.dir)
	return nil
}

// step prints a section heading of the demo's output.
func step(s *streams, title string) { fmt.Fprintf(s.out, "\n== %s\n", title) }

// demoValidate validates the demo directory as `matano validate` does
// (Python check included) and fails with its diagnostics when it is
// invalid; warnings are printed too, since the demo should have none.
func demoValidate(s *streams, dir string) error {
	root, err := load.FindRoot(dir, dir)
	if err != nil {
		return usageError(err.Error())
	}
	_, diags := validate.Dir(root, validate.Options{})
	diags.Sort()
	if len(diags) == 0 {
		fmt.Fprintln(s.out, "valid: no problems found")
		return nil
	}
	color, _ := useColor("auto", s.out)
	if err := renderDiags(s, diags, "text", color); err != nil {
		return usageError(err.Error())
	}
	if diags.HasErrors() {
		return exitError{code: 1, msg: "the demo directory is invalid"}
	}
	return nil
}
