package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/deploy"
)

func init() { extraCommands = append(extraCommands, newDestroyCmd) }

func newDestroyCmd(s *streams) *cobra.Command {
	a := &awsArgs{}
	var yes bool
	cmd := &cobra.Command{
		Use:   "destroy",
		Short: "Delete the deployment from AWS",
		Long: `destroy deletes the pipeline stack, then the storage stack, then the
asset bucket, after showing what goes and asking for confirmation
(--yes skips the question).

Outside production the buckets are emptied and the Iceberg tables dropped
first, so nothing is left. With is_production: true no data is deleted:
the stateful resources carry DeletionPolicy Retain, so CloudFormation
leaves them in the account when it deletes the stacks, and destroy says
which ones stay.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return withAWS(c.Context(), s, a, func(ctx context.Context, cl *deploy.Client, _ string) error {
				plan, err := cl.PlanDestroy(ctx)
				if err != nil {
					return exitError{code: 1, msg: err.Error()}
				}
				p := cl.Project()
				fmt.Fprintf(s.out, "account %s, region %s:\n", p.Account, p.Region)
				deploy.RenderDestroyPlan(s.out, plan)
				if !yes {
					fmt.Fprint(s.out, "Type yes to continue: ")
					line, _ := bufio.NewReader(s.in).ReadString('\n')
					if strings.TrimSpace(line) != "yes" {
						return exitError{code: 1, msg: "destroy cancelled"}
					}
				}
				if err := cl.Destroy(ctx, plan); err != nil {
					return exitError{code: 1, msg: err.Error()}
				}
				fmt.Fprintln(s.out, "destroyed")
				return nil
			})
		},
	}
	a.flags(cmd, false)
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}
