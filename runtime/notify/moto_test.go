package notify

import (
	"context"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/matano-go/matano/compiler/load"
)

// startMoto runs moto_server on a free 127.0.0.1 port for the test's
// lifetime, or skips when moto is not installed (pip install
// 'moto[server]').
func startMoto(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("moto test skipped in -short mode")
	}
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		t.Skip("moto_server not installed")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start moto_server: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	endpoint := "http://127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(endpoint + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return endpoint
		}
		if time.Now().After(deadline) {
			t.Skipf("moto_server did not come up: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestMotoSNSAndSES(t *testing.T) {
	endpoint := startMoto(t)
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
