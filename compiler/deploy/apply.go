package deploy

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
)

// Result is what Deploy did.
type Result struct {
	Upload UploadResult
	// Stacks are the applied diffs; an empty one was a no-op.
	Stacks []StackDiff
	Tables TableResult
	// Outputs are the storage stack's outputs after the deploy.
	Outputs map[string]string
}

// Changed reports whether the deploy changed anything in AWS (uploads of
// new assets aside).
func (r Result) Changed() bool {
	for _, d := range r.Stacks {
		if !d.Empty() {
			return true
		}
	}
	return r.Tables.Created+r.Tables.Evolved > 0
}

// Deploy uploads the build, applies the storage stack, creates or
// evolves the Iceberg tables, then applies the pipeline stack (whose
// functions need both). A stack whose change set is empty is left alone,
// so deploying an unchanged build changes nothing. A failed stack
// operation is a *StackError naming the first failed resource; the
// stacks after it are not touched.
func (c *Client) Deploy(ctx context.Context, b *Build) (Result, error) {
	var res Result
	created, err := c.EnsureAssetBucket(ctx)
	if err != nil {
		return res, err
	}
	if created {
		c.printf("created asset bucket %s\n", c.project.AssetBucket())
	}
	res.Upload, err = c.Upload(ctx, b)
	if err != nil {
		return res, err
	}
	c.printf("assets: %d uploaded (%d bytes), %d already in s3://%s\n",
		res.Upload.Uploaded, res.Upload.Bytes, res.Upload.Skipped, c.project.AssetBucket())

	storage, err := c.apply(ctx, c.project.StorageStack(), b.Storage, nil)
	if err != nil {
		return res, err
	}
	res.Stacks = append(res.Stacks, *storage)
	st, err := c.describeStack(ctx, c.project.StorageStack())
	if err != nil {
		return res, err
	}
	res.Outputs = st.Outputs

	res.Tables, err = c.SyncTables(ctx, st.Outputs)
	if err != nil {
		return res, err
	}
	c.printf("tables: %s\n", res.Tables)

	pipeline, err := c.apply(ctx, c.project.PipelineStack(), b.Pipeline, c.pipelineParams())
	if err != nil {
		return res, err
	}
	res.Stacks = append(res.Stacks, *pipeline)
	if !res.Changed() {
		c.printf("nothing to deploy: the stacks and tables are up to date\n")
	}
	return res, nil
}

// apply brings one stack to the template: change set, then execute it
// and follow its events. A stack whose first creation failed is deleted
// first, as CloudFormation cannot update it.
func (c *Client) apply(ctx context.Context, stack string, t Template, params map[string]string) (*StackDiff, error) {
	d, err := c.prepare(ctx, stack, t, params)
	if err != nil {
		return nil, err
	}
	if d.changeSetID == "" && d.Create && d.stackID != "" {
		c.printf("%s: deleting the stack left by a failed creation\n", stack)
		if err := c.deleteStack(ctx, stack, d.stackID); err != nil {
			return nil, err
		}
		if d, err = c.prepare(ctx, stack, t, params); err != nil {
			return nil, err
		}
	}
	if d.Empty() {
		c.drop(ctx, d)
		c.printf("%s: no changes\n", stack)
		return d, nil
	}
	verb := "updating"
	if d.Create {
		verb = "creating"
	}
	c.printf("%s: %s (%s)\n", stack, verb, Summarize([]StackDiff{*d}))
	if c.opts.DirectApply {
		return d, c.applyDirect(ctx, stack, t, params, d)
	}
	w, err := c.newEventWatcher(ctx, d.stackID, stack, len(d.Changes))
	if err != nil {
		c.drop(ctx, d)
		return nil, err
	}
	if _, err := c.cfn.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{
		ChangeSetName: aws.String(d.changeSetID), StackName: aws.String(stack)}); err != nil {
		c.drop(ctx, d)
		return nil, fmt.Errorf("execute change set for %s: %w", stack, err)
	}
	st, err := w.wait(ctx)
	if err != nil {
		return d, err
	}
	c.printf("%s: %s\n", stack, st.Status)
	return d, nil
}

// applyDirect applies the template of the computed change set d with
// CreateStack or UpdateStack instead of executing d (Options.DirectApply).
func (c *Client) applyDirect(ctx context.Context, stack string, t Template, params map[string]string, d *StackDiff) error {
	c.drop(ctx, d)
	if d.reviewStack {
		// drop deleted the REVIEW_IN_PROGRESS stack; wait until it is gone
		// so the name is free again.
		w, err := c.newEventWatcher(ctx, d.stackID, stack, 0)
		if err != nil {
			return err
		}
		if _, err := w.wait(ctx); err != nil {
			return err
		}
	}
	id := d.stackID
	if d.Create {
		out, err := c.cfn.CreateStack(ctx, &cloudformation.CreateStackInput{
			StackName: aws.String(stack), TemplateURL: aws.String(c.templateURL(t)),
			Parameters: stackParams(params), Capabilities: capabilities, Tags: c.stackTags()})
		if err != nil {
			return fmt.Errorf("create stack %s: %w", stack, err)
		}
		id = aws.ToString(out.StackId)
	}
	// A new stack's events are all ours; an existing one's are skipped.
	watchID := id
	if d.Create {
		watchID = ""
	}
	w, err := c.newEventWatcher(ctx, watchID, stack, len(d.Changes))
	if err != nil {
		return err
	}
	w.stack = id
	if !d.Create {
		if _, err := c.cfn.UpdateStack(ctx, &cloudformation.UpdateStackInput{
			StackName: aws.String(stack), TemplateURL: aws.String(c.templateURL(t)),
			Parameters: stackParams(params), Capabilities: capabilities, Tags: c.stackTags()}); err != nil {
			return fmt.Errorf("update stack %s: %w", stack, err)
		}
	}
	st, err := w.wait(ctx)
	if err != nil {
		return err
	}
	c.printf("%s: %s\n", stack, st.Status)
	return nil
}

// deleteStack deletes a stack and follows its events until it is gone.
func (c *Client) deleteStack(ctx context.Context, name, id string) error {
	w, err := c.newEventWatcher(ctx, id, name, 0)
	if err != nil {
		return err
	}
	if _, err := c.cfn.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String(id)}); err != nil {
		return fmt.Errorf("delete stack %s: %w", name, err)
	}
	_, err = w.wait(ctx)
	return err
}
