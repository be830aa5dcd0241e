package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	sestypes "github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// sesEmail sends the alert as an HTML and plain-text email through the
// SES v2 API.
type sesEmail struct {
	n          *Notifier
	sender     string
	recipients []string
}

func newSES(n *Notifier, p props) (destination, error) {
	s := &sesEmail{n: n, sender: p.str("sender"), recipients: p.strs("recipients")}
	if s.sender == "" {
		return nil, errors.New("ses needs properties.sender")
	}
	if len(s.recipients) == 0 {
		return nil, errors.New("ses needs at least one of properties.recipients")
	}
	return s, nil
}

func (s *sesEmail) kind() string { return "ses" }

func (s *sesEmail) prepare(ctx context.Context, a *Alert, _ string, _ *redactor) (func(context.Context) error, error) {
	cfg, err := s.n.awsConfig(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.Region == "" {
		return nil, errors.New("no AWS region: set aws.region in matano.config.yml")
	}
	client := sesv2.NewFromConfig(cfg, func(o *sesv2.Options) { o.BaseEndpoint = s.n.awsEndpoint() })
	in, err := sesSendInput(a, s.sender, s.recipients)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		_, err := client.SendEmail(ctx, in)
		return s.n.classifyAWS(err)
	}, nil
}

func sesSendInput(a *Alert, sender string, recipients []string) (*sesv2.SendEmailInput, error) {
	htmlBody, textBody, err := emailBodies(a)
	if err != nil {
		return nil, err
	}
	utf8 := aws.String("UTF-8")
	return &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(sender),
		Destination:      &sestypes.Destination{ToAddresses: recipients},
		Content: &sestypes.EmailContent{Simple: &sestypes.Message{
			Subject: &sestypes.Content{Data: aws.String(emailSubject(a)), Charset: utf8},
			Body: &sestypes.Body{
				Html: &sestypes.Content{Data: aws.String(htmlBody), Charset: utf8},
				Text: &sestypes.Content{Data: aws.String(textBody), Charset: utf8},
			},
		}},
		EmailTags: []sestypes.MessageTag{{Name: aws.String("matano_rule"), Value: aws.String(tagValue(a.RuleName))}},
	}, nil
}

// tagValue fits SES tag values: ASCII letters, digits, '_' and '-'.
func tagValue(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return truncate(b.String(), 256)
}

func emailSubject(a *Alert) string {
	title := a.Title
	if title == "" {
		title = a.RuleName
	}
	return strings.Join(strings.Fields(fmt.Sprintf("[Matano %s] %s", orDash(a.Severity), title)), " ")
}

type emailField struct{ Name, Value string }

type emailView struct {
	Title, Severity, Rule, Created, Description, ID string
	Matches                                         int
	Runbook, Reference                              string
	RunbookURL, ReferenceURL                        bool
	Context                                         []emailField
	Sample                                          string
}

func newEmailView(a *Alert) emailView {
	v := emailView{
		Title: a.Title, Severity: orDash(a.Severity), Rule: a.RuleName, ID: a.ID,
		Created:     a.Created.UTC().Format(time.RFC3339),
		Description: a.Description, Matches: a.MatchCount,
		Runbook: a.Runbook, Reference: a.Reference,
		RunbookURL: isHTTPURL(a.Runbook), ReferenceURL: isHTTPURL(a.Reference),
	}
	if v.Title == "" {
		v.Title = a.RuleName
	}
	v.Context = contextPairs(a.Context)
	if raw := validJSON(a.SampleEvent); raw != nil {
		var buf bytes.Buffer
		if jsonIndent(&buf, raw) == nil {
			v.Sample = buf.String()
		}
	}
	return v
}

// html/template escapes every value; links are only made from http(s)
// URLs, so a rule cannot inject javascript: hrefs into the email.
var emailHTML = template.Must(template.New("html").Parse(`<!DOCTYPE html>
<html><body style="font-family:Arial,Helvetica,sans-serif;color:#1d1c1d">
<h2 style="margin-bottom:4px">{{.Title}}</h2>
<table cellpadding="4" style="border-collapse:collapse">
<tr><td><b>Severity</b></td><td>{{.Severity}}</td></tr>
<tr><td><b>Rule</b></td><td><code>{{.Rule}}</code></td></tr>
<tr><td><b>Matches</b></td><td>{{.Matches}}</td></tr>
<tr><td><b>Created</b></td><td>{{.Created}}</td></tr>
</table>
{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .Context}}<h3>Context</h3>
<table cellpadding="4" style="border-collapse:collapse">
{{range .Context}}<tr><td><b>{{.Name}}</b></td><td><code>{{.Value}}</code></td></tr>
{{end}}</table>{{end}}
{{if .Runbook}}<p><b>Runbook:</b> {{if .RunbookURL}}<a href="{{.Runbook}}">{{.Runbook}}</a>{{else}}{{.Runbook}}{{end}}</p>{{end}}
{{if .Reference}}<p><b>Reference:</b> {{if .ReferenceURL}}<a href="{{.Reference}}">{{.Reference}}</a>{{else}}{{.Reference}}{{end}}</p>{{end}}
{{if .Sample}}<h3>Sample event</h3><pre style="background:#f4f4f4;padding:8px">{{.Sample}}</pre>{{end}}
<p style="color:#777;font-size:12px">Matano alert {{.ID}}</p>
</body></html>
`))

func emailBodies(a *Alert) (htmlBody, textBody string, err error) {
	v := newEmailView(a)
	var h bytes.Buffer
	if err := emailHTML.Execute(&h, v); err != nil {
		return "", "", err
	}
	var t strings.Builder
	fmt.Fprintf(&t, "%s\n\nSeverity: %s\nRule: %s\nMatches: %d\nCreated: %s\n", v.Title, v.Severity, v.Rule, v.Matches, v.Created)
	if v.Description != "" {
		fmt.Fprintf(&t, "\n%s\n", v.Description)
	}
	if len(v.Context) > 0 {
		t.WriteString("\nContext:\n")
		for _, f := range v.Context {
			fmt.Fprintf(&t, "  %s: %s\n", f.Name, f.Value)
		}
	}
	if v.Runbook != "" {
		fmt.Fprintf(&t, "\nRunbook: %s\n", v.Runbook)
	}
	if v.Reference != "" {
		fmt.Fprintf(&t, "Reference: %s\n", v.Reference)
	}
	if v.Sample != "" {
		fmt.Fprintf(&t, "\nSample event:\n%s\n", v.Sample)
	}
	fmt.Fprintf(&t, "\nMatano alert %s\n", v.ID)
	return h.String(), t.String(), nil
}
