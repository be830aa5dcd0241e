package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/runtime/alert"
	"github.com/matano-go/matano/runtime/detect"
	"github.com/matano-go/matano/runtime/ingest"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/notify"
)

func init() { extraCommands = append(extraCommands, newDetectCmd) }

// detectArgs are the flags of `matano detect`.
type detectArgs struct {
	dir, table, warehouse, input string
	write, noNotify              bool
}

func newDetectCmd(s *streams) *cobra.Command {
	var a detectArgs
	cmd := &cobra.Command{
		Use:   "detect --table TABLE FILE.jsonl",
		Short: "Run the detections on normalised records and print the alerts (JSON lines)",
		Long: `detect runs the enabled detections that read TABLE on records that are
already normalised (one JSON object per line, as they are stored in the
table: ts, ECS fields...; "-" reads standard input) and prints one line per
match in the shape of a matano_alerts row: alert id, activation, title,
dedupe, severity, the rule's settings and the copied ECS fields.

Without --write the alert windows start empty and are thrown away, so the
output depends only on the input; with --write they are the lake's
(<warehouse>/alerts.db, shared with matano ingest) and the rows are
appended to the matano_alerts table, and each alert the input activates
is delivered to its destinations (--no-notify turns that off; failed
deliveries go to <warehouse>/state/delivery_failures.jsonl). Detection
failures and failed deliveries are reported on standard error and do not
change the exit status.`,
		Example: `  matano detect --table web_auth normalised.jsonl
  matano detect --table web_auth --write normalised.jsonl`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.input = args[0]
			return runDetect(cmd.Context(), s, a)
		},
	}
	cmd.Flags().StringVar(&a.dir, "dir", "", "the Matano directory (default: discovered from the working directory)")
	cmd.Flags().StringVar(&a.table, "table", "", "the table the records belong to (required)")
	cmd.Flags().BoolVar(&a.write, "write", false, "keep alert windows in the lake's state and append the rows to matano_alerts")
	cmd.Flags().StringVar(&a.warehouse, "warehouse", "", "the lake folder for --write (default <dir>/.matano/lake)")
	cmd.Flags().BoolVar(&a.noNotify, "no-notify", false, "with --write, do not deliver activated alerts to their destinations")
	return cmd
}

// alertState is the alert window store of a warehouse ("" for the
// default warehouse, which the pipeline resolves itself).
func alertState(warehouse string) string {
	if warehouse == "" {
		return ""
	}
	return filepath.Join(warehouse, "alerts.db")
}

func runDetect(ctx context.Context, s *streams, a detectArgs) error {
	if a.table == "" {
		return usageError("--table is required")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	records, err := readRecords(s, a.input)
	if err != nil {
		return usageError(err.Error())
	}
	p, _, err := loadSchemas(s, a.dir)
	if err != nil {
		return err
	}
	if p.Table(a.table) == nil {
		return usageError(fmt.Sprintf("no table %q in %s", a.table, p.Root))
	}
	if !alert.HasDetections(p, []string{a.table}) {
		return usageError(fmt.Sprintf("no enabled detection reads table %s", a.table))
	}

	cfg := alert.DetectorConfig{Project: p, Tables: []string{a.table}, Host: detect.Config{Stderr: s.err}}
	var statePath string
	var fwd *ingest.Forwarder
	if a.write && !a.noNotify {
		if fwd, err = ingest.NewForwarder(p, notify.Options{Warehouse: a.warehouse}); err != nil {
			return exitError{code: 1, msg: err.Error()}
		}
	}
	if a.write {
		l, err := openLake(ctx, p, a.warehouse)
		if err != nil {
			return err
		}
		defer l.Close()
		cfg.Lake = l
		statePath = alertState(a.warehouse)
		if statePath == "" {
			statePath = alertState(lake.DefaultWarehouse(p.Root))
		}
	} else {
		tmp, err := os.MkdirTemp("", "matano-detect-*")
		if err != nil {
			return exitError{code: 1, msg: err.Error()}
		}
		defer os.RemoveAll(tmp)
		statePath = filepath.Join(tmp, "alerts.db")
	}
	store, err := alert.OpenSQLiteStore(statePath)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	defer store.Close()
	cfg.Store = store
	d, err := alert.NewDetector(ctx, cfg)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	defer d.Close()
	for _, r := range records {
		if err := d.Add(ctx, a.table, r); err != nil {
			return exitError{code: 1, msg: err.Error()}
		}
	}
	rows, err := d.Commit(ctx)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	if fwd != nil {
		fwd.Forward(ctx, rows)
	}
	w := bufio.NewWriter(s.out)
	for i := range rows {
		line, err := json.Marshal(rows[i])
		if err != nil {
			return exitError{code: 1, msg: err.Error()}
		}
		w.Write(line)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	st := d.Stats()
	var failed int64
	for _, n := range st.Failures {
		failed += n
	}
	fmt.Fprintf(s.err, "%d record(s), %d match(es), %d alert(s), %d activated, %d failure(s)", st.Records, st.Matches, st.Alerts, st.Activated, failed)
	if a.write {
		fmt.Fprintf(s.err, ", %d row(s) written to %s", st.Written, alert.TableName)
	}
	fmt.Fprintln(s.err)
	for _, f := range st.Examples {
		fmt.Fprintf(s.err, "  %s\n", f.Error())
	}
	if fwd != nil {
		ds := fwd.Stats()
		ds.Print(s.err)
	}
	return nil
}

// readRecords reads JSON lines (blank lines skipped) from a file or "-".
func readRecords(s *streams, name string) ([][]byte, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(s.in)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if !json.Valid(line) {
			return nil, fmt.Errorf("%s:%d: not a JSON record", name, i+1)
		}
		out = append(out, line)
	}
	return out, nil
}
