// Package notify delivers activated alerts to the destinations declared in
// integrations/destinations/*.yml: Slack, Amazon SES, Amazon SNS and plain
// HTTP webhooks.
//
// A Notifier is built once from the loaded destinations (New) and then asked
// to deliver each alert (Send). Every destination named by the alert gets
// one DeliveryResult; delivery to one destination never blocks or fails the
// others. Transient failures (network errors, HTTP 429 and 5xx, AWS
// throttling) are retried with exponential backoff and jitter inside a
// bounded number of attempts and a bounded wall-clock budget, honouring
// Retry-After. A delivery that still fails is appended to
// <warehouse>/state/delivery_failures.jsonl together with the alert, so it
// can be replayed instead of being lost.
//
// Secrets (webhook URLs, Slack bot tokens, header values taken from the
// environment) are resolved at send time, so rotation needs no restart, and
// are scrubbed from every error, log line and failure-log record.
//
// # Where secrets come from
//
//   - webhook url_env: NAME reads the URL from environment variable NAME.
//   - webhook url_secret: REF resolves REF through Options.Secrets (a
//     SecretResolver: EnvSecrets locally; in AWS SecretsManagerSecrets,
//     where REF is a Secrets Manager secret name or ARN).
//   - webhook headers: a value may contain ${NAME}, replaced by environment
//     variable NAME (an unset variable is an error rather than an empty
//     header). "$${" writes a literal "${". Nothing else is expanded.
//   - slack: the bot token is the secret "slack/<destination>/bot_token"
//     (EnvSecrets maps it to SLACK_<DESTINATION>_BOT_TOKEN), falling back to
//     the secret "SLACK_BOT_TOKEN". In AWS it is the bot_user_oauth_token
//     of the secret the storage stack creates for the destination (see
//     compiler/build/cfn's secrets.go), with no fallback.
//
// Secrets are resolved once per delivery, before the first attempt; a
// resolution failure is recorded like any other failed delivery (with zero
// attempts) rather than retried.
//
// # Destination types
//
//   - webhook: POST of WebhookPayload (below).
//   - slack: chat.postMessage to properties.channel with Block Kit blocks
//     (header with title, severity/rule/matches/created fields, the
//     description, up to eight context fields, runbook and reference
//     links, alert id footer) and a plain-text fallback. Slack's
//     {"ok":false} answers are classified: ratelimited and Slack-side
//     errors are retried, the rest (invalid_auth, channel_not_found) are
//     not. properties.client_id is accepted but unused: it belongs to the
//     Slack app installation, not to posting.
//   - sns: Publish of WebhookPayload to properties.topic_arn, subject
//     "[severity] title", message attributes alert_id, rule_name,
//     severity and destination; FIFO topics get the rule as group and the
//     alert id as deduplication id. The region is the ARN's.
//   - ses: SES v2 SendEmail from properties.sender to
//     properties.recipients with an HTML and a text body, in the region of
//     Options.Region (matano.config.yml's aws.region).
//
// # Webhook body
//
// A webhook receives one HTTP POST per alert with Content-Type
// application/json and the body described by WebhookPayload
// (format_version 1):
//
//	{
//	  "format_version": 1,
//	  "destination": "my_webhook",        // the destination's name
//	  "id": "0c5e…",                      // alert id, stable across retries
//	  "rule_name": "aws_root_login",
//	  "title": "Root user logged in",
//	  "severity": "high",                 // info|notice|low|medium|high|critical as written by the rule
//	  "description": "…",                 // omitted when empty
//	  "runbook": "…",                     // omitted when empty
//	  "reference": "https://…",           // omitted when empty
//	  "context": {…},                     // the rule's alert context, omitted when absent
//	  "created": "2026-11-27T03:10:00Z",  // RFC 3339, UTC
//	  "match_count": 3,
//	  "sample_event": {…}                 // one matching event, omitted when absent
//	}
//
// The request also carries User-Agent "matano-notify/1", the header
// X-Matano-Alert-Id with the alert id (for receiver-side deduplication of
// retries), and the destination's configured headers.
package notify
