package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go"
)

// awsConfig is the base configuration for SNS and SES clients, loaded once.
// The SDK's own retryer is replaced by a no-op: retries are notify's job,
// so that attempts, Retry-After and the failure log work the same for
// every destination type.
func (n *Notifier) awsConfig(ctx context.Context) (aws.Config, error) {
	n.awsOnce.Do(func() {
		var cfg aws.Config
		if n.opt.AWS != nil {
			cfg = n.opt.AWS.Copy()
		} else {
			// Loaded once for every later Send, so the first
			// caller's cancellation must not stick.
			cfg, n.awsErr = config.LoadDefaultConfig(context.WithoutCancel(ctx))
			if n.awsErr != nil {
				n.awsErr = fmt.Errorf("loading AWS configuration: %w", n.awsErr)
				return
			}
		}
		if n.opt.Region != "" {
			cfg.Region = n.opt.Region
		}
		cfg.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
		cfg.RetryMaxAttempts = 1
		if n.opt.HTTPClient != nil {
			cfg.HTTPClient = n.opt.HTTPClient
		}
		n.awsCfg = cfg
	})
	return n.awsCfg, n.awsErr
}

// awsEndpoint is the endpoint override, nil for the SDK's default.
func (n *Notifier) awsEndpoint() *string {
	if n.opt.AWSEndpoint == "" {
		return nil
	}
	return aws.String(n.opt.AWSEndpoint)
}

// classifyAWS sorts SDK errors: throttling and server-side error codes,
// and HTTP 429/5xx, are transient; other API errors (access denied,
// unverified sender, missing topic) are permanent; errors that never
// reached AWS fall back to the network classification.
func (n *Notifier) classifyAWS(err error) error {
	if err == nil {
		return nil
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded",
			"ServiceUnavailable", "InternalError", "InternalFailure", "KMSThrottlingException":
			return transient(err, awsRetryAfter(err, n))
		}
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		if retryableStatus(re.HTTPStatusCode()) {
			return transient(err, awsRetryAfter(err, n))
		}
		return permanent(err)
	}
	if api != nil {
		return permanent(err)
	}
	return classify(err)
}

func awsRetryAfter(err error, n *Notifier) time.Duration {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return parseRetryAfter(re.Response.Header.Get("Retry-After"), n.opt.Now())
	}
	return 0
}

// arnRegion returns the region field of an ARN, "" when absent.
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[3]
}
