package main

import (
	"context"
	"errors"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/query"
)

func init() { extraCommands = append(extraCommands, newQueryCmd) }

// queryArgs are the flags of `matano query`.
type queryArgs struct {
	dir, warehouse, format, sql string
}

func newQueryCmd(s *streams) *cobra.Command {
	var a queryArgs
	cmd := &cobra.Command{
		Use:   `query "SQL"`,
		Short: "Run SQL (DuckDB dialect) over the local lake's tables",
		Long: `query runs one SQL statement over the local lake with an embedded DuckDB.
Each lake table is a view named like the table over its current snapshot's
Parquet files; structs are DuckDB STRUCTs (SELECT source.ip FROM web_auth),
lists are lists (related.ip[1]). A table with no data yet is an empty view
with the table's columns.

Formats: table (aligned, with a row count), csv (with a header line) and
json (JSON Lines: one object per row, keys in column order). In table and
csv output nested values are printed as JSON.`,
		Example: `  matano query "SELECT count(*) FROM web_auth"
  matano query "SELECT source.ip, count(*) AS n FROM web_auth GROUP BY ALL ORDER BY n DESC" --format csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.sql = args[0]
			return runQuery(cmd.Context(), s, a)
		},
	}
	cmd.Flags().StringVar(&a.dir, "dir", "", "the Matano directory (default: discovered from the working directory)")
	cmd.Flags().StringVar(&a.warehouse, "warehouse", "", "the lake folder (default <dir>/.matano/lake)")
	cmd.Flags().StringVar(&a.format, "format", "table", "output format: table, csv or json")
	return cmd
}

func runQuery(ctx context.Context, s *streams, a queryArgs) error {
	format, err := query.ParseFormat(a.format)
	if err != nil {
		return usageError(err.Error())
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	warehouse := a.warehouse
	if warehouse == "" {
		p, _, err := loadSchemas(s, a.dir)
		if err != nil {
			return err
		}
		warehouse = lake.DefaultWarehouse(p.Root)
	}
	cat, closeCat, err := query.OpenLocalCatalog(ctx, warehouse)
	if err != nil {
		code := 2
		if errors.Is(err, query.ErrNoLake) {
			code = 1
		}
		return exitError{code: code, msg: err.Error()}
	}
	tables, err := query.PlanAll(ctx, cat)
	closeCat()
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	eng, err := query.Open(ctx, tables)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	defer eng.Close()
	res, err := eng.Query(ctx, a.sql)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	if err := res.Write(s.out, format); err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	return nil
}
