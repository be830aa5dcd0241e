package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/deploy"
)

func init() { extraCommands = append(extraCommands, newInfoCmd) }

func newInfoCmd(s *streams) *cobra.Command {
	a := &awsArgs{}
	cmd := &cobra.Command{
		Use:   "info",
		Short: "Show the deployed stacks and their outputs",
		Long: `info prints the status and outputs of the storage and pipeline stacks:
bucket names, the alerts topic ARN, queue URLs, the Glue database and the
Athena workgroup.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return withAWS(c.Context(), s, a, func(ctx context.Context, cl *deploy.Client, _ string) error {
				stacks, err := cl.Info(ctx)
				if err != nil {
					return exitError{code: 1, msg: err.Error()}
				}
				return deploy.RenderInfo(s.out, cl.Project(), stacks)
			})
		},
	}
	a.flags(cmd, false)
	return cmd
}
