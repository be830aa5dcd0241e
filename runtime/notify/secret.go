package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// SecretResolver turns a secret reference (url_secret, the Slack token
// reference) into its value. Locally EnvSecrets reads the environment; the
// AWS deployment plugs in a Secrets Manager implementation.
//
// Implementations must not put the secret value in returned errors; the
// reference itself is not secret and may appear.
type SecretResolver interface {
	ResolveSecret(ctx context.Context, ref string) (string, error)
}

// ErrSecretNotFound is returned (wrapped) when a reference has no value.
var ErrSecretNotFound = errors.New("secret not found")

// EnvSecrets resolves a reference from the environment: first the variable
// named exactly ref, then the variable named by EnvName(ref), so both
// url_secret: MY_HOOK and url_secret: prod/alerts/hook (PROD_ALERTS_HOOK)
// work. An empty value counts as missing.
type EnvSecrets struct {
	// Getenv reads a variable; nil means the Notifier's environment.
	Getenv func(string) string
}

// ResolveSecret implements SecretResolver.
func (e EnvSecrets) ResolveSecret(_ context.Context, ref string) (string, error) {
	getenv := e.Getenv
	if getenv == nil {
		return "", fmt.Errorf("secret %q: EnvSecrets has no Getenv", ref)
	}
	if v := getenv(ref); v != "" {
		return v, nil
	}
	name := EnvName(ref)
	if v := getenv(name); v != "" {
		return v, nil
	}
	return "", fmt.Errorf("secret %q (environment variable %s): %w", ref, name, ErrSecretNotFound)
}

// EnvName maps a secret reference to an environment variable name:
// upper-case, with every character outside [A-Z0-9_] replaced by '_'.
func EnvName(ref string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(ref) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// expandEnv replaces ${NAME} in a header value by the variable's value.
// Only the braced form is recognised, so a literal '$' in a header (common
// in tokens) needs no escaping; "$${" writes a literal "${". It reports
// whether anything was substituted, because a substituted value is treated
// as a secret. An unset or empty variable is an error: sending an empty
// Authorization header silently would hide the misconfiguration.
func expandEnv(s string, getenv func(string) string) (string, bool, error) {
	if !strings.Contains(s, "${") {
		return s, false, nil
	}
	var b strings.Builder
	substituted := false
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "$${") {
			b.WriteString("${")
			i += 3
			continue
		}
		if !strings.HasPrefix(s[i:], "${") {
			b.WriteByte(s[i])
			i++
			continue
		}
		end := strings.IndexByte(s[i+2:], '}')
		if end < 0 {
			return "", false, errors.New(`unterminated "${" in header value`)
		}
		name := s[i+2 : i+2+end]
		if !validEnvName(name) {
			return "", false, fmt.Errorf("invalid environment variable name %q in header value", name)
		}
		v := getenv(name)
		if v == "" {
			return "", false, fmt.Errorf("environment variable %s is not set", name)
		}
		b.WriteString(v)
		substituted = true
		i += 2 + end + 1
	}
	return b.String(), substituted, nil
}

func validEnvName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		switch {
		case r == '_', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// redactor scrubs secret values from error text. Errors from net/http embed
// the request URL, and a webhook URL usually carries its token, so every
// error leaving a delivery goes through scrub.
type redactor struct{ secrets []string }

func (r *redactor) add(s string) {
	// Very short values would redact ordinary words; they are not
	// plausible secrets anyway.
	if len(s) >= 4 {
		r.secrets = append(r.secrets, s)
	}
}

func (r *redactor) scrub(msg string) string {
	for _, s := range r.secrets {
		msg = strings.ReplaceAll(msg, s, "[REDACTED]")
	}
	return msg
}

// scrubbedError prints scrubbed text. It deliberately has no Unwrap, which
// would hand callers the unscrubbed error; Is still lets them test for
// ErrSecretNotFound or context.Canceled.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string        { return e.msg }
func (e *scrubbedError) Is(target error) bool { return errors.Is(e.err, target) }

func (r *redactor) wrap(err error) error {
	if err == nil {
		return nil
	}
	return &scrubbedError{msg: r.scrub(err.Error()), err: err}
}
