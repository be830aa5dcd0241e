package cfn

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestDestinationSecrets checks what the alert writer gets for each kind
// of destination secret: a generated secret per Slack destination (its
// ARN in DESTINATION_SECRETS and in the policy) and read access to the
// webhooks' url_secret secrets, by ARN or by the ARN pattern of a name.
func TestDestinationSecrets(t *testing.T) {
	in := loadMap(t, map[string]string{
		"matano.config.yml": productionConfig,
		"log_sources/vpc/log_source.yml": `name: vpc
schema:
  ecs_field_names: [source.ip]
`,
		"integrations/destinations/ops.yml":   "name: ops\ntype: slack\nproperties:\n  channel: \"#ops\"\n",
		"integrations/destinations/odd.yml":   "name: odd${x}\ntype: slack\nproperties:\n  channel: \"#odd\"\n",
		"integrations/destinations/pd.yml":    "name: pd\ntype: webhook\nproperties:\n  url_secret: prod/pagerduty\n",
		"integrations/destinations/arn.yml":   "name: arn\ntype: webhook\nproperties:\n  url_secret: arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf\n",
		"integrations/destinations/env.yml":   "name: env\ntype: webhook\nproperties:\n  url_env: HOOK_URL\n",
		"integrations/destinations/again.yml": "name: again\ntype: webhook\nproperties:\n  url_secret: prod/pagerduty\n",
	})
	_, decoded := generate(t, in)

	storage := decoded[StorageTemplate]
	for _, id := range []string{"OpsDestinationSecret", "OddXDestinationSecret"} {
		r := jsonPath(storage, "Resources", id)
		if jsonPath(r, "Type") != "AWS::SecretsManager::Secret" || jsonPath(r, "DeletionPolicy") != "Retain" {
			t.Errorf("%s: %v", id, r)
		}
		if jsonPath(r, "Properties", "Name") != nil {
			t.Errorf("%s has a fixed name, which blocks a redeploy while a deleted one is scheduled for deletion", id)
		}
		if got := jsonPath(r, "Properties", "SecretString"); got != `{"bot_user_oauth_token":"<placeholder>"}` {
			t.Errorf("%s: SecretString %v", id, got)
		}
		if exp := jsonPath(storage, "Outputs", id, "Export", "Name"); exp != "prod-lake:"+id {
			t.Errorf("%s exported as %v", id, exp)
		}
	}

	pipeline := decoded[PipelineTemplate]
	env := jsonPath(pipeline, "Resources", "AlertWriterFunction", "Properties", "Environment", "Variables", "DESTINATION_SECRETS")
	sub, _ := jsonPath(env, "Fn::Sub").([]any)
	if len(sub) != 2 {
		t.Fatalf("DESTINATION_SECRETS = %v", env)
	}
	if want := `{"odd${!x}":"${S0}","ops":"${S1}"}`; sub[0] != want {
		t.Errorf("DESTINATION_SECRETS pattern %q, want %q", sub[0], want)
	}
	wantVars := map[string]any{
		"S0": map[string]any{"Fn::ImportValue": "prod-lake:OddXDestinationSecret"},
		"S1": map[string]any{"Fn::ImportValue": "prod-lake:OpsDestinationSecret"},
	}
	if !reflect.DeepEqual(sub[1], wantVars) {
		t.Errorf("DESTINATION_SECRETS variables %v", sub[1])
	}

	var read []any
	statements("AlertWriterRole", jsonPath(pipeline, "Resources", "AlertWriterRole"), func(_ string, s map[string]any) {
		if s["Sid"] == "ReadDestinationSecrets" {
			read = s["Resource"].([]any)
		}
	})
	want := []any{
		map[string]any{"Fn::ImportValue": "prod-lake:OddXDestinationSecret"},
		map[string]any{"Fn::ImportValue": "prod-lake:OpsDestinationSecret"},
		"arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf",
		map[string]any{"Fn::Sub": "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/pagerduty-??????"},
	}
	if !reflect.DeepEqual(read, want) {
		got, _ := json.MarshalIndent(read, "", " ")
		t.Errorf("ReadDestinationSecrets resources:\n%s", got)
	}
	// No other function may read them.
	statements("", pipeline, func(path string, s map[string]any) {
		for _, a := range strs(s["Action"]) {
			if a == "secretsmanager:GetSecretValue" && s["Sid"] != "ReadDestinationSecrets" {
				t.Errorf("%s reads secrets", path)
			}
		}
	})
}
