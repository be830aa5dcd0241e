package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// snsTopic publishes WebhookPayload to an SNS topic, with message
// attributes subscribers can filter on (severity, rule_name, alert_id,
// destination).
type snsTopic struct {
	n        *Notifier
	topicARN string
}

func newSNS(n *Notifier, p props) (destination, error) {
	arn := p.str("topic_arn")
	if arn == "" {
		return nil, errors.New("sns needs properties.topic_arn")
	}
	if !strings.HasPrefix(arn, "arn:aws") || !strings.Contains(arn, ":sns:") {
		return nil, fmt.Errorf("topic_arn %q is not an SNS topic ARN", arn)
	}
	return &snsTopic{n: n, topicARN: arn}, nil
}

func (s *snsTopic) kind() string { return "sns" }

func (s *snsTopic) prepare(ctx context.Context, a *Alert, name string, _ *redactor) (func(context.Context) error, error) {
	cfg, err := s.n.awsConfig(ctx)
	if err != nil {
		return nil, err
	}
	client := sns.NewFromConfig(cfg, func(o *sns.Options) {
		o.BaseEndpoint = s.n.awsEndpoint()
		// A topic can only be published to in its own region, so the
		// ARN wins over the directory's region.
		if r := arnRegion(s.topicARN); r != "" {
			o.Region = r
		}
	})
	in, err := snsPublishInput(a, name, s.topicARN)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		_, err := client.Publish(ctx, in)
		return s.n.classifyAWS(err)
	}, nil
}

func snsPublishInput(a *Alert, name, topicARN string) (*sns.PublishInput, error) {
	body, err := marshalPayload(payloadFor(a, name))
	if err != nil {
		return nil, err
	}
	attr := func(v string) snstypes.MessageAttributeValue {
		return snstypes.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	attrs := map[string]snstypes.MessageAttributeValue{
		"alert_id":    attr(a.ID),
		"rule_name":   attr(a.RuleName),
		"destination": attr(name),
	}
	// SNS rejects empty attribute values.
	if a.Severity != "" {
		attrs["severity"] = attr(a.Severity)
	}
	for k, v := range attrs {
		if *v.StringValue == "" {
			delete(attrs, k)
		}
	}
	in := &sns.PublishInput{
		TopicArn:          aws.String(topicARN),
		Message:           aws.String(string(body)),
		Subject:           aws.String(snsSubject(a)),
		MessageAttributes: attrs,
	}
	// FIFO topics require a group and take a deduplication id; the alert
	// id makes a retried publish idempotent.
	if strings.HasSuffix(topicARN, ".fifo") {
		in.MessageGroupId = aws.String(orDash(a.RuleName))
		in.MessageDeduplicationId = aws.String(orDash(a.ID))
	}
	return in, nil
}

// snsSubject fits SNS's subject rules (used for email subscriptions):
// printable ASCII, no line breaks, at most 100 characters, not empty.
func snsSubject(a *Alert) string {
	title := a.Title
	if title == "" {
		title = a.RuleName
	}
	s := "[" + orDash(a.Severity) + "] " + title
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		default:
			b.WriteByte('?')
		}
	}
	out := strings.TrimSpace(b.String())
	if len(out) > 100 {
		out = out[:97] + "..."
	}
	if out == "" {
		out = "Matano alert"
	}
	return out
}
