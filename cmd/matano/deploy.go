package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/matano-go/matano/compiler/deploy"
	"github.com/matano-go/matano/runtime/alert"
)

func init() { extraCommands = append(extraCommands, newDeployCmd) }

// awsArgs are the flags shared by deploy, diff, info and destroy.
type awsArgs struct {
	dir, out        string
	profile, region string
	endpoint        string
	directApply     bool
	color           string
	pollInterval    time.Duration
}

func (a *awsArgs) flags(cmd *cobra.Command, withOut bool) {
	addDirFlag(cmd, &a.dir)
	if withOut {
		cmd.Flags().StringVar(&a.out, "out", "", "the `matano build` output directory (default <dir>/.matano/build)")
	}
	cmd.Flags().StringVar(&a.profile, "profile", "", "AWS shared-config profile (default: the SDK's credential chain)")
	cmd.Flags().StringVar(&a.region, "region", "", "AWS region (default: aws.region of matano.config.yml)")
	cmd.Flags().StringVar(&a.endpoint, "endpoint-url", "", "send every AWS request to this base URL (a local emulator such as moto)")
	cmd.Flags().BoolVar(&a.directApply, "direct-apply", false, "apply stacks with CreateStack/UpdateStack instead of executing the change set (for moto, whose executed change sets publish no outputs)")
	_ = cmd.Flags().MarkHidden("direct-apply")
	cmd.Flags().DurationVar(&a.pollInterval, "poll-interval", 0, "how often to poll CloudFormation (default 2s)")
	_ = cmd.Flags().MarkHidden("poll-interval")
	addColorFlag(cmd, &a.color)
}

// openAWS loads and validates the directory and connects to its account.
func openAWS(ctx context.Context, s *streams, a *awsArgs) (*deploy.Client, string, error) {
	p, schemas, err := loadSchemas(s, a.dir)
	if err != nil {
		return nil, "", err
	}
	proj, err := deploy.ProjectFrom(p, schemas, alert.Schema())
	if err != nil {
		return nil, "", exitError{code: 1, msg: err.Error()}
	}
	color, err := useColor(a.color, s.out)
	if err != nil {
		return nil, "", err
	}
	c, err := deploy.New(ctx, proj, deploy.Options{Profile: a.profile, Region: a.region, Endpoint: a.endpoint,
		Out: s.out, Color: color, DirectApply: a.directApply, PollInterval: a.pollInterval})
	if err != nil {
		return nil, "", exitError{code: 1, msg: err.Error()}
	}
	out := a.out
	if out == "" {
		out = filepath.Join(p.Root, ".matano", "build")
	}
	return c, out, nil
}

// withAWS runs fn, the body of an AWS command, with the directory's
// client (openAWS) and a context that Ctrl-C cancels, so a poll loop
// stops cleanly (the stack operation itself goes on in CloudFormation).
func withAWS(ctx context.Context, s *streams, a *awsArgs, fn func(ctx context.Context, c *deploy.Client, out string) error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	c, out, err := openAWS(ctx, s, a)
	if err != nil {
		return err
	}
	return fn(ctx, c, out)
}

func newDeployCmd(s *streams) *cobra.Command {
	a := &awsArgs{}
	cmd := &cobra.Command{
		Use:   "deploy",
		Short: "Deploy the built directory to AWS",
		Long: `deploy ships what ` + "`matano build`" + ` wrote to the account in matano.config.yml:
it creates the asset bucket if needed, uploads the assets that are not
there yet, applies the storage stack, creates or evolves the Iceberg tables
in Glue, then applies the pipeline stack. Each stack is changed through a
CloudFormation change set whose events are streamed; a stack without
changes is left alone, so deploying an unchanged build changes nothing.

Exit codes: 0 deployed (or nothing to do), 1 a failed stack operation
(the first failing resource and its reason are printed) or a table that
cannot evolve, 2 usage error.`,
		Example: `  matano build && matano deploy
  matano deploy --profile prod --region eu-west-1`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return withAWS(c.Context(), s, a, func(ctx context.Context, cl *deploy.Client, out string) error {
				return runDeploy(ctx, s, cl, out)
			})
		},
	}
	a.flags(cmd, true)
	return cmd
}

func runDeploy(ctx context.Context, s *streams, c *deploy.Client, out string) error {
	b, err := deploy.ReadBuild(out)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	p := c.Project()
	fmt.Fprintf(s.out, "deploying to account %s, region %s\n", p.Account, p.Region)
	res, err := c.Deploy(ctx, b)
	if err != nil {
		var se *deploy.StackError
		if errors.As(err, &se) {
			return exitError{code: 1, msg: se.Error()}
		}
		return exitError{code: 1, msg: err.Error()}
	}
	if res.Changed() {
		fmt.Fprintf(s.out, "deployed: %s\n", deploy.Summarize(res.Stacks))
	}
	return nil
}
