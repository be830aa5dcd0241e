package validate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"go.yaml.in/yaml/v4"
)

// legacyKeys maps Matano's old top-level matano.config.yml keys to their
// current place.
var legacyKeys = []struct{ old, new string }{
	{"aws_account", "aws.account"},
	{"aws_region", "aws.region"},
	{"aws_tags", "aws.tags"},
}

var (
	accountRe = regexp.MustCompile(`^[0-9]{12}$`)
	labelRe   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// checkConfig applies the rules of matano.config.yml that are more than
// shape: legacy keys, the account id and the project label.
func checkConfig(p *load.Project) diag.List {
	if p.Config == nil {
		return nil
	}
	doc := p.Config.Doc
	var diags diag.List
	for _, lk := range legacyKeys {
		if _, _, ok := doc.Lookup(load.Path{lk.old}); !ok {
			continue
		}
		newPath := load.Path(strings.Split(lk.new, "."))
		if _, _, both := doc.Lookup(newPath); both {
			diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeConflictingKeys,
				Summary: fmt.Sprintf("both %s and %s are set", lk.old, lk.new),
				Subject: doc.Locate(load.Path{lk.old}, load.Key), Path: lk.old,
				Labels: []diag.Label{{Span: doc.Locate(newPath, load.Key), Message: "also set here"}},
				Hint:   fmt.Sprintf("remove %s; %s replaces it", lk.old, lk.new),
			})
			continue
		}
		diags.Append(diag.Diagnostic{
			Severity: diag.Warning, Code: diag.CodeDeprecatedKey,
			Summary: fmt.Sprintf("%s is the legacy spelling of %s", lk.old, lk.new),
			Subject: doc.Locate(load.Path{lk.old}, load.Key), Path: lk.old,
			Hint: fmt.Sprintf("move it under aws: as %s", strings.TrimPrefix(lk.new, "aws.")),
		})
	}
	for _, path := range []load.Path{{"aws", "account"}, {"aws_account"}} {
		n, _, ok := doc.Lookup(path)
		if !ok || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
			continue // absent, or not a scalar: the schema reports the type
		}
		if tag := n.ShortTag(); tag != "!!str" && tag != "!!int" {
			continue
		}
		if !accountRe.MatchString(n.Value) {
			d := diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeInvalidAccount,
				Summary: fmt.Sprintf("invalid AWS account id %s: it must be exactly 12 digits", strconv.Quote(n.Value)),
				Subject: load.NodeSpan(doc.File, n), Path: path.String(),
			}
			if digits := strings.Trim(n.Value, " -"); len(digits) < 12 && accountRe.MatchString(strings.Repeat("0", 12-len(digits))+digits) {
				d.Hint = "account ids with leading zeros must be quoted: \"" + strings.Repeat("0", 12-len(digits)) + digits + "\""
			}
			diags.Append(d)
		}
	}
	if n, _, ok := doc.Lookup(load.Path{"project_label"}); ok && n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" {
		if problem := labelProblem(n.Value); problem != "" {
			d := diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeInvalidLabel,
				Summary: fmt.Sprintf("invalid project_label %q: %s", n.Value, problem),
				Subject: load.NodeSpan(doc.File, n), Path: "project_label",
				Notes: []string{"project_label names AWS resources: 5 to 15 lowercase letters, digits and single hyphens, not containing \"matano\""},
			}
			if s := fixLabel(n.Value); s != "" && s != n.Value {
				d.Hint = fmt.Sprintf("try %q", s)
			}
			diags.Append(d)
		}
	}
	return diags
}

// labelProblem returns why a project label is invalid, or "".
func labelProblem(s string) string {
	switch {
	case len(s) < 5:
		return "it must be at least 5 characters"
	case len(s) > 15:
		return "it must be at most 15 characters"
	case strings.Contains(strings.ToLower(s), "matano"):
		return "it must not contain \"matano\", which Matano adds itself"
	case !labelRe.MatchString(s):
		return "it must be kebab-case (lowercase letters, digits and single hyphens)"
	}
	return ""
}

// fixLabel proposes a valid label close to s, or "".
func fixLabel(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "matano", "")
	var b strings.Builder
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 15 {
		out = strings.Trim(out[:15], "-")
	}
	if labelProblem(out) != "" {
		return ""
	}
	return out
}
