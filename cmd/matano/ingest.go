package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/runtime/ingest"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/notify"
)

func init() { extraCommands = append(extraCommands, newIngestCmd, newTablesCmd) }

// ingestArgs are the flags of `matano ingest`.
type ingestArgs struct {
	dir, source, table, warehouse string
	inputs                        []string
	noDetect, noNotify            bool
}

func newIngestCmd(s *streams) *cobra.Command {
	var a ingestArgs
	cmd := &cobra.Command{
		Use:   "ingest --source NAME [PATH...]",
		Short: "Ingest log files into the local lake (decode, VRL transform, Iceberg tables)",
		Long: `ingest runs files, folders (recursively) or standard input ("-") through a
log source's pipeline: decode, table selection, the VRL transform, and the
cast into the table's Iceberg schema. Records that fail are written to the
sideline (<warehouse>/sideline/<table>/<date>.jsonl) with the reason. A file
already ingested (same path and content) is skipped. Alerts the detections
activate are delivered to their destinations (--no-notify turns that off;
failed deliveries go to <warehouse>/state/delivery_failures.jsonl).`,
		Example: `  matano ingest --source aws_cloudtrail logs/
  zcat app.log.gz | matano ingest --source web_auth -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.inputs = args
			return runIngest(cmd.Context(), s, a)
		},
	}
	cmd.Flags().StringVar(&a.dir, "dir", "", "the Matano directory (default: discovered from the working directory)")
	cmd.Flags().StringVar(&a.source, "source", "", "the log source the input belongs to (required)")
	cmd.Flags().StringVar(&a.table, "table", "", "write every record to this table (full or local name), bypassing table selection")
	cmd.Flags().StringVar(&a.warehouse, "warehouse", "", "the lake folder (default <dir>/.matano/lake)")
	cmd.Flags().BoolVar(&a.noDetect, "no-detect", false, "do not run the detections on the ingested records (no alerts)")
	cmd.Flags().BoolVar(&a.noNotify, "no-notify", false, "do not deliver activated alerts to their destinations")
	return cmd
}

func runIngest(ctx context.Context, s *streams, a ingestArgs) error {
	if a.source == "" {
		return usageError("--source is required")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	tuneGC()
	inputs, err := ingest.ExpandInputs(a.inputs)
	if err != nil {
		return usageError(err.Error())
	}
	p, schemas, err := loadSchemas(s, a.dir)
	if err != nil {
		return err
	}
	l, err := openLake(ctx, p, a.warehouse)
	if err != nil {
		return err
	}
	defer l.Close()
	cfg := ingest.Config{Project: p, Schemas: schemas, Lake: l, Source: a.source, Table: a.table,
		NoDetect: a.noDetect, AlertState: alertState(a.warehouse),
		NoNotify: a.noNotify, Notify: notify.Options{Warehouse: a.warehouse}}
	tty := isTTY(s.err)
	if tty {
		cfg.Progress = func(pr ingest.Progress) {
			rate := 0.0
			if sec := pr.Elapsed.Seconds(); sec > 0 {
				rate = float64(pr.Records) / sec
			}
			fmt.Fprintf(s.err, "\r\033[K%d object(s), %d records, %.0f records/s", pr.Objects, pr.Records, rate)
		}
	}
	pl, err := ingest.New(ctx, cfg)
	if err != nil {
		return usageError(err.Error())
	}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			pl.Abort()
			return exitError{code: 1, msg: "interrupted; objects not committed will be ingested again by the next run"}
		}
		var res ingest.ObjectResult
		if in == ingest.Stdin {
			res, err = pl.IngestReader(ctx, "<stdin>", s.in)
		} else {
			res, err = pl.IngestFile(ctx, in)
		}
		if err != nil {
			return exitError{code: 1, msg: err.Error()}
		}
		if res.AlreadyIngested {
			if tty {
				fmt.Fprint(s.err, "\r\033[K")
			}
			fmt.Fprintf(s.out, "already ingested: %s\n", in)
		}
	}
	if err := pl.Close(ctx); err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	if tty {
		fmt.Fprint(s.err, "\r\033[K")
	}
	sum := pl.Summary()
	sum.Print(s.out)
	if err := sum.Check(); err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	if err := l.Close(); err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	return nil
}

// openLake opens the warehouse (default <project>/.matano/lake).
func openLake(ctx context.Context, p *load.Project, warehouse string) (*lake.Lake, error) {
	if warehouse == "" {
		warehouse = lake.DefaultWarehouse(p.Root)
	}
	l, err := lake.Open(ctx, lake.Config{Warehouse: warehouse})
	if err != nil {
		return nil, exitError{code: 2, msg: err.Error()}
	}
	return l, nil
}

func newTablesCmd(s *streams) *cobra.Command {
	var dir, warehouse string
	cmd := &cobra.Command{
		Use:   "tables",
		Short: "List the local lake's tables: current snapshot, rows, files, bytes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			p, _, err := loadSchemas(s, dir)
			if err != nil {
				return err
			}
			l, err := openLake(ctx, p, warehouse)
			if err != nil {
				return err
			}
			defer l.Close()
			names, err := l.Tables(ctx)
			if err != nil {
				return exitError{code: 1, msg: err.Error()}
			}
			w := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "TABLE\tSNAPSHOT\tROWS\tFILES\tBYTES")
			for _, n := range names {
				info, err := l.Info(ctx, n)
				if err != nil {
					return exitError{code: 1, msg: fmt.Sprintf("table %s: %v", n, err)}
				}
				snap := "-"
				if info.SnapshotID != 0 {
					snap = fmt.Sprint(info.SnapshotID)
				}
				fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\n", n, snap, info.Rows, info.Files, info.Bytes)
			}
			return w.Flush()
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "the Matano directory (default: discovered from the working directory)")
	cmd.Flags().StringVar(&warehouse, "warehouse", "", "the lake folder (default <dir>/.matano/lake)")
	return cmd
}
