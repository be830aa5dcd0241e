package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/apache/iceberg-go/table"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/matano-go/matano/runtime/lake"
)

// Resource is a stack resource destroy deletes or keeps.
type Resource struct {
	Stack, LogicalID, PhysicalID, Type string
}

// DestroyPlan is what Destroy will do, shown before the confirmation.
type DestroyPlan struct {
	// Stacks to delete, pipeline first (it imports the storage outputs).
	Stacks []string
	// Emptied are buckets whose objects are deleted first (CloudFormation
	// cannot delete a bucket that holds objects). Only outside
	// production.
	Emptied []string
	// Kept are the resources with DeletionPolicy Retain (in production,
	// every stateful one): deleting the stack leaves them, and their
	// data, in the account.
	Kept []Resource
	// AssetBucket is deleted too, unless production.
	AssetBucket       string
	DeleteAssetBucket bool
	Production        bool
}

// PlanDestroy looks at the deployed stacks and says what Destroy would
// delete and keep.
func (c *Client) PlanDestroy(ctx context.Context) (DestroyPlan, error) {
	p := DestroyPlan{AssetBucket: c.project.AssetBucket(), Production: c.project.IsProduction,
		DeleteAssetBucket: !c.project.IsProduction}
	for _, name := range []string{c.project.PipelineStack(), c.project.StorageStack()} {
		st, err := c.describeStack(ctx, name)
		if err != nil {
			return p, err
		}
		if !st.Exists {
			continue
		}
		if busy(st.Status) {
			return p, fmt.Errorf("stack %s is %s; wait for that operation to finish", name, st.Status)
		}
		p.Stacks = append(p.Stacks, name)
		res, err := c.stackResources(ctx, name)
		if err != nil {
			return p, err
		}
		retained, err := c.retained(ctx, name)
		if err != nil {
			return p, err
		}
		for _, r := range res {
			switch {
			case retained[r.LogicalID]:
				p.Kept = append(p.Kept, r)
			case r.Type == "AWS::S3::Bucket" && r.PhysicalID != "" && !c.project.IsProduction:
				p.Emptied = append(p.Emptied, r.PhysicalID)
			}
		}
	}
	sort.Strings(p.Emptied)
	return p, nil
}

// retained returns the logical ids of the deployed template's resources
// that CloudFormation keeps when it deletes the stack.
func (c *Client) retained(ctx context.Context, stack string) (map[string]bool, error) {
	out, err := c.cfn.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String(stack)})
	if err != nil {
		return nil, fmt.Errorf("template of %s: %w", stack, err)
	}
	var t struct {
		Resources map[string]struct {
			DeletionPolicy string `json:"DeletionPolicy"`
		} `json:"Resources"`
	}
	if err := json.Unmarshal([]byte(aws.ToString(out.TemplateBody)), &t); err != nil {
		return nil, fmt.Errorf("template of %s: %w", stack, err)
	}
	keep := map[string]bool{}
	for id, r := range t.Resources {
		if r.DeletionPolicy == "Retain" || r.DeletionPolicy == "RetainExceptOnCreate" {
			keep[id] = true
		}
	}
	return keep, nil
}

func (c *Client) stackResources(ctx context.Context, stack string) ([]Resource, error) {
	var out []Resource
	pages := cloudformation.NewListStackResourcesPaginator(c.cfn, &cloudformation.ListStackResourcesInput{StackName: aws.String(stack)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("resources of %s: %w", stack, err)
		}
		for _, r := range page.StackResourceSummaries {
			out = append(out, Resource{Stack: stack, LogicalID: aws.ToString(r.LogicalResourceId),
				PhysicalID: aws.ToString(r.PhysicalResourceId), Type: aws.ToString(r.ResourceType)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].LogicalID < out[j].LogicalID })
	return out, nil
}

// Destroy carries out plan: it deletes the pipeline stack, then (outside
// production) empties the storage stack's buckets and drops the Iceberg
// tables, deletes the storage stack and the asset bucket. In production
// no object, table or retained resource is touched: CloudFormation keeps
// the resources with DeletionPolicy Retain when it deletes the stack.
func (c *Client) Destroy(ctx context.Context, plan DestroyPlan) error {
	for _, name := range plan.Stacks {
		st, err := c.describeStack(ctx, name)
		if err != nil {
			return err
		}
		if !st.Exists {
			continue
		}
		if name == c.project.StorageStack() && !plan.Production {
			if lb := st.Outputs["LakeBucket"]; lb != "" {
				if err := c.dropTables(ctx, lb, st.Outputs["GlueDatabase"]); err != nil {
					return err
				}
			}
			for _, b := range plan.Emptied {
				n, err := c.emptyBucket(ctx, b)
				if err != nil {
					return err
				}
				c.printf("emptied s3://%s (%d object versions)\n", b, n)
			}
		}
		c.printf("%s: deleting\n", name)
		if err := c.deleteStack(ctx, name, st.ID); err != nil {
			return err
		}
		c.printf("%s: deleted\n", name)
	}
	if plan.DeleteAssetBucket {
		n, err := c.emptyBucket(ctx, plan.AssetBucket)
		switch {
		case isNotFound(err):
		case err != nil:
			return err
		default:
			if _, err := c.s3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(plan.AssetBucket)}); err != nil && !isNotFound(err) {
				return fmt.Errorf("delete asset bucket %s: %w", plan.AssetBucket, err)
			}
			c.printf("deleted asset bucket %s (%d object versions)\n", plan.AssetBucket, n)
		}
	}
	return nil
}

// dropTables removes the project's Iceberg tables from Glue (their files
// go with the emptied lake bucket).
func (c *Client) dropTables(ctx context.Context, bucket, database string) error {
	cat, err := lake.OpenGlueCatalog(ctx, lake.AWS{Config: c.cfg, Endpoint: c.opts.Endpoint, LakeBucket: bucket, Database: database})
	if err != nil {
		return err
	}
	defer cat.Close()
	var ids []table.Identifier
	for id, err := range cat.ListTables(ctx, table.Identifier{lake.Namespace}) {
		if err != nil {
			return fmt.Errorf("list tables: %w", err)
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		if err := cat.DropTable(ctx, id); err != nil {
			return fmt.Errorf("drop table %v: %w", id, err)
		}
	}
	if len(ids) > 0 {
		c.printf("dropped %d table(s) from Glue\n", len(ids))
	}
	return nil
}

// emptyBucket deletes every object version and delete marker of bucket
// and returns how many it deleted.
func (c *Client) emptyBucket(ctx context.Context, bucket string) (int, error) {
	n := 0
	pages := s3.NewListObjectVersionsPaginator(c.s3, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			if isNotFound(err) {
				return n, err
			}
			return n, fmt.Errorf("list s3://%s: %w", bucket, err)
		}
		var ids []s3types.ObjectIdentifier
		for _, v := range page.Versions {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		if len(ids) == 0 {
			continue
		}
		out, err := c.s3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(bucket),
			Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
		if err != nil {
			return n, fmt.Errorf("empty s3://%s: %w", bucket, err)
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return n, fmt.Errorf("empty s3://%s: %s: %s", bucket, aws.ToString(e.Key), aws.ToString(e.Message))
		}
		n += len(ids)
	}
	return n, nil
}

// RenderDestroyPlan says what Destroy is about to delete and keep.
func RenderDestroyPlan(w io.Writer, p DestroyPlan) {
	if len(p.Stacks) == 0 {
		fmt.Fprintln(w, "no stacks are deployed")
	}
	for _, s := range p.Stacks {
		fmt.Fprintf(w, "delete stack %s\n", s)
	}
	for _, b := range p.Emptied {
		fmt.Fprintf(w, "delete every object in s3://%s\n", b)
	}
	if p.DeleteAssetBucket {
		fmt.Fprintf(w, "delete the asset bucket %s\n", p.AssetBucket)
	}
	if p.Production {
		fmt.Fprintln(w, "is_production is true: no data is deleted. The stateful resources have DeletionPolicy Retain,")
		fmt.Fprintln(w, "so CloudFormation leaves them (and everything in them) in the account when it deletes the stack.")
		fmt.Fprintln(w, "Delete them yourself if you really mean to; set is_production: false and deploy first to let matano do it.")
	}
	for _, r := range p.Kept {
		fmt.Fprintf(w, "keep %s %s (%s, DeletionPolicy Retain)\n", r.Type, r.PhysicalID, r.LogicalID)
	}
	if !p.DeleteAssetBucket {
		fmt.Fprintf(w, "keep the asset bucket %s\n", p.AssetBucket)
	}
}
