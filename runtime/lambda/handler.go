package lambda

import (
	"context"
	"fmt"
)

// Handler returns the function for lambda.Start that serves
// h.Env.Handler (MATANO_HANDLER).
func (h *Host) Handler() (any, error) {
	switch h.Env.Handler {
	case HandlerTransformer:
		return h.Transform, nil
	case HandlerCommitter:
		return h.Commit, nil
	case HandlerAlerts:
		return h.WriteAlerts, nil
	case HandlerMaintenance:
		return h.Maintain, nil
	}
	return nil, h.Env.require(h.Env.Handler)
}

// Init is the bootstrap's cold start: it reads the environment, loads
// the bundled project and builds the Host, and returns the handler for
// lambda.Start. An error here fails the init phase, which Lambda reports
// with the message on every invocation until the configuration is fixed.
func Init(ctx context.Context, getenv func(string) string) (*Host, any, error) {
	env := EnvFromGetenv(getenv)
	if err := env.require(env.Handler); err != nil {
		return nil, nil, err
	}
	p, err := LoadProject(env.ConfigDir)
	if err != nil {
		return nil, nil, err
	}
	h, err := NewHost(ctx, env, p)
	if err != nil {
		return nil, nil, err
	}
	fn, err := h.Handler()
	if err != nil {
		return nil, nil, fmt.Errorf("matano-lambda: %w", err)
	}
	return h, fn, nil
}
