package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"sort"
)

// webhook POSTs WebhookPayload to a URL kept in the environment or a
// secret.
type webhook struct {
	n         *Notifier
	urlEnv    string
	urlSecret string
	headers   map[string]string
}

func newWebhook(n *Notifier, p props) (destination, error) {
	w := &webhook{n: n, urlEnv: p.str("url_env"), urlSecret: p.str("url_secret"), headers: p.strMap("headers")}
	switch {
	case w.urlEnv == "" && w.urlSecret == "":
		return nil, errors.New("webhook needs properties.url_env or properties.url_secret")
	case w.urlEnv != "" && w.urlSecret != "":
		return nil, errors.New("webhook properties url_env and url_secret are mutually exclusive")
	}
	for k := range w.headers {
		if !validHeaderName(k) {
			return nil, fmt.Errorf("invalid header name %q", k)
		}
	}
	return w, nil
}

func (w *webhook) kind() string { return "webhook" }

// resolveURL reads the target URL. Its text is a secret: errors name only
// where it came from.
func (w *webhook) resolveURL(ctx context.Context, red *redactor) (string, error) {
	var raw string
	if w.urlEnv != "" {
		raw = w.n.opt.Getenv(w.urlEnv)
		if raw == "" {
			return "", fmt.Errorf("environment variable %s (url_env) is not set", w.urlEnv)
		}
	} else {
		v, err := w.n.opt.Secrets.ResolveSecret(ctx, w.urlSecret)
		if err != nil {
			return "", fmt.Errorf("url_secret: %w", err)
		}
		raw = v
	}
	red.add(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New("webhook URL is not an absolute http(s) URL")
	}
	// The query and user info are the usual places for tokens; make sure
	// they are scrubbed even when the whole URL appears re-encoded.
	red.add(u.RawQuery)
	if u.User != nil {
		red.add(u.User.String())
	}
	red.add(u.String())
	return raw, nil
}

// resolveHeaders expands ${NAME}; expanded values are secrets.
func resolveHeaders(headers map[string]string, getenv func(string) string, red *redactor) (http.Header, error) {
	h := http.Header{}
	keys := make([]string, 0, len(headers))
	for k := range headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, secret, err := expandEnv(headers[k], getenv)
		if err != nil {
			return nil, fmt.Errorf("header %s: %w", k, err)
		}
		if secret {
			red.add(v)
		}
		h.Set(k, v)
	}
	return h, nil
}

func (w *webhook) prepare(ctx context.Context, a *Alert, name string, red *redactor) (func(context.Context) error, error) {
	target, err := w.resolveURL(ctx, red)
	if err != nil {
		return nil, err
	}
	headers, err := resolveHeaders(w.headers, w.n.opt.Getenv, red)
	if err != nil {
		return nil, err
	}
	body, err := marshalPayload(payloadFor(a, name))
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
		if err != nil {
			return permanent(err)
		}
		for k, vs := range headers {
			req.Header[k] = vs
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", userAgent)
		req.Header.Set("X-Matano-Alert-Id", a.ID)
		return w.n.doHTTP(req, nil)
	}, nil
}

const userAgent = "matano-notify/1"

// doHTTP sends req and classifies the outcome. On a 2xx response, check
// (when not nil) inspects the body, for APIs like Slack's that report
// errors inside a 200.
func (n *Notifier) doHTTP(req *http.Request, check func(*http.Response, []byte) error) error {
	resp, err := n.opt.HTTPClient.Do(req)
	if err != nil {
		// *url.Error text carries the URL; the redactor scrubs it later,
		// but drop it here too so nothing upstream can print it.
		var ue *url.Error
		if errors.As(err, &ue) {
			return classify(fmt.Errorf("%s request: %w", ue.Op, ue.Err))
		}
		return classify(err)
	}
	defer resp.Body.Close()
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return httpStatusError(resp, body, n.opt.Now())
	}
	if check == nil {
		return nil
	}
	if rerr != nil {
		return transient(fmt.Errorf("reading response: %w", rerr), 0)
	}
	return check(resp, body)
}

func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c <= ' ' || c >= 0x7f || c == ':' || c == '(' || c == ')' || c == '<' || c == '>' || c == '@' ||
			c == ',' || c == ';' || c == '\\' || c == '"' || c == '/' || c == '[' || c == ']' || c == '?' ||
			c == '=' || c == '{' || c == '}' {
			return false
		}
	}
	return textproto.CanonicalMIMEHeaderKey(k) != ""
}
