package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// RetryPolicy bounds how hard one delivery is tried. The zero value means
// the defaults documented on each field.
type RetryPolicy struct {
	// MaxAttempts counts the first try; default 5.
	MaxAttempts int
	// BaseDelay is the wait before the second attempt; each further wait
	// doubles, up to MaxDelay. Default 500ms.
	BaseDelay time.Duration
	// MaxDelay caps one wait, including a server's Retry-After. Default 30s.
	MaxDelay time.Duration
	// MaxElapsed bounds the whole delivery, waits included: a retry whose
	// wait would end past it is not made. Default 2m.
	MaxElapsed time.Duration
	// AttemptTimeout bounds one attempt (request and response). Default 15s.
	AttemptTimeout time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 5
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 30 * time.Second
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = 2 * time.Minute
	}
	if p.AttemptTimeout <= 0 {
		p.AttemptTimeout = 15 * time.Second
	}
	return p
}

// backoff is the wait before attempt n+1 (n ≥ 1 attempts made so far):
// "equal jitter", half of the exponential step fixed and half random, so
// waits still grow while concurrent senders spread out. rnd returns a value
// in [0,1).
func (p RetryPolicy) backoff(n int, rnd func() float64) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	half := d / 2
	return half + time.Duration(rnd()*float64(d-half))
}

// attemptError classifies one failed attempt.
type attemptError struct {
	err        error
	retryable  bool
	retryAfter time.Duration // server-requested wait; 0 when none
}

func (e *attemptError) Error() string { return e.err.Error() }
func (e *attemptError) Unwrap() error { return e.err }

func permanent(err error) error { return &attemptError{err: err} }
func transient(err error, retryAfter time.Duration) error {
	return &attemptError{err: err, retryable: true, retryAfter: retryAfter}
}

// classify decides whether an error not already classified by the sender
// is worth retrying: network-level failures and per-attempt timeouts are,
// everything else (bad configuration, encoding, cancellation by the caller)
// is not.
func classify(err error) *attemptError {
	var ae *attemptError
	if errors.As(err, &ae) {
		return ae
	}
	if errors.Is(err, context.Canceled) {
		return &attemptError{err: err}
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return &attemptError{err: err, retryable: true}
	}
	// A connection the server closed before or during the response
	// surfaces as io.EOF, io.ErrUnexpectedEOF or ECONNRESET; all are
	// transient.
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) {
		return &attemptError{err: err, retryable: true}
	}
	return &attemptError{err: err}
}

// retryableStatus reports the HTTP statuses worth retrying: 408, 425, 429
// and every 5xx except 501 (not implemented) and 505, which will not
// change on their own.
func retryableStatus(code int) bool {
	switch {
	case code == http.StatusRequestTimeout, code == http.StatusTooEarly, code == http.StatusTooManyRequests:
		return true
	case code == http.StatusNotImplemented, code == http.StatusHTTPVersionNotSupported:
		return false
	case code >= 500 && code <= 599:
		return true
	}
	return false
}

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP date;
// unparseable or past values give 0 (use normal backoff).
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// statusError is a failed HTTP response, kept for DeliveryResult.Status.
type statusError struct {
	code int
	body string
}

func (e *statusError) Error() string {
	if e.body == "" {
		return fmt.Sprintf("HTTP %d %s", e.code, http.StatusText(e.code))
	}
	return fmt.Sprintf("HTTP %d %s: %s", e.code, http.StatusText(e.code), e.body)
}

// httpStatusError turns a non-2xx response into a classified error.
func httpStatusError(resp *http.Response, body []byte, now time.Time) error {
	se := &statusError{code: resp.StatusCode, body: snippet(body)}
	if retryableStatus(resp.StatusCode) {
		return transient(se, parseRetryAfter(resp.Header.Get("Retry-After"), now))
	}
	return permanent(se)
}

// snippet keeps error bodies short and on one line.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// retrier runs one delivery's attempts.
type retrier struct {
	policy RetryPolicy
	sleep  func(context.Context, time.Duration) error
	now    func() time.Time
	rnd    func() float64
}

// run calls attempt until it succeeds, fails permanently, or the policy's
// attempts or time run out. It returns the number of attempts made and the
// last error.
func (r *retrier) run(ctx context.Context, attempt func(context.Context) error) (int, error) {
	start := r.now()
	for n := 1; ; n++ {
		actx, cancel := context.WithTimeout(ctx, r.policy.AttemptTimeout)
		err := attempt(actx)
		cancel()
		if err == nil {
			return n, nil
		}
		if ctx.Err() != nil {
			return n, fmt.Errorf("%w (after %d attempts)", ctx.Err(), n)
		}
		ae := classify(err)
		if !ae.retryable {
			return n, err
		}
		if n >= r.policy.MaxAttempts {
			return n, fmt.Errorf("giving up after %d attempts: %w", n, err)
		}
		wait := r.policy.backoff(n, r.rnd)
		if ae.retryAfter > 0 {
			wait = ae.retryAfter
		}
		if wait > r.policy.MaxDelay {
			return n, fmt.Errorf("giving up: server asked to wait %s, more than the %s limit: %w", wait, r.policy.MaxDelay, err)
		}
		if r.now().Sub(start)+wait > r.policy.MaxElapsed {
			return n, fmt.Errorf("giving up after %d attempts: retry budget of %s exhausted: %w", n, r.policy.MaxElapsed, err)
		}
		if serr := r.sleep(ctx, wait); serr != nil {
			return n, fmt.Errorf("%w (after %d attempts): %w", serr, n, err)
		}
	}
}

// sleepContext waits d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func defaultRand() float64 { return rand.Float64() }
