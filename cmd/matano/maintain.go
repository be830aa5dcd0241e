package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/runtime/lake"
)

func init() { extraCommands = append(extraCommands, newCompactCmd, newExpireCmd) }

// maintainArgs are the flags shared by `matano compact` and `matano expire`.
type maintainArgs struct {
	dir, warehouse, table string
}

func (a *maintainArgs) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&a.dir, "dir", "", "the Matano directory (default: discovered from the working directory)")
	cmd.Flags().StringVar(&a.warehouse, "warehouse", "", "the lake folder (default <dir>/.matano/lake)")
}

func newCompactCmd(s *streams) *cobra.Command {
	var a maintainArgs
	var target string
	cmd := &cobra.Command{
		Use:   "compact [TABLE]",
		Short: "Rewrite a lake table's small data files into fewer, larger ones",
		Long: `compact rewrites the small Parquet files that many ingests leave behind into
files near --target-size, partition by partition, in one atomic commit per
table (all tables when TABLE is omitted). Rows are unchanged; the replaced
files stay referenced by older snapshots until matano expire removes them.`,
		Example: `  matano compact
  matano compact web_auth --target-size 64MiB`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				a.table = args[0]
			}
			size, err := parseSize(target)
			if err != nil {
				return usageError("--target-size: " + err.Error())
			}
			return runMaintain(cmd.Context(), s, a, func(ctx context.Context, l *lake.Lake, name string, before lake.TableInfo) (string, error) {
				res, err := l.Compact(ctx, name, size)
				if err != nil {
					return "", err
				}
				after, err := l.Info(ctx, name)
				if err != nil {
					return "", err
				}
				if res.FilesBefore == 0 {
					return fmt.Sprintf("%s: %d file(s), nothing to compact", name, before.Files), nil
				}
				return fmt.Sprintf("%s: files %d -> %d (rewrote %d into %d, %d -> %d bytes), rows %d -> %d, snapshot %d",
					name, before.Files, after.Files, res.FilesBefore, res.FilesNew, res.BytesBefore, res.BytesNew,
					before.Rows, after.Rows, res.SnapshotID), nil
			})
		},
	}
	a.flags(cmd)
	cmd.Flags().StringVar(&target, "target-size", "128MiB", "the data file size to aim for (bytes, or with a unit: KB, MB, GB, KiB, MiB, GiB)")
	return cmd
}

func newExpireCmd(s *streams) *cobra.Command {
	var a maintainArgs
	var olderThan string
	cmd := &cobra.Command{
		Use:   "expire [TABLE] --older-than DURATION",
		Short: "Remove old snapshots and the files only they used",
		Long: `expire removes the snapshots of a lake table (all tables when TABLE is
omitted) older than --older-than, always keeping the current one, and deletes
the data files only those snapshots referenced (such as the files compact
replaced). It then deletes orphan files older than the same horizon: files
under the table no snapshot references, left by ingests killed before their
commit.

Keep --older-than above the longest an ingest may take and be retried: a
retried ingest finds the commit of its earlier attempt in the snapshot
history (and an ingest still running has written files no snapshot names
yet).`,
		Example: `  matano expire --older-than 7d
  matano expire web_auth --older-than 36h`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				a.table = args[0]
			}
			if olderThan == "" {
				return usageError("--older-than is required")
			}
			age, err := parseAge(olderThan)
			if err != nil {
				return usageError("--older-than: " + err.Error())
			}
			return runMaintain(cmd.Context(), s, a, func(ctx context.Context, l *lake.Lake, name string, before lake.TableInfo) (string, error) {
				if _, err := l.ExpireSnapshots(ctx, name, age); err != nil {
					return "", err
				}
				orphans, err := l.RemoveOrphans(ctx, name, age)
				if err != nil {
					return "", err
				}
				after, err := l.Info(ctx, name)
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("%s: snapshots %d -> %d (removed %d), orphan files removed %d",
					name, before.Snapshots, after.Snapshots, before.Snapshots-after.Snapshots, len(orphans)), nil
			})
		},
	}
	a.flags(cmd)
	cmd.Flags().StringVar(&olderThan, "older-than", "", "the age of the snapshots to remove: a Go duration (36h) or days (7d) (required)")
	return cmd
}

// maintainOp runs one maintenance operation on one table and returns the
// line to print.
type maintainOp func(ctx context.Context, l *lake.Lake, name string, before lake.TableInfo) (string, error)

// runMaintain opens the lake, ensures the selected tables (maintenance
// runs on each table's committer, which EnsureTable starts) and runs op
// on each. A table in the lake that no log source defines any more is
// skipped with a note: without its schema the lake cannot take it in.
func runMaintain(ctx context.Context, s *streams, a maintainArgs, op maintainOp) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	p, schemas, err := loadSchemas(s, a.dir)
	if err != nil {
		return err
	}
	l, err := openLake(ctx, p, a.warehouse)
	if err != nil {
		return err
	}
	defer l.Close()
	names, err := l.Tables(ctx)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	if a.table != "" {
		if !slices.Contains(names, a.table) {
			return usageError(fmt.Sprintf("no table %q in the lake", a.table))
		}
		names = []string{a.table}
	}
	for _, n := range names {
		sc, ok := schemas[n]
		if !ok {
			fmt.Fprintf(s.err, "skipped %s: no log source defines this table\n", n)
			continue
		}
		if err := l.EnsureTable(ctx, sc); err != nil {
			return exitError{code: 1, msg: fmt.Sprintf("table %s: %v", n, err)}
		}
		before, err := l.Info(ctx, n)
		if err != nil {
			return exitError{code: 1, msg: fmt.Sprintf("table %s: %v", n, err)}
		}
		line, err := op(ctx, l, n, before)
		if err != nil {
			return exitError{code: 1, msg: err.Error()}
		}
		fmt.Fprintln(s.out, line)
	}
	if err := l.Close(); err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	return nil
}

// parseAge reads a Go duration ("36h", "90m") or a whole number of days
// ("7d"), which time.ParseDuration lacks and retention is usually given in.
func parseAge(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q: want a Go duration (36h) or whole days (7d)", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q: want a Go duration (36h) or whole days (7d)", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

// sizeUnits are the suffixes parseSize accepts, longest first so "MiB"
// is not read as "B".
var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1},
}

// parseSize reads a byte count, optionally with a unit.
func parseSize(s string) (int64, error) {
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range sizeUnits {
		if n, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q: want a positive byte count such as 134217728 or 128MiB", s)
	}
	return n * mult, nil
}
