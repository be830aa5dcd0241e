package cfn

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/runtime/notify"
)

// # Destination secrets
//
// A Slack destination needs a bot token, which must not live in the
// Matano directory. As Matano did, the storage stack creates one Secrets
// Manager secret per Slack destination holding a JSON object whose
// bot_user_oauth_token the user fills in after the first deploy (the
// placeholder until then; CloudFormation does not overwrite a value
// changed outside it while the template's stays the same). CloudFormation
// names the secrets: a fixed name would block a redeploy for the week a
// deleted secret stays scheduled for deletion. The storage stack exports
// each ARN and the pipeline hands the alert writer a JSON map of
// destination to ARN (DESTINATION_SECRETS).
//
// A webhook's url_secret names a secret the user manages (a name or an
// ARN); the alert writer may read exactly those and the ones above.

// slackDestinations are the names of the Slack destinations, sorted. Two
// names with one logical id ("sec-ops", "sec_ops") are an error: the
// secret's id must follow its destination across deploys, or
// CloudFormation would replace the secret and lose the token.
func slackDestinations(proj *load.Project) ([]string, error) {
	var out []string
	ids := map[string]string{}
	for _, d := range proj.Destinations {
		if d == nil || !strings.EqualFold(d.Type, "slack") {
			continue
		}
		id := secretID(d.Name)
		if other, dup := ids[id]; dup {
			return nil, fmt.Errorf("cfn: Slack destinations %q and %q would share the secret %s: rename one", other, d.Name, id)
		}
		ids[id] = d.Name
		out = append(out, d.Name)
	}
	sort.Strings(out)
	return out, nil
}

// urlSecrets are the url_secret references of the webhook destinations,
// sorted and without repeats.
func urlSecrets(proj *load.Project) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range proj.Destinations {
		if d == nil || !strings.EqualFold(d.Type, "webhook") {
			continue
		}
		if ref, _ := d.Properties["url_secret"].(string); ref != "" && !seen[ref] {
			seen[ref] = true
			out = append(out, ref)
		}
	}
	sort.Strings(out)
	return out
}

// secretID is the logical id (and output name) of a Slack destination's
// secret.
func secretID(destination string) string { return logicalID(destination) + "DestinationSecret" }

// destinationSecrets adds the Slack destinations' secrets to the
// storage stack.
func (p *plan) destinationSecrets(t *template) {
	for _, name := range p.slacks {
		id := secretID(name)
		p.retain(t.add(id, "AWS::SecretsManager::Secret", map[string]any{
			"Description":  fmt.Sprintf("Matano %s: bot token of the Slack destination %s (set %s)", p.label, name, notify.SlackTokenKey),
			"SecretString": fmt.Sprintf(`{%q:%q}`, notify.SlackTokenKey, notify.SecretPlaceholder),
			"Tags":         p.tagList(),
		}))
		t.output(id, "ARN of the secret holding the bot token of Slack destination "+name, ref(id), p.export(id))
	}
}

// destinationSecretsEnv is DESTINATION_SECRETS: a JSON object of Slack
// destination to secret ARN, or nil when there is no Slack destination.
func (p *plan) destinationSecretsEnv() any {
	if len(p.slacks) == 0 {
		return nil
	}
	var b strings.Builder
	vars := map[string]any{}
	b.WriteByte('{')
	for i, name := range p.slacks {
		if i > 0 {
			b.WriteByte(',')
		}
		v := fmt.Sprintf("S%d", i)
		key, _ := json.Marshal(name)
		// Fn::Sub reads "${" as a variable; "${!" is its literal "${".
		fmt.Fprintf(&b, "%s:\"${%s}\"", strings.ReplaceAll(string(key), "${", "${!"), v)
		vars[v] = importValue(p.export(secretID(name)))
	}
	b.WriteByte('}')
	return subWith(b.String(), vars)
}

// secretARNs are the secrets the alert writer may read: the generated
// ones and the url_secret references, as given when they are ARNs and as
// their ARN pattern when they are names (Secrets Manager appends a
// hyphen and six characters to a secret's name in its ARN).
func (p *plan) secretARNs() []any {
	var out []any
	for _, name := range p.slacks {
		out = append(out, importValue(p.export(secretID(name))))
	}
	for _, ref := range p.urlSecrets {
		if strings.HasPrefix(ref, "arn:") {
			out = append(out, ref)
		} else {
			out = append(out, sub("arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:"+ref+"-??????"))
		}
	}
	return out
}
