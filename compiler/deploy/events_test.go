package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
)

// fakeCFN answers DescribeStacks and DescribeStackEvents like
// CloudFormation during a failing update: the first calls see the stack
// before the update, later ones the update's events (newest first) and
// finally UPDATE_ROLLBACK_COMPLETE. moto cannot play this: it never
// records resource events.
type fakeCFN struct {
	mu     sync.Mutex
	polls  int
	events [][5]string // id, logical id, type, status, reason; newest first
}

func (f *fakeCFN) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	const ns = `xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"`
	switch r.Form.Get("Action") {
	case "DescribeStacks":
		f.polls++
		status := "UPDATE_IN_PROGRESS"
		if f.polls > 2 {
			status = "UPDATE_ROLLBACK_COMPLETE"
		}
		fmt.Fprintf(w, `<DescribeStacksResponse %s><DescribeStacksResult><Stacks><member>
<StackName>matano-storage</StackName><StackId>stack-id</StackId><StackStatus>%s</StackStatus>
<CreationTime>2026-01-01T00:00:00Z</CreationTime></member></Stacks></DescribeStacksResult></DescribeStacksResponse>`, ns, status)
	case "DescribeStackEvents":
		// Before the first status poll only the old event exists; the
		// update's events appear one status poll at a time.
		visible := f.events[len(f.events)-1:]
		if f.polls > 0 {
			visible = f.events[max(0, len(f.events)-1-2*f.polls):]
		}
		var b strings.Builder
		for _, e := range visible {
			fmt.Fprintf(&b, `<member><EventId>%s</EventId><StackId>stack-id</StackId><StackName>matano-storage</StackName>
<LogicalResourceId>%s</LogicalResourceId><ResourceType>%s</ResourceType><ResourceStatus>%s</ResourceStatus>
<ResourceStatusReason>%s</ResourceStatusReason><Timestamp>2026-01-01T00:00:00Z</Timestamp></member>`, e[0], e[1], e[2], e[3], e[4])
		}
		fmt.Fprintf(w, `<DescribeStackEventsResponse %s><DescribeStackEventsResult><StackEvents>%s</StackEvents></DescribeStackEventsResult></DescribeStackEventsResponse>`, ns, b.String())
	default:
		http.Error(w, "unexpected "+r.Form.Get("Action"), 400)
	}
}

// TestWatchFailedUpdate follows a failing update through the SDK: new
// events are printed once, oldest first, with the progress count, and
// the error names the first failed resource and its reason.
func TestWatchFailedUpdate(t *testing.T) {
	f := &fakeCFN{events: [][5]string{
		{"e7", "matano-storage", "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", ""},
		{"e6", "LedgerTable", "AWS::DynamoDB::Table", "UPDATE_COMPLETE", ""},
		{"e5", "matano-storage", "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to update: [LedgerTable]."},
		{"e4", "LedgerTable", "AWS::DynamoDB::Table", "UPDATE_FAILED", "Cannot update GSI's properties other than Provisioned Throughput"},
		{"e3", "IngestQueue", "AWS::SQS::Queue", "UPDATE_COMPLETE", ""},
		{"e2", "matano-storage", "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated"},
		{"e1", "matano-storage", "AWS::CloudFormation::Stack", "CREATE_COMPLETE", ""},
	}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	var out bytes.Buffer
	c := &Client{
		cfn: cloudformation.New(cloudformation.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
			Credentials: credentials.NewStaticCredentialsProvider("k", "s", "")}),
		opts: Options{PollInterval: time.Millisecond, Timeout: 10 * time.Second},
		out:  &out,
	}
	ctx := context.Background()
	w, err := c.newEventWatcher(ctx, "stack-id", "matano-storage", 2)
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.wait(ctx)
	var se *StackError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a *StackError", err)
	}
	if se.Status != "UPDATE_ROLLBACK_COMPLETE" || se.Resource != "LedgerTable" || se.Type != "AWS::DynamoDB::Table" ||
		!strings.Contains(se.Reason, "Cannot update GSI") {
		t.Errorf("error = %+v", se)
	}
	want := `  [0/2] matano-storage AWS::CloudFormation::Stack UPDATE_IN_PROGRESS: User Initiated
  [1/2] IngestQueue AWS::SQS::Queue UPDATE_COMPLETE
  [2/2] LedgerTable AWS::DynamoDB::Table UPDATE_FAILED: Cannot update GSI's properties other than Provisioned Throughput
  [2/2] matano-storage AWS::CloudFormation::Stack UPDATE_ROLLBACK_IN_PROGRESS: The following resource(s) failed to update: [LedgerTable].
  [2/2] LedgerTable AWS::DynamoDB::Table UPDATE_COMPLETE
  [2/2] matano-storage AWS::CloudFormation::Stack UPDATE_ROLLBACK_COMPLETE
`
	if out.String() != want {
		t.Errorf("events printed:\n%s\nwant:\n%s", out.String(), want)
	}
}
