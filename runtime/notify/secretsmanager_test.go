package notify

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/matano-go/matano/runtime/mototest"
)

// fakeSecrets answers GetSecretValue from a map; a missing id is
// Secrets Manager's ResourceNotFoundException, a nil value a binary
// secret, and the id "denied" an access error.
type fakeSecrets struct {
	values map[string]*string
	asked  []string
}

func (f *fakeSecrets) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	id := aws.ToString(in.SecretId)
	f.asked = append(f.asked, id)
	if id == "denied" {
		return nil, errors.New("AccessDeniedException: not allowed")
	}
	v, ok := f.values[id]
	if !ok {
		return nil, &types.ResourceNotFoundException{Message: aws.String("Secrets Manager can't find the specified secret.")}
	}
	if v == nil {
		return &secretsmanager.GetSecretValueOutput{SecretBinary: []byte{1}}, nil
	}
	return &secretsmanager.GetSecretValueOutput{SecretString: v}, nil
}

func TestSecretsManagerSecrets(t *testing.T) {
	f := &fakeSecrets{values: map[string]*string{
		"acme/destinations/secops":  aws.String(`{"bot_user_oauth_token":"xoxb-1","signing_secret":"s"}`),
		"acme/destinations/fresh":   aws.String(`{"bot_user_oauth_token":"<placeholder>"}`),
		"acme/destinations/plain":   aws.String("xoxb-plain"),
		"acme/destinations/nokey":   aws.String(`{"client_secret":"c"}`),
		"prod/hooks/pagerduty":      aws.String("https://events.example.com/v2/abc"),
		"arn:aws:secretsmanager:x":  aws.String("https://hook.example.com/1"),
		"prod/hooks/empty":          aws.String(""),
		"prod/hooks/binary":         nil,
		"acme/destinations/unused!": aws.String("never asked"),
	}}
	s := SecretsManagerSecrets{Client: f, Slack: map[string]string{
		"secops": "acme/destinations/secops", "fresh": "acme/destinations/fresh", "plain": "acme/destinations/plain",
		"nokey": "acme/destinations/nokey", "gone": "acme/destinations/gone",
	}}
	for _, tc := range []struct {
		ref, want string
		notFound  bool
		errHas    string
	}{
		{ref: SlackTokenSecret("secops"), want: "xoxb-1"},
		{ref: SlackTokenSecret("plain"), want: "xoxb-plain"},
		{ref: SlackTokenSecret("fresh"), notFound: true, errHas: "acme/destinations/fresh: set bot_user_oauth_token"},
		{ref: SlackTokenSecret("nokey"), notFound: true, errHas: "set bot_user_oauth_token"},
		{ref: SlackTokenSecret("gone"), notFound: true, errHas: "acme/destinations/gone does not exist"},
		{ref: SlackTokenSecret("new"), notFound: true, errHas: "slack destination new: the deployment made no secret for it"},
		{ref: SlackTokenFallback, notFound: true, errHas: "not used in AWS"},
		{ref: "prod/hooks/pagerduty", want: "https://events.example.com/v2/abc"},
		{ref: "arn:aws:secretsmanager:x", want: "https://hook.example.com/1"},
		{ref: "prod/hooks/empty", notFound: true, errHas: "no value yet"},
		{ref: "prod/hooks/binary", errHas: "binary data"},
		{ref: "denied", errHas: "secret denied: AccessDeniedException"},
		// Not a Slack token reference: read by name as given.
		{ref: "slack//bot_token", notFound: true, errHas: "slack//bot_token does not exist"},
	} {
		got, err := s.ResolveSecret(context.Background(), tc.ref)
		if tc.errHas == "" {
			if err != nil || got != tc.want {
				t.Errorf("%s: got %q, %v; want %q", tc.ref, got, err, tc.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.errHas) || errors.Is(err, ErrSecretNotFound) != tc.notFound {
			t.Errorf("%s: got %q, %v; want an error with %q (not found: %v)", tc.ref, got, err, tc.errHas, tc.notFound)
		}
		if err != nil && (strings.Contains(err.Error(), "xoxb") || strings.Contains(err.Error(), "https://")) {
			t.Errorf("%s: error shows a secret value: %v", tc.ref, err)
		}
	}
	if strings.Contains(strings.Join(f.asked, ","), SlackTokenFallback) {
		t.Errorf("asked Secrets Manager for the fallback: %v", f.asked)
	}
}

// TestMotoSecretsManagerSlack delivers a Slack alert with the token read
// through the real Secrets Manager client (moto), from a secret shaped
// as the storage stack creates it and then filled in.
func TestMotoSecretsManagerSlack(t *testing.T) {
	endpoint := mototest.Server(t)
	ctx := context.Background()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", "")}
	client := secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) { o.BaseEndpoint = aws.String(endpoint) })
	created, err := client.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name: aws.String("matano-SecopsDestinationSecret-Xb12"), SecretString: aws.String(`{"bot_user_oauth_token":"<placeholder>"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(created.ARN)
	fs := newFakeSlack(t)
	h := newHarness(t, nil)
	h.opt.SlackBaseURL = fs.srv.URL + "/api/"
	h.opt.Secrets = SecretsManagerSecrets{Client: client, Slack: map[string]string{
		"secops": arn,
		"other":  strings.Replace(arn, "SecopsDestinationSecret", "OtherDestinationSecret", 1),
	}}
	n := h.notifier(slackDest("secops", "#alerts"), slackDest("other", "#x"))

	// Before the user sets the token: a clear failure, nothing sent.
	res := n.Send(ctx, testAlert("secops", "other"))
	if res[0].OK() || !strings.Contains(res[0].Err.Error(), "set bot_user_oauth_token") || len(fs.reqs) != 0 {
		t.Fatalf("placeholder: %+v, %d requests", res[0], len(fs.reqs))
	}
	if res[1].OK() || !strings.Contains(res[1].Err.Error(), "OtherDestinationSecret-Xb12") || !strings.Contains(res[1].Err.Error(), "does not exist") {
		t.Fatalf("missing secret: %+v", res[1])
	}

	if _, err := client.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{
		SecretId: aws.String(arn), SecretString: aws.String(`{"bot_user_oauth_token":"xoxb-from-sm"}`),
	}); err != nil {
		t.Fatal(err)
	}
	if r := n.Send(ctx, testAlert("secops"))[0]; !r.OK() {
		t.Fatalf("after the token was set: %+v", r)
	}
	if got := fs.reqs[0].header.Get("Authorization"); got != "Bearer xoxb-from-sm" {
		t.Errorf("Authorization = %q", got)
	}
}
