package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/deploy"
)

func init() { extraCommands = append(extraCommands, newDiffCmd) }

func newDiffCmd(s *streams) *cobra.Command {
	a := &awsArgs{}
	var format string
	cmd := &cobra.Command{
		Use:   "diff",
		Short: "Preview what deploy would change in AWS",
		Long: `diff creates a CloudFormation change set for each stack from the built
templates, prints the resource-level changes (+ add, ~ modify, ! replace,
- remove) and deletes the change sets. Replacing or removing a stateful
resource (bucket, DynamoDB table, Glue database, queue, topic) is
highlighted, as its data would be lost. The Iceberg tables deploy would
create, or evolve with new columns, are listed too.

--format markdown writes a GitHub comment (the PR workflow posts it);
json the changes as data. diff uploads the templates to the asset bucket
(creating it if needed), as CloudFormation reads them from S3.`,
		Example: `  matano build && matano diff
  matano diff --format markdown > diff.md`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if format != "text" && format != "markdown" && format != "json" {
				return usageError(fmt.Sprintf("--format must be text, markdown or json, not %q", format))
			}
			return withAWS(c.Context(), s, a, func(ctx context.Context, cl *deploy.Client, out string) error {
				b, err := deploy.ReadBuild(out)
				if err != nil {
					return exitError{code: 1, msg: err.Error()}
				}
				pv, err := cl.Diff(ctx, b)
				if err != nil {
					return exitError{code: 1, msg: err.Error()}
				}
				switch format {
				case "markdown":
					return deploy.RenderMarkdown(s.out, pv)
				case "json":
					enc := json.NewEncoder(s.out)
					enc.SetIndent("", "  ")
					return enc.Encode(map[string]any{"format_version": "1", "stacks": pv.Stacks, "tables": pv.Tables})
				}
				color, _ := useColor(a.color, s.out)
				return deploy.RenderText(s.out, pv, color)
			})
		},
	}
	a.flags(cmd, true)
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, markdown (a GitHub comment) or json")
	return cmd
}
