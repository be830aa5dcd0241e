package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/matano-go/matano/compiler/load"
)

// fakeAWS emulates just enough of the SNS (query protocol) and SES v2
// (REST-JSON) endpoints: it records requests and answers from a script.
type fakeAWS struct {
	mu      sync.Mutex
	reqs    []recorded
	replies []awsReply
	srv     *httptest.Server
}

type awsReply struct {
	status  int
	body    string
	headers map[string]string
}

func newFakeAWS(t *testing.T, replies ...awsReply) *fakeAWS {
	f := &fakeAWS{replies: replies}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		i := len(f.reqs)
		f.reqs = append(f.reqs, recorded{header: r.Header.Clone(), body: body, path: r.URL.Path})
		var rep awsReply
		if i < len(f.replies) {
			rep = f.replies[i]
		}
		f.mu.Unlock()
		if rep.status == 0 {
			// Success for whichever service was called.
			if r.URL.Path == "/v2/email/outbound-emails" {
				rep = awsReply{status: 200, body: `{"MessageId":"ses-msg-1"}`, headers: map[string]string{"Content-Type": "application/json"}}
			} else {
				rep = awsReply{status: 200, body: `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>sns-msg-1</MessageId></PublishResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>`,
					headers: map[string]string{"Content-Type": "text/xml"}}
			}
		}
		for k, v := range rep.headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(rep.status)
		io.WriteString(w, rep.body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func awsHarness(t *testing.T, endpoint string) *harness {
	h := newHarness(t, nil)
	h.opt.Region = "eu-west-1"
	h.opt.AWSEndpoint = endpoint
	h.opt.AWS = &aws.Config{Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret-key-test", "")}
	return h
}

func snsDest(arn string) *load.Destination {
	return &load.Destination{Name: "topic", Type: "sns", Properties: map[string]any{"topic_arn": arn}}
}

func sesDest() *load.Destination {
	return &load.Destination{Name: "mail", Type: "ses", Properties: map[string]any{
		"sender": "alerts@example.com", "recipients": []any{"soc@example.com", "oncall@example.com"}}}
}

func TestSNSPublish(t *testing.T) {
	f := newFakeAWS(t)
	h := awsHarness(t, f.srv.URL)
	n := h.notifier(snsDest("arn:aws:sns:us-east-2:123456789012:alerts"))
	res := n.Send(context.Background(), testAlert("topic"))[0]
	if !res.OK() || res.Attempts != 1 || res.Type != "sns" {
		t.Fatalf("result = %+v", res)
	}
	req := f.reqs[0]
	form, err := url.ParseQuery(string(req.body))
	if err != nil {
		t.Fatal(err)
	}
	if form.Get("Action") != "Publish" || form.Get("TopicArn") != "arn:aws:sns:us-east-2:123456789012:alerts" {
		t.Errorf("form = %v", form)
	}
	if form.Get("Subject") != "[high] Root user <logged> in" {
		t.Errorf("Subject = %q", form.Get("Subject"))
	}
	var payload WebhookPayload
	if err := json.Unmarshal([]byte(form.Get("Message")), &payload); err != nil || payload.ID != "alert-123" || payload.Destination != "topic" {
		t.Errorf("Message = %q (%v)", form.Get("Message"), err)
	}
	attrs := map[string]string{}
	for i := 1; form.Get("MessageAttributes.entry."+strconv.Itoa(i)+".Name") != ""; i++ {
		p := "MessageAttributes.entry." + strconv.Itoa(i)
		if dt := form.Get(p + ".Value.DataType"); dt != "String" {
			t.Errorf("%s DataType = %q", p, dt)
		}
		attrs[form.Get(p+".Name")] = form.Get(p + ".Value.StringValue")
	}
	want := map[string]string{"alert_id": "alert-123", "rule_name": "aws_root_login", "severity": "high", "destination": "topic"}
	if len(attrs) != len(want) {
		t.Errorf("attributes = %v", attrs)
	}
	for k, v := range want {
		if attrs[k] != v {
			t.Errorf("attribute %s = %q, want %q", k, attrs[k], v)
		}
	}
	// The topic's region (from the ARN) signs the request.
	if auth := req.header.Get("Authorization"); !strings.Contains(auth, "/us-east-2/sns/aws4_request") {
		t.Errorf("Authorization = %q", auth)
	}
	if form.Get("MessageGroupId") != "" {
		t.Errorf("standard topic got MessageGroupId")
	}
}

func TestSNSFIFOAndSubject(t *testing.T) {
	in, err := snsPublishInput(&Alert{ID: "id-1", RuleName: "r", Title: "Ünïcode\ntitle " + strings.Repeat("x", 120)}, "t", "arn:aws:sns:us-east-1:1:alerts.fifo")
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(in.MessageGroupId) != "r" || aws.ToString(in.MessageDeduplicationId) != "id-1" {
		t.Errorf("group=%q dedup=%q", aws.ToString(in.MessageGroupId), aws.ToString(in.MessageDeduplicationId))
	}
	subj := aws.ToString(in.Subject)
	if len(subj) != 100 || !strings.HasPrefix(subj, "[-] ?n?code title xxx") || !strings.HasSuffix(subj, "...") {
		t.Errorf("subject = %q (%d)", subj, len(subj))
	}
	if _, ok := in.MessageAttributes["severity"]; ok {
		t.Errorf("empty severity was sent as an attribute")
	}
}

func TestSNSRetriesThrottling(t *testing.T) {
	throttled := awsReply{status: 400, headers: map[string]string{"Content-Type": "text/xml"},
		body: `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>`}
	notFound := awsReply{status: 404, headers: map[string]string{"Content-Type": "text/xml"},
		body: `<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>`}
	unavailable := awsReply{status: 503, body: "busy"}
	tests := []struct {
		name      string
		replies   []awsReply
		wantOK    bool
		wantTries int
		wantInErr string
	}{
		{"throttling then success", []awsReply{throttled}, true, 2, ""},
		{"503 then success", []awsReply{unavailable}, true, 2, ""},
		{"not found is permanent", []awsReply{notFound}, false, 1, "Topic does not exist"},
		{"throttled until giving up", []awsReply{throttled, throttled, throttled, throttled}, false, 4, "giving up after 4 attempts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAWS(t, tt.replies...)
			h := awsHarness(t, f.srv.URL)
			n := h.notifier(snsDest("arn:aws:sns:eu-west-1:123456789012:alerts"))
			res := n.Send(context.Background(), testAlert("topic"))[0]
			if res.OK() != tt.wantOK || res.Attempts != tt.wantTries || len(f.reqs) != tt.wantTries {
				t.Fatalf("ok=%v attempts=%d requests=%d err=%v", res.OK(), res.Attempts, len(f.reqs), res.Err)
			}
			if !tt.wantOK {
				if !strings.Contains(res.Err.Error(), tt.wantInErr) {
					t.Errorf("err = %v, want %q", res.Err, tt.wantInErr)
				}
				if fl := h.failures(); len(fl) != 1 || fl[0].Type != "sns" || fl[0].Attempts != tt.wantTries {
					t.Errorf("failure log = %+v", fl)
				}
			}
		})
	}
}

func TestSESSendEmail(t *testing.T) {
	f := newFakeAWS(t)
	h := awsHarness(t, f.srv.URL)
	n := h.notifier(sesDest())
	a := testAlert("mail")
	a.Runbook = "javascript:alert(1)"
	res := n.Send(context.Background(), a)[0]
	if !res.OK() || res.Attempts != 1 || res.Type != "ses" {
		t.Fatalf("result = %+v", res)
	}
	req := f.reqs[0]
	if req.path != "/v2/email/outbound-emails" {
		t.Errorf("path = %q", req.path)
	}
	if auth := req.header.Get("Authorization"); !strings.Contains(auth, "/eu-west-1/ses/aws4_request") {
		t.Errorf("Authorization = %q", auth)
	}
	var in struct {
		FromEmailAddress string
		Destination      struct{ ToAddresses []string }
		Content          struct {
			Simple struct {
				Subject struct{ Data, Charset string }
				Body    struct {
					Html, Text struct{ Data, Charset string }
				}
			}
		}
		EmailTags []struct{ Name, Value string }
	}
	if err := json.Unmarshal(req.body, &in); err != nil {
		t.Fatalf("%v: %s", err, req.body)
	}
	if in.FromEmailAddress != "alerts@example.com" || strings.Join(in.Destination.ToAddresses, ",") != "soc@example.com,oncall@example.com" {
		t.Errorf("from/to = %+v", in)
	}
	s := in.Content.Simple
	if s.Subject.Data != "[Matano high] Root user <logged> in" || s.Subject.Charset != "UTF-8" {
		t.Errorf("subject = %+v", s.Subject)
	}
	html, text := s.Body.Html.Data, s.Body.Text.Data
	for _, want := range []string{"<h2 style=\"margin-bottom:4px\">Root user &lt;logged&gt; in</h2>", "<code>aws_root_login</code>",
		"The root user &amp; friends signed in.", "<b>user</b></td><td><code>root</code>", "&#34;eventName&#34;: &#34;ConsoleLogin&#34;",
		"<b>Runbook:</b> javascript:alert(1)</p>"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, `href="javascript`) {
		t.Errorf("HTML links a javascript: runbook")
	}
	for _, want := range []string{"Root user <logged> in\n\nSeverity: high\nRule: aws_root_login\nMatches: 3\nCreated: 2026-11-27T02:59:00Z\n",
		"Context:\n  count: 2\n  ips: [\"1.2.3.4\"]\n  user: root\n", "Matano alert alert-123\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if len(in.EmailTags) != 1 || in.EmailTags[0].Value != "aws_root_login" {
		t.Errorf("tags = %+v", in.EmailTags)
	}
}

func TestSESErrors(t *testing.T) {
	rejected := awsReply{status: 400, headers: map[string]string{"Content-Type": "application/json", "X-Amzn-ErrorType": "MessageRejected"},
		body: `{"message":"Email address is not verified."}`}
	tooMany := awsReply{status: 429, headers: map[string]string{"Content-Type": "application/json", "X-Amzn-ErrorType": "TooManyRequestsException", "Retry-After": "2"},
		body: `{"message":"slow down"}`}
	f := newFakeAWS(t, tooMany, rejected)
	h := awsHarness(t, f.srv.URL)
	n := h.notifier(sesDest())
	res := n.Send(context.Background(), testAlert("mail"))[0]
	if res.OK() || res.Attempts != 2 || !strings.Contains(res.Err.Error(), "Email address is not verified") {
		t.Fatalf("result = %+v", res)
	}
	if !equalDurations(h.sleeps, []time.Duration{2 * time.Second}) {
		t.Errorf("sleeps = %v", h.sleeps)
	}
	if strings.Contains(res.Err.Error(), "secret-key-test") {
		t.Errorf("err leaks credentials")
	}
}

func TestSESNeedsRegion(t *testing.T) {
	h := awsHarness(t, "http://127.0.0.1:1")
	h.opt.Region = ""
	n := h.notifier(sesDest())
	res := n.Send(context.Background(), testAlert("mail"))[0]
	if res.OK() || res.Attempts != 0 || !strings.Contains(res.Err.Error(), "no AWS region") {
		t.Errorf("result = %+v", res)
	}
}
