package deploy

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// StackError is a stack operation that failed: the stack's final status
// and the first resource that failed, which is the cause (the resources
// failing after it are usually cancelled because of it).
type StackError struct {
	Stack, Status string
	// Resource, Type and Reason describe the first failed resource; empty
	// when CloudFormation reported none (then StackReason says why).
	Resource, Type, Reason string
	StackReason            string
}

func (e *StackError) Error() string {
	if e.Resource != "" {
		return fmt.Sprintf("stack %s: %s: %s (%s) failed: %s", e.Stack, e.Status, e.Resource, e.Type, e.Reason)
	}
	if e.StackReason != "" {
		return fmt.Sprintf("stack %s: %s: %s", e.Stack, e.Status, e.StackReason)
	}
	return fmt.Sprintf("stack %s: %s", e.Stack, e.Status)
}

// terminal reports a stack status no operation is running in.
func terminal(status string) bool {
	return status != "" && !strings.HasSuffix(status, "_IN_PROGRESS")
}

// succeeded reports the terminal statuses that mean the operation did
// what was asked.
func succeeded(status string) bool {
	switch cfntypes.StackStatus(status) {
	case cfntypes.StackStatusCreateComplete, cfntypes.StackStatusUpdateComplete,
		cfntypes.StackStatusDeleteComplete, cfntypes.StackStatusImportComplete:
		return true
	}
	return false
}

// cascade reports the failure reasons CloudFormation gives resources it
// gave up on because another one failed.
func cascade(reason string) bool {
	return strings.Contains(reason, "Resource creation cancelled") ||
		strings.Contains(reason, "Resource update cancelled") ||
		strings.Contains(reason, "The following resource(s) failed")
}

// eventWatcher prints a stack's new events with a progress count.
type eventWatcher struct {
	c      *Client
	stack  string // the stack id: it still resolves after deletion
	name   string
	seen   map[string]bool
	total  int
	done   map[string]bool
	failed *cfntypes.StackEvent
}

// newEventWatcher remembers the events the stack already has, so that
// only those of the coming operation are shown.
func (c *Client) newEventWatcher(ctx context.Context, stackID, name string, total int) (*eventWatcher, error) {
	w := &eventWatcher{c: c, stack: stackID, name: name, seen: map[string]bool{}, total: total, done: map[string]bool{}}
	if stackID == "" {
		return w, nil
	}
	out, err := c.cfn.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(stackID)})
	if err != nil {
		if isCode(err, "ValidationError") {
			return w, nil
		}
		return nil, fmt.Errorf("stack events of %s: %w", name, err)
	}
	for _, e := range out.StackEvents {
		w.seen[aws.ToString(e.EventId)] = true
	}
	return w, nil
}

// poll prints the events that arrived since the last call, oldest first.
// Events come newest first, so pages are read until a known event shows
// up.
func (w *eventWatcher) poll(ctx context.Context) error {
	var fresh []cfntypes.StackEvent
	var token *string
pages:
	for {
		out, err := w.c.cfn.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{
			StackName: aws.String(w.stack), NextToken: token})
		if err != nil {
			return fmt.Errorf("stack events of %s: %w", w.name, err)
		}
		for _, e := range out.StackEvents {
			if w.seen[aws.ToString(e.EventId)] {
				break pages
			}
			fresh = append(fresh, e)
		}
		if out.NextToken == nil {
			break
		}
		token = out.NextToken
	}
	slices.Reverse(fresh)
	for _, e := range fresh {
		w.seen[aws.ToString(e.EventId)] = true
		w.show(e)
	}
	return nil
}

func (w *eventWatcher) show(e cfntypes.StackEvent) {
	status := string(e.ResourceStatus)
	reason := aws.ToString(e.ResourceStatusReason)
	logical := aws.ToString(e.LogicalResourceId)
	isStack := aws.ToString(e.ResourceType) == "AWS::CloudFormation::Stack" && logical == w.name
	if !isStack && (strings.HasSuffix(status, "_COMPLETE") || strings.HasSuffix(status, "_FAILED") || strings.HasSuffix(status, "_SKIPPED")) {
		w.done[logical] = true
	}
	if strings.HasSuffix(status, "_FAILED") && !isStack && w.failed == nil && !cascade(reason) {
		ev := e
		w.failed = &ev
	}
	progress := fmt.Sprintf("%d", len(w.done))
	if w.total > 0 {
		progress = fmt.Sprintf("%d/%d", min(len(w.done), w.total), w.total)
	}
	line := fmt.Sprintf("  [%s] %s %s %s", progress, logical, aws.ToString(e.ResourceType), status)
	if reason != "" {
		line += ": " + reason
	}
	if strings.HasSuffix(status, "_FAILED") {
		line = w.c.paint("31", line)
	}
	w.c.printf("%s\n", line)
}

// wait polls the stack's events and status until the running operation
// ends, and turns a failed one into a *StackError.
func (w *eventWatcher) wait(ctx context.Context) (stackState, error) {
	deadline := time.Now().Add(w.c.opts.Timeout)
	for {
		if err := w.poll(ctx); err != nil {
			return stackState{}, err
		}
		st, err := w.c.describeStack(ctx, w.stack)
		if err != nil {
			return st, err
		}
		if terminal(st.Status) || !st.Exists && st.Status == "" {
			if err := w.poll(ctx); err != nil {
				return st, err
			}
			if st.Status == "" || succeeded(st.Status) {
				return st, nil
			}
			se := &StackError{Stack: w.name, Status: st.Status, StackReason: st.Reason}
			if w.failed != nil {
				se.Resource = aws.ToString(w.failed.LogicalResourceId)
				se.Type = aws.ToString(w.failed.ResourceType)
				se.Reason = aws.ToString(w.failed.ResourceStatusReason)
			}
			return st, se
		}
		if time.Now().After(deadline) {
			return st, fmt.Errorf("stack %s: still %s after %s", w.name, st.Status, w.c.opts.Timeout)
		}
		if err := w.c.sleep(ctx); err != nil {
			return st, err
		}
	}
}
