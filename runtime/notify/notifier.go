package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/matano-go/matano/compiler/load"
)

// Options configures a Notifier. Every field is optional; tests use the
// injection points (Getenv, Secrets, Sleep, Now, Rand, endpoints) to stay
// hermetic.
type Options struct {
	// Warehouse is the local warehouse directory; failed deliveries are
	// appended to <Warehouse>/state/delivery_failures.jsonl. Empty
	// disables the log (failures are then only in the results).
	Warehouse string
	// Region is the AWS region for SNS and SES, normally
	// Project.Config.AWS.Region. It overrides AWS.Region when set.
	Region string
	// AWS is the base AWS configuration (credentials, region). Nil loads
	// the default chain (environment, shared config, instance role) the
	// first time an SNS or SES destination is used.
	AWS *aws.Config
	// AWSEndpoint overrides the SNS and SES endpoint URL (moto, tests).
	AWSEndpoint string
	// SlackBaseURL is where Slack Web API methods live; default
	// https://slack.com/api/.
	SlackBaseURL string
	// HTTPClient sends webhook, Slack, SNS and SES requests. The default
	// has no overall timeout (Retry.AttemptTimeout bounds each attempt)
	// and does not follow redirects: net/http would turn a POST answered
	// by 301/302 into a bodiless GET and report success, and following a
	// redirect can hand the secret URL's request to another host. A 3xx
	// therefore fails permanently.
	HTTPClient *http.Client
	// Getenv reads environment variables (url_env, ${NAME} in headers);
	// default os.Getenv.
	Getenv func(string) string
	// Secrets resolves url_secret and Slack token references; default
	// EnvSecrets over Getenv.
	Secrets SecretResolver
	// Retry bounds each delivery's attempts.
	Retry RetryPolicy
	// Sleep waits between attempts; default a timer honouring ctx.
	Sleep func(context.Context, time.Duration) error
	// Now is the clock for Retry-After dates, budgets and the failure
	// log; default time.Now.
	Now func() time.Time
	// Rand returns jitter in [0,1); default math/rand/v2.
	Rand func() float64
	// Logger receives one line per failed delivery (secrets scrubbed);
	// default discards.
	Logger *slog.Logger
}

// Notifier delivers alerts. It is safe for concurrent use.
type Notifier struct {
	opt   Options
	dests map[string]destination
	log   *failureLog
	retry retrier

	awsOnce sync.Once
	awsCfg  aws.Config
	awsErr  error
}

// destination is one configured destination. prepare resolves secrets and
// builds the request for one alert, returning the attempt to retry; it
// registers every secret it touches with red.
type destination interface {
	kind() string
	prepare(ctx context.Context, a *Alert, name string, red *redactor) (func(context.Context) error, error)
}

// DeliveryResult is the outcome of delivering one alert to one destination.
type DeliveryResult struct {
	Destination string
	// Type is slack, ses, sns or webhook; empty for an unknown name.
	Type string
	// Attempts counts requests made; 0 when delivery failed before any
	// (unknown destination, missing secret).
	Attempts int
	// Err is nil on success. Its text never contains secret values.
	Err error
	// Logged reports that the failure was appended to the failure log;
	// LogErr says why it could not be.
	Logged bool
	LogErr error
}

// OK reports whether the alert was delivered.
func (r DeliveryResult) OK() bool { return r.Err == nil }

// New checks the destinations and builds a Notifier. Secrets are not read
// here but at each Send, so a rotated secret is picked up without a
// restart. Every problem found is reported (joined into one error); on
// error the Notifier is nil.
func New(dests []*load.Destination, opt Options) (*Notifier, error) {
	if opt.Getenv == nil {
		opt.Getenv = os.Getenv
	}
	if opt.Secrets == nil {
		opt.Secrets = EnvSecrets{Getenv: opt.Getenv}
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = &http.Client{CheckRedirect: noRedirects}
	}
	if opt.SlackBaseURL == "" {
		opt.SlackBaseURL = "https://slack.com/api/"
	}
	if opt.Sleep == nil {
		opt.Sleep = sleepContext
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Rand == nil {
		opt.Rand = defaultRand
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	opt.Retry = opt.Retry.withDefaults()
	n := &Notifier{
		opt:   opt,
		dests: make(map[string]destination, len(dests)),
		retry: retrier{policy: opt.Retry, sleep: opt.Sleep, now: opt.Now, rnd: opt.Rand},
	}
	if opt.Warehouse != "" {
		n.log = &failureLog{path: filepath.Join(opt.Warehouse, "state", FailureLogName)}
	}
	var errs []error
	for _, d := range dests {
		if d == nil {
			continue
		}
		if d.Name == "" {
			errs = append(errs, fmt.Errorf("%s: destination has no name", docName(d)))
			continue
		}
		if _, dup := n.dests[d.Name]; dup {
			errs = append(errs, fmt.Errorf("%s: destination %q is declared twice", docName(d), d.Name))
			continue
		}
		dest, err := n.build(d)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: destination %q: %w", docName(d), d.Name, err))
			continue
		}
		n.dests[d.Name] = dest
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return n, nil
}

func docName(d *load.Destination) string {
	if d.Doc != nil && d.Doc.File != nil && d.Doc.File.Name != "" {
		return d.Doc.File.Name
	}
	return "integrations/destinations"
}

func (n *Notifier) build(d *load.Destination) (destination, error) {
	p := props(d.Properties)
	switch d.Type {
	case "webhook":
		return newWebhook(n, p)
	case "slack":
		return newSlack(n, d.Name, p)
	case "sns":
		return newSNS(n, p)
	case "ses":
		return newSES(n, p)
	case "":
		return nil, errors.New("type is missing")
	default:
		return nil, fmt.Errorf("unknown type %q (want slack, ses, sns or webhook)", d.Type)
	}
}

// Destinations lists the configured destination names with their types.
func (n *Notifier) Destinations() map[string]string {
	out := make(map[string]string, len(n.dests))
	for name, d := range n.dests {
		out[name] = d.kind()
	}
	return out
}

// Send delivers a to every destination it names, concurrently, and returns
// one result per name in the alert's order (a name listed twice is
// delivered once). Failures are logged and appended to the failure log;
// Send itself never fails as a whole.
func (n *Notifier) Send(ctx context.Context, a *Alert) []DeliveryResult {
	var names []string
	seen := map[string]bool{}
	for _, name := range a.Destinations {
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	results := make([]DeliveryResult, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { results[i] = n.deliver(ctx, a, name) })
	}
	wg.Wait()
	return results
}

func (n *Notifier) deliver(ctx context.Context, a *Alert, name string) DeliveryResult {
	res := DeliveryResult{Destination: name}
	dest, ok := n.dests[name]
	if !ok {
		res.Err = fmt.Errorf("unknown destination %q (no integrations/destinations file declares it)", name)
		n.recordFailure(a, &res)
		return res
	}
	res.Type = dest.kind()
	red := &redactor{}
	attempt, err := dest.prepare(ctx, a, name, red)
	if err != nil {
		res.Err = red.wrap(fmt.Errorf("%s destination %q: %w", res.Type, name, err))
		n.recordFailure(a, &res)
		return res
	}
	res.Attempts, err = n.retry.run(ctx, attempt)
	if err != nil {
		res.Err = red.wrap(fmt.Errorf("%s destination %q: %w", res.Type, name, err))
		n.recordFailure(a, &res)
	}
	return res
}

func (n *Notifier) recordFailure(a *Alert, res *DeliveryResult) {
	n.opt.Logger.Warn("alert delivery failed",
		"alert_id", a.ID, "rule", a.RuleName, "destination", res.Destination,
		"attempts", res.Attempts, "error", res.Err.Error())
	if n.log == nil {
		return
	}
	err := n.log.append(FailureRecord{
		Time:        n.opt.Now().UTC(),
		AlertID:     a.ID,
		RuleName:    a.RuleName,
		Destination: res.Destination,
		Type:        res.Type,
		Attempts:    res.Attempts,
		LastError:   res.Err.Error(),
		Payload:     payloadFor(a, res.Destination),
	})
	if err != nil {
		res.LogErr = err
		n.opt.Logger.Error("cannot record failed alert delivery", "alert_id", a.ID, "destination", res.Destination, "error", err.Error())
		return
	}
	res.Logged = true
}

// FailureLogPath is where failed deliveries are appended; empty when
// Options.Warehouse was empty.
func (n *Notifier) FailureLogPath() string {
	if n.log == nil {
		return ""
	}
	return n.log.path
}

// props reads destination properties leniently typed: the loader keeps
// whatever YAML decoded, and validation against the CUE schema is
// compiler/validate's job, so here a wrongly typed value is simply absent.
type props map[string]any

func (p props) str(key string) string {
	s, _ := p[key].(string)
	return s
}

func (p props) strs(key string) []string {
	switch v := p[key].(type) {
	case []string:
		return v
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case string:
		return []string{v}
	}
	return nil
}

func (p props) strMap(key string) map[string]string {
	switch v := p[key].(type) {
	case map[string]string:
		return v
	case map[string]any:
		out := make(map[string]string, len(v))
		for k, e := range v {
			if s, ok := e.(string); ok {
				out[k] = s
			}
		}
		return out
	}
	return nil
}

// noRedirects makes the client return a 3xx response as it is.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
