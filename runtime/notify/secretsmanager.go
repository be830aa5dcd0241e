package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// SlackTokenKey is the key of the bot token in the JSON object of a Slack
// destination's secret in AWS (Matano's name for it).
const SlackTokenKey = "bot_user_oauth_token"

// SecretPlaceholder is what a secret the deployment created holds until
// the user sets it.
const SecretPlaceholder = "<placeholder>"

// SecretsGetter is the part of the Secrets Manager client the resolver
// uses.
type SecretsGetter interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// SecretsManagerSecrets is the AWS deployment's SecretResolver:
//
//   - a Slack destination's token reference (SlackTokenSecret) reads the
//     secret the storage stack created for the destination (Slack), a
//     JSON object whose SlackTokenKey is the token;
//   - SlackTokenFallback has no meaning in AWS and is never found;
//   - any other reference (a webhook's url_secret) is a secret name or
//     ARN whose string value is the secret.
//
// An unset secret (missing, empty or still the placeholder) is
// ErrSecretNotFound, with the secret's name so the message says what to
// fill in.
type SecretsManagerSecrets struct {
	Client SecretsGetter
	// Slack maps a Slack destination to the ARN of its secret
	// (DESTINATION_SECRETS).
	Slack map[string]string
}

// ResolveSecret implements SecretResolver.
func (s SecretsManagerSecrets) ResolveSecret(ctx context.Context, ref string) (string, error) {
	if ref == SlackTokenFallback {
		return "", fmt.Errorf("secret %q: not used in AWS, where each Slack destination has its own secret: %w", ref, ErrSecretNotFound)
	}
	if dest, ok := slackDestinationOf(ref); ok {
		id, ok := s.Slack[dest]
		if !ok {
			return "", fmt.Errorf("slack destination %s: the deployment made no secret for it (redeploy): %w", dest, ErrSecretNotFound)
		}
		v, err := s.get(ctx, id)
		if err != nil {
			return "", err
		}
		var obj map[string]any
		if json.Unmarshal([]byte(v), &obj) != nil {
			// A plain string: the token itself.
			return unset(id, v)
		}
		tok, _ := obj[SlackTokenKey].(string)
		if tok == "" || tok == SecretPlaceholder {
			return "", fmt.Errorf("secret %s: set %s to the Slack bot token: %w", id, SlackTokenKey, ErrSecretNotFound)
		}
		return tok, nil
	}
	v, err := s.get(ctx, ref)
	if err != nil {
		return "", err
	}
	return unset(ref, v)
}

// unset turns an empty or placeholder value into ErrSecretNotFound.
func unset(id, v string) (string, error) {
	if v == "" || v == SecretPlaceholder {
		return "", fmt.Errorf("secret %s has no value yet: %w", id, ErrSecretNotFound)
	}
	return v, nil
}

// get reads a secret's string value. Errors name the secret, never a
// value.
func (s SecretsManagerSecrets) get(ctx context.Context, id string) (string, error) {
	if s.Client == nil {
		return "", fmt.Errorf("secret %s: no Secrets Manager client", id)
	}
	out, err := s.Client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
	if err != nil {
		var nf *types.ResourceNotFoundException
		if errors.As(err, &nf) {
			return "", fmt.Errorf("secret %s does not exist in Secrets Manager: %w", id, ErrSecretNotFound)
		}
		return "", fmt.Errorf("secret %s: %w", id, err)
	}
	if out.SecretString == nil {
		return "", fmt.Errorf("secret %s holds binary data, not a string", id)
	}
	return *out.SecretString, nil
}

// slackDestinationOf inverts SlackTokenSecret.
func slackDestinationOf(ref string) (string, bool) {
	rest, ok := strings.CutPrefix(ref, "slack/")
	if !ok {
		return "", false
	}
	dest, ok := strings.CutSuffix(rest, "/bot_token")
	return dest, ok && dest != ""
}
