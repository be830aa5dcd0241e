package notify

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/runtime/mototest"
)

func TestMotoSNSAndSES(t *testing.T) {
	endpoint := mototest.Server(t)
	ctx := context.Background()
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""),
	}
	topic, err := sns.NewFromConfig(cfg, func(o *sns.Options) { o.BaseEndpoint = aws.String(endpoint) }).
		CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("matano-alerts")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = sesv2.NewFromConfig(cfg, func(o *sesv2.Options) { o.BaseEndpoint = aws.String(endpoint) }).
		CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("alerts@example.com")})
	if err != nil {
		t.Fatal(err)
	}

	h := newHarness(t, nil)
	h.opt.Region = "us-east-1"
	h.opt.AWSEndpoint = endpoint
	h.opt.AWS = &cfg
	n := h.notifier(
		&load.Destination{Name: "topic", Type: "sns", Properties: map[string]any{"topic_arn": aws.ToString(topic.TopicArn)}},
		sesDest(),
		&load.Destination{Name: "missing_topic", Type: "sns", Properties: map[string]any{"topic_arn": "arn:aws:sns:us-east-1:123456789012:nope"}},
	)
	res := n.Send(ctx, testAlert("topic", "mail", "missing_topic"))
	for _, r := range res[:2] {
		if !r.OK() || r.Attempts != 1 {
			t.Errorf("%s: %+v", r.Destination, r)
		}
	}
	if r := res[2]; r.OK() || r.Attempts != 1 {
		t.Errorf("missing topic: %+v (want one attempt, permanent failure)", r)
	}
}
