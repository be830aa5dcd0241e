package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// statefulTypes hold data that a replacement or removal throws away (or,
// with DeletionPolicy Retain, orphans): buckets, tables, the Glue
// database, queues with messages in flight and the topic subscribers are
// attached to.
var statefulTypes = map[string]bool{
	"AWS::S3::Bucket":      true,
	"AWS::DynamoDB::Table": true,
	"AWS::Glue::Database":  true,
	"AWS::SQS::Queue":      true,
	"AWS::SNS::Topic":      true,
}

// Stateful reports whether resources of type typ hold data.
func Stateful(typ string) bool { return statefulTypes[typ] }

// Kind is what a change does to a resource, as diff prints it.
type Kind string

const (
	KindAdd     Kind = "add"
	KindModify  Kind = "modify"
	KindReplace Kind = "replace"
	KindRemove  Kind = "remove"
	KindImport  Kind = "import"
)

// Change is one resource-level change of a change set.
type Change struct {
	Kind       Kind   `json:"kind"`
	LogicalID  string `json:"logical_id"`
	PhysicalID string `json:"physical_id,omitempty"`
	Type       string `json:"type"`
	// Replacement is CloudFormation's answer for a modification: True,
	// Conditional (depends on a value only known while updating) or False.
	Replacement string `json:"replacement,omitempty"`
	// Properties are the top-level properties or attributes that change.
	Properties []string `json:"properties,omitempty"`
	Stateful   bool     `json:"stateful"`
}

// Dangerous is a stateful resource being replaced or removed: its data
// is lost (or left behind, when retained).
func (c Change) Dangerous() bool {
	return c.Stateful && (c.Kind == KindReplace || c.Kind == KindRemove)
}

// StackDiff is the preview of one stack.
type StackDiff struct {
	Stack string `json:"stack"`
	// Create: the stack does not exist yet (or its first creation failed
	// and deploy re-creates it).
	Create  bool     `json:"create"`
	Changes []Change `json:"changes"`
	// Note explains a diff that did not come from a change set.
	Note string `json:"note,omitempty"`

	changeSetID string
	stackID     string
	// reviewStack: the stack exists only because a CREATE change set made
	// it (REVIEW_IN_PROGRESS); dropping the change set should drop it too.
	reviewStack bool
}

// Empty reports a stack with nothing to change.
func (d StackDiff) Empty() bool { return len(d.Changes) == 0 }

// Dangerous returns the changes that lose data.
func (d StackDiff) Dangerous() []Change {
	var out []Change
	for _, c := range d.Changes {
		if c.Dangerous() {
			out = append(out, c)
		}
	}
	return out
}

// stackState is the part of DescribeStacks deploy decides on.
type stackState struct {
	ID, Status, Reason string
	Outputs            map[string]string
	Exists             bool
}

func (c *Client) describeStack(ctx context.Context, name string) (stackState, error) {
	out, err := c.cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if err != nil {
		if isCode(err, "ValidationError") && strings.Contains(err.Error(), "does not exist") {
			return stackState{}, nil
		}
		return stackState{}, fmt.Errorf("describe stack %s: %w", name, err)
	}
	if len(out.Stacks) == 0 {
		return stackState{}, nil
	}
	s := out.Stacks[0]
	st := stackState{ID: aws.ToString(s.StackId), Status: string(s.StackStatus),
		Reason: aws.ToString(s.StackStatusReason), Exists: s.StackStatus != cfntypes.StackStatusDeleteComplete,
		Outputs: map[string]string{}}
	for _, o := range s.Outputs {
		st.Outputs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	return st, nil
}

// busy reports a status in which CloudFormation refuses new operations.
func busy(status string) bool {
	return strings.HasSuffix(status, "_IN_PROGRESS") && status != string(cfntypes.StackStatusReviewInProgress)
}

// noChangeReasons are how CloudFormation says an update changes nothing:
// the change set FAILED, but there is nothing wrong.
var noChangeReasons = []string{"didn't contain changes", "No updates are to be performed"}

func isNoChange(reason string) bool {
	for _, r := range noChangeReasons {
		if strings.Contains(reason, r) {
			return true
		}
	}
	return false
}

// prepare creates a change set for stack from the uploaded template and
// waits until CloudFormation has computed it. The caller must drop or
// execute it.
func (c *Client) prepare(ctx context.Context, stack string, t Template, params map[string]string) (*StackDiff, error) {
	st, err := c.describeStack(ctx, stack)
	if err != nil {
		return nil, err
	}
	if busy(st.Status) {
		return nil, fmt.Errorf("stack %s is %s; wait for that operation to finish", stack, st.Status)
	}
	d := &StackDiff{Stack: stack}
	typ := cfntypes.ChangeSetTypeUpdate
	switch {
	case !st.Exists:
		typ, d.Create, d.reviewStack = cfntypes.ChangeSetTypeCreate, true, true
	case st.Status == string(cfntypes.StackStatusReviewInProgress):
		// Left by an earlier diff or an interrupted deploy.
		typ, d.Create, d.reviewStack = cfntypes.ChangeSetTypeCreate, true, true
	case st.Status == string(cfntypes.StackStatusRollbackComplete) || st.Status == string(cfntypes.StackStatusRollbackFailed):
		// A failed first creation: nothing in it can be updated, deploy
		// deletes it and creates it again.
		changes, err := templateResources(t.Body)
		if err != nil {
			return nil, err
		}
		d.Create, d.Changes, d.stackID = true, changes, st.ID
		d.Note = "its first creation failed (" + st.Status + "); deploy deletes and re-creates it"
		return d, nil
	}
	name := fmt.Sprintf("matano-%d", time.Now().UnixNano())
	out, err := c.cfn.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{
		StackName:     aws.String(stack),
		ChangeSetName: aws.String(name),
		ChangeSetType: typ,
		TemplateURL:   aws.String(c.templateURL(t)),
		Parameters:    stackParams(params),
		Capabilities:  capabilities,
		Tags:          c.stackTags(),
		Description:   aws.String("matano " + string(typ)),
	})
	if err != nil {
		return nil, fmt.Errorf("create change set for %s: %w", stack, err)
	}
	d.changeSetID, d.stackID = aws.ToString(out.Id), aws.ToString(out.StackId)
	deadline := time.Now().Add(c.opts.Timeout)
	for {
		cs, err := c.cfn.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: out.Id, StackName: aws.String(stack)})
		if err != nil {
			return nil, fmt.Errorf("describe change set for %s: %w", stack, err)
		}
		switch cs.Status {
		case cfntypes.ChangeSetStatusCreatePending, cfntypes.ChangeSetStatusCreateInProgress:
			if time.Now().After(deadline) {
				return nil, fmt.Errorf("change set for %s: still %s after %s", stack, cs.Status, c.opts.Timeout)
			}
			if err := c.sleep(ctx); err != nil {
				return nil, err
			}
			continue
		case cfntypes.ChangeSetStatusCreateComplete:
			changes := convertChanges(cs.Changes)
			for next := cs.NextToken; next != nil; next = cs.NextToken {
				cs, err = c.cfn.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{
					ChangeSetName: out.Id, StackName: aws.String(stack), NextToken: next})
				if err != nil {
					return nil, fmt.Errorf("describe change set for %s: %w", stack, err)
				}
				changes = append(changes, convertChanges(cs.Changes)...)
			}
			d.Changes = changes
			return d, nil
		default:
			reason := aws.ToString(cs.StatusReason)
			if isNoChange(reason) {
				return d, nil
			}
			c.drop(ctx, d)
			return nil, fmt.Errorf("change set for %s %s: %s", stack, cs.Status, reason)
		}
	}
}

// drop deletes the change set of d and, when the change set was all that
// made the stack exist, the empty stack too. Errors are ignored: this is
// cleanup after the result is known.
func (c *Client) drop(ctx context.Context, d *StackDiff) {
	if d.changeSetID != "" {
		_, _ = c.cfn.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{ChangeSetName: aws.String(d.changeSetID), StackName: aws.String(d.Stack)})
	}
	if d.reviewStack && d.stackID != "" {
		_, _ = c.cfn.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String(d.stackID)})
	}
}

// capabilities acknowledge that the templates create IAM roles with
// names.
var capabilities = []cfntypes.Capability{cfntypes.CapabilityCapabilityIam,
	cfntypes.CapabilityCapabilityNamedIam, cfntypes.CapabilityCapabilityAutoExpand}

func stackParams(params map[string]string) []cfntypes.Parameter {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var ps []cfntypes.Parameter
	for _, k := range keys {
		ps = append(ps, cfntypes.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(params[k])})
	}
	return ps
}

func (c *Client) stackTags() []cfntypes.Tag {
	keys := make([]string, 0, len(c.project.Tags))
	for k := range c.project.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []cfntypes.Tag
	for _, k := range keys {
		out = append(out, cfntypes.Tag{Key: aws.String(k), Value: aws.String(c.project.Tags[k])})
	}
	return out
}

// convertChanges turns CloudFormation's changes into ours, in logical id
// order.
func convertChanges(in []cfntypes.Change) []Change {
	var out []Change
	for _, ch := range in {
		rc := ch.ResourceChange
		if rc == nil {
			continue
		}
		c := Change{
			LogicalID:   aws.ToString(rc.LogicalResourceId),
			PhysicalID:  aws.ToString(rc.PhysicalResourceId),
			Type:        aws.ToString(rc.ResourceType),
			Replacement: string(rc.Replacement),
		}
		c.Stateful = Stateful(c.Type)
		switch rc.Action {
		case cfntypes.ChangeActionAdd:
			c.Kind = KindAdd
		case cfntypes.ChangeActionRemove:
			c.Kind = KindRemove
		case cfntypes.ChangeActionImport:
			c.Kind = KindImport
		default: // Modify, Dynamic
			c.Kind = KindModify
			if rc.Replacement == cfntypes.ReplacementTrue || rc.Replacement == cfntypes.ReplacementConditional {
				c.Kind = KindReplace
			}
		}
		seen := map[string]bool{}
		for _, det := range rc.Details {
			if det.Target == nil {
				continue
			}
			name := aws.ToString(det.Target.Name)
			if name == "" {
				name = string(det.Target.Attribute)
			}
			if name != "" && !seen[name] {
				seen[name] = true
				c.Properties = append(c.Properties, name)
			}
		}
		sort.Strings(c.Properties)
		out = append(out, c)
	}
	sortChanges(out)
	return out
}

func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].LogicalID < cs[j].LogicalID })
}

// templateResources lists a template's resources as additions (the diff
// of a stack that will be created from nothing without a change set).
func templateResources(body []byte) ([]Change, error) {
	var t struct {
		Resources map[string]struct {
			Type string `json:"Type"`
		} `json:"Resources"`
	}
	if err := json.Unmarshal(body, &t); err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	var out []Change
	for id, r := range t.Resources {
		out = append(out, Change{Kind: KindAdd, LogicalID: id, Type: r.Type, Stateful: Stateful(r.Type)})
	}
	if len(out) == 0 {
		return nil, errors.New("template has no resources")
	}
	sortChanges(out)
	return out, nil
}
