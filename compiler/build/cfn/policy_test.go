package cfn

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/load"
)

// taggable are the emitted resource types that take Tags;
// TestTaggableResourcesAreTagged checks the list against cfn-lint's
// resource schemas.
var taggable = map[string]bool{
	"AWS::Athena::WorkGroup":          true,
	"AWS::DynamoDB::Table":            true,
	"AWS::Events::Rule":               true,
	"AWS::IAM::Role":                  true,
	"AWS::Lambda::EventSourceMapping": true,
	"AWS::Lambda::Function":           true,
	"AWS::Logs::LogGroup":             true,
	"AWS::S3::Bucket":                 true,
	"AWS::SNS::Topic":                 true,
	"AWS::SQS::Queue":                 true,
	"AWS::SecretsManager::Secret":     true,
	"AWS::Glue::Database":             false,
	"AWS::Lambda::Permission":         false,
	"AWS::S3::BucketPolicy":           false,
	"AWS::SNS::TopicPolicy":           false,
	"AWS::SQS::QueuePolicy":           false,
}

// stateful are the types that hold data: retained in production.
var stateful = map[string]bool{
	"AWS::S3::Bucket":      true,
	"AWS::DynamoDB::Table": true,
	"AWS::Glue::Database":  true,
	"AWS::Logs::LogGroup":  true,
	// the user's bot tokens
	"AWS::SecretsManager::Secret": true,
}

type res struct {
	id   string
	typ  string
	body map[string]any
	prop map[string]any
}

// resources lists a decoded template's resources by logical id.
func resources(tmpl map[string]any) []res {
	var out []res
	for id, r := range tmpl["Resources"].(map[string]any) {
		m := r.(map[string]any)
		props, _ := m["Properties"].(map[string]any)
		out = append(out, res{id, m["Type"].(string), m, props})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// statements finds every IAM statement under v, with its JSON path.
func statements(path string, v any, visit func(path string, s map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		if st, ok := x["Statement"].([]any); ok {
			for i, s := range st {
				visit(fmt.Sprintf("%s.Statement[%d]", path, i), s.(map[string]any))
			}
			return
		}
		for k, c := range x {
			statements(path+"."+k, c, visit)
		}
	case []any:
		for i, c := range x {
			statements(fmt.Sprintf("%s[%d]", path, i), c, visit)
		}
	}
}

func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func TestPolicies(t *testing.T) {
	for _, ni := range allInputs(t) {
		cfg := ni.in.Project.Config
		label := cfg.ProjectLabel
		if label == "" {
			label = DefaultProjectLabel
		}
		bpa := cfg.AWS.SetBlockPublicAccess == nil || *cfg.AWS.SetBlockPublicAccess
		out, decoded := generate(t, ni.in)

		for name, tmpl := range decoded {
			t.Run(ni.name+"/"+name, func(t *testing.T) {
				if n := len(out.Templates[name]); n > MaxTemplateBytes {
					t.Errorf("template is %d bytes, over CloudFormation's %d", n, MaxTemplateBytes)
				}
				rs := resources(tmpl)

				// IAM: no "*" action, no wildcard in an Allow, no "*"
				// resource; every Allow outside a trust policy names
				// its resources.
				statements("", tmpl["Resources"], func(path string, s map[string]any) {
					for _, a := range strs(s["Action"]) {
						if a == "*" {
							t.Errorf("%s: Action \"*\"", path)
						}
						if s["Effect"] == "Allow" && strings.Contains(a, "*") {
							t.Errorf("%s: wildcard action %q in an Allow", path, a)
						}
					}
					for _, r := range strs(s["Resource"]) {
						if r == "*" {
							t.Errorf("%s: Resource \"*\"", path)
						}
					}
					if s["Effect"] == "Allow" && s["Resource"] == nil && !strings.Contains(path, "AssumeRolePolicyDocument") {
						t.Errorf("%s: Allow without Resource", path)
					}
					if s["Effect"] == "Deny" && s["Principal"] != "*" {
						t.Errorf("%s: Deny must apply to every principal", path)
					}
				})

				policies := map[string][]map[string]any{} // bucket id → its policy statements
				for _, r := range rs {
					if r.typ == "AWS::S3::BucketPolicy" {
						id := r.prop["Bucket"].(map[string]any)["Ref"].(string)
						statements("", r.prop, func(_ string, s map[string]any) { policies[id] = append(policies[id], s) })
					}
				}
				for _, r := range rs {
					checkTags(t, r, cfg.AWS.Tags)
					checkRetention(t, r, cfg.IsProduction)
					checkName(t, r, label)
					switch r.typ {
					case "AWS::S3::Bucket":
						sse := jsonPath(r.prop, "BucketEncryption", "ServerSideEncryptionConfiguration", "0", "ServerSideEncryptionByDefault", "SSEAlgorithm")
						if sse != "AES256" && sse != "aws:kms" {
							t.Errorf("%s: no default encryption", r.id)
						}
						if !tlsOnly(policies[r.id]) {
							t.Errorf("%s: no TLS-only bucket policy", r.id)
						}
						pab, has := r.prop["PublicAccessBlockConfiguration"].(map[string]any)
						if bpa {
							for _, k := range []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"} {
								if pab[k] != true {
									t.Errorf("%s: PublicAccessBlockConfiguration.%s is not true", r.id, k)
								}
							}
						} else if has {
							t.Errorf("%s: aws.set_block_public_access is false but the bucket blocks public access", r.id)
						}
						if jsonPath(r.prop, "OwnershipControls", "Rules", "0", "ObjectOwnership") != "BucketOwnerEnforced" {
							t.Errorf("%s: ACLs are not disabled", r.id)
						}
					case "AWS::SQS::Queue":
						if r.prop["SqsManagedSseEnabled"] != true {
							t.Errorf("%s: queue not encrypted", r.id)
						}
						if !strings.HasSuffix(r.id, "DLQ") && r.prop["RedrivePolicy"] == nil {
							t.Errorf("%s: no dead-letter queue", r.id)
						}
						if fifo := r.prop["FifoQueue"] == true; fifo != strings.HasSuffix(r.prop["QueueName"].(string), ".fifo") {
							t.Errorf("%s: FifoQueue and the .fifo name disagree", r.id)
						}
					case "AWS::SNS::Topic":
						if r.prop["KmsMasterKeyId"] == nil {
							t.Errorf("%s: topic not encrypted", r.id)
						}
					case "AWS::Lambda::EventSourceMapping":
						if fmt.Sprint(r.prop["FunctionResponseTypes"]) != "[ReportBatchItemFailures]" {
							t.Errorf("%s: no partial batch failure reporting", r.id)
						}
					case "AWS::DynamoDB::Table":
						if r.prop["BillingMode"] != "PAY_PER_REQUEST" || jsonPath(r.prop, "TimeToLiveSpecification", "AttributeName") != "ttl" {
							t.Errorf("%s: want on-demand billing and TTL on ttl", r.id)
						}
						pitr := jsonPath(r.prop, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled") == true
						if pitr != cfg.IsProduction {
							t.Errorf("%s: point-in-time recovery %v, is_production %v", r.id, pitr, cfg.IsProduction)
						}
					}
				}
			})
		}
	}
}

// tlsOnly reports whether a bucket policy denies requests without TLS.
func tlsOnly(stmts []map[string]any) bool {
	for _, s := range stmts {
		if s["Effect"] == "Deny" && jsonPath(s, "Condition", "Bool", "aws:SecureTransport") == "false" && len(strs(s["Resource"])) == 0 {
			// Resources are intrinsic functions (the bucket and its
			// objects), hence no plain strings.
			if res, _ := s["Resource"].([]any); len(res) == 2 {
				return true
			}
		}
	}
	return false
}

func checkTags(t *testing.T, r res, userTags map[string]string) {
	t.Helper()
	want, known := taggable[r.typ]
	if !known {
		t.Errorf("%s: resource type %s is not in the taggable table", r.id, r.typ)
		return
	}
	if !want {
		if r.prop["Tags"] != nil {
			t.Errorf("%s: %s takes no Tags", r.id, r.typ)
		}
		return
	}
	got := map[string]string{}
	list, _ := r.prop["Tags"].([]any)
	for _, e := range list {
		m := e.(map[string]any)
		got[m["Key"].(string)] = m["Value"].(string)
	}
	if got["matano:managed"] != "true" {
		t.Errorf("%s: no matano:managed=true tag", r.id)
	}
	for k, v := range userTags {
		if got[k] != v {
			t.Errorf("%s: tag %s = %q, want %q", r.id, k, got[k], v)
		}
	}
}

func checkRetention(t *testing.T, r res, production bool) {
	t.Helper()
	if !stateful[r.typ] {
		return
	}
	want := "Delete"
	if production {
		want = "Retain"
	}
	if r.body["DeletionPolicy"] != want || r.body["UpdateReplacePolicy"] != want {
		t.Errorf("%s: DeletionPolicy %v, UpdateReplacePolicy %v; want %s (is_production %v)",
			r.id, r.body["DeletionPolicy"], r.body["UpdateReplacePolicy"], want, production)
	}
}

// checkName requires physical names to start with the project label.
func checkName(t *testing.T, r res, label string) {
	t.Helper()
	for _, k := range []string{"BucketName", "FunctionName", "QueueName", "TableName", "TopicName", "Name"} {
		v := r.prop[k]
		if k == "FunctionName" && r.typ != "AWS::Lambda::Function" {
			continue
		}
		if m, ok := v.(map[string]any); ok {
			v = m["Fn::Sub"]
		}
		if s, ok := v.(string); ok && !strings.HasPrefix(s, label) {
			t.Errorf("%s: %s %q does not start with the project label %q", r.id, k, s, label)
		}
	}
	if g, ok := r.prop["LogGroupName"].(string); ok && !strings.HasPrefix(g, "/aws/lambda/"+label+"-") {
		t.Errorf("%s: log group %q not named after its function", r.id, g)
	}
}

// jsonPath follows keys (and list indexes as decimal strings).
func jsonPath(v any, path ...string) any {
	for _, k := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i := 0
			fmt.Sscan(k, &i)
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// TestStorageOutputs pins the exported outputs the pipeline stack and
// matano deploy/info rely on.
func TestStorageOutputs(t *testing.T) {
	in := loadDir(t, validDirs+"/readme_example")
	_, decoded := generate(t, in)
	outputs := decoded[StorageTemplate]["Outputs"].(map[string]any)
	want := []string{"AlertStateTable", "AlertsTopicArn", "AthenaResultsBucket", "AthenaWorkgroup", "GlueDatabase",
		"IngestQueueArn", "IngestQueueUrl", "IngestionBucket", "LakeBucket", "LedgerTable", "RealtimeBucket",
		"RemoteCacheTable", "SecuritySlackDestinationSecret", "SidelineBucket"}
	var got []string
	for name, o := range outputs {
		got = append(got, name)
		if exp := jsonPath(o, "Export", "Name"); exp != "acme-sec:"+name {
			t.Errorf("output %s exported as %v, want acme-sec:%s", name, exp, name)
		}
	}
	sort.Strings(got)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("storage outputs\n got %v\nwant %v", got, want)
	}
	// Every import of the pipeline names one of these exports.
	b, _ := json.Marshal(decoded[PipelineTemplate])
	for _, part := range strings.Split(string(b), `"Fn::ImportValue":"`)[1:] {
		name := strings.TrimPrefix(part[:strings.Index(part, `"`)], "acme-sec:")
		if outputs[name] == nil {
			t.Errorf("pipeline imports %q, which storage does not export", name)
		}
	}
}

// TestFunctions checks runtimes, code, sizes and the one-role-per-function
// rule on the production variant (amd64, lambda overrides) and the readme.
func TestFunctions(t *testing.T) {
	prod := variantProject(t, productionConfig)
	prod.Arch = "amd64"
	readme := loadDir(t, validDirs+"/readme_example")
	for _, c := range []struct {
		name     string
		in       Input
		arch     string
		sizes    map[string][2]float64 // function id → memory, timeout
		ingestVT float64
	}{
		{"production", prod, "x86_64", map[string][2]float64{
			"Transformer": {3008, 900}, "Committer": {512, 300}, "AlertWriter": {512, 120}, "Maintenance": {2048, 600}, "Detections": {1024, 120},
		}, 5400},
		{"readme", readme, "arm64", map[string][2]float64{
			"Transformer": {1024, 300}, "Detections": {1024, 120},
		}, 1800},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, decoded := generate(t, c.in)
			pipe := decoded[PipelineTemplate]["Resources"].(map[string]any)
			roles := map[string]string{}
			for _, f := range functionCatalogue {
				fn := pipe[f.id+"Function"].(map[string]any)["Properties"].(map[string]any)
				if got := jsonPath(fn, "Architectures", "0"); got != c.arch {
					t.Errorf("%s: architecture %v, want %s", f.id, got, c.arch)
				}
				wantRuntime, wantAsset := "provided.al2023", testAssets()[AssetBootstrap].Key
				if f.python {
					wantRuntime, wantAsset = "python3.12", testAssets()[AssetDetections].Key
				}
				if fn["Runtime"] != wantRuntime || jsonPath(fn, "Code", "S3Key") != wantAsset {
					t.Errorf("%s: runtime %v code %v, want %s %s", f.id, fn["Runtime"], jsonPath(fn, "Code", "S3Key"), wantRuntime, wantAsset)
				}
				if got := jsonPath(fn, "Code", "S3Bucket", "Ref"); got != "AssetBucket" {
					t.Errorf("%s: code bucket %v, want the AssetBucket parameter", f.id, got)
				}
				if sz, ok := c.sizes[f.id]; ok && (fn["MemorySize"] != sz[0] || fn["Timeout"] != sz[1]) {
					t.Errorf("%s: %v MB / %v s, want %v MB / %v s", f.id, fn["MemorySize"], fn["Timeout"], sz[0], sz[1])
				}
				role := jsonPath(fn, "Role", "Fn::GetAtt", "0").(string)
				if other, dup := roles[role]; dup {
					t.Errorf("%s and %s share the role %s", f.id, other, role)
				}
				roles[role] = f.id
				if !f.python && jsonPath(fn, "Environment", "Variables", "MATANO_HANDLER") != f.handler {
					t.Errorf("%s: MATANO_HANDLER %v, want %s", f.id, jsonPath(fn, "Environment", "Variables", "MATANO_HANDLER"), f.handler)
				}
			}
			vt := jsonPath(decoded[StorageTemplate], "Resources", "IngestQueue", "Properties", "VisibilityTimeout")
			if vt != c.ingestVT {
				t.Errorf("ingest queue visibility timeout %v, want %v", vt, c.ingestVT)
			}
		})
	}
}

// TestS3Sources checks bring-your-own buckets: the ingest queue accepts
// their notifications, and the transformer reads exactly the configured
// prefix or assumes the configured role.
func TestS3Sources(t *testing.T) {
	_, decoded := generate(t, variantProject(t, productionConfig))
	qp, _ := json.Marshal(jsonPath(decoded[StorageTemplate], "Resources", "IngestQueuePolicy"))
	for _, want := range []string{
		`"aws:SourceArn":{"Fn::Sub":"arn:${AWS::Partition}:s3:::org-flow-logs"}`,
		`"aws:SourceArn":{"Fn::Sub":"arn:${AWS::Partition}:s3:::partner-exports"}`,
	} {
		if !strings.Contains(string(qp), want) {
			t.Errorf("ingest queue policy lacks %s", want)
		}
	}
	role, _ := json.Marshal(jsonPath(decoded[PipelineTemplate], "Resources", "TransformerRole"))
	for _, want := range []string{
		`"Action":["s3:GetObject"],"Effect":"Allow","Resource":[{"Fn::Sub":"arn:${AWS::Partition}:s3:::org-flow-logs/AWSLogs/*"}],"Sid":"ReadS3SourceOrgFlowLogs"`,
		`"Action":["sts:AssumeRole"],"Effect":"Allow","Resource":["arn:aws:iam::210987654321:role/matano-reader"],"Sid":"AssumeS3SourceRolePartnerExports"`,
	} {
		if !strings.Contains(string(role), want) {
			t.Errorf("transformer role lacks %s\n%s", want, role)
		}
	}
	if strings.Contains(string(role), "partner-exports/") {
		t.Error("the transformer reads partner-exports directly although the source names an access role")
	}
}

// TestManyTables checks the Glue table grants stay within IAM's inline
// policy size when a project has many tables with long names, on both
// sides of maxListedTables.
func TestManyTables(t *testing.T) {
	for _, n := range []int{maxListedTables - 1, maxListedTables, 120} {
		files := map[string]string{"matano.config.yml": "project_label: big-lake\n"}
		for i := 0; i < n; i++ {
			name := fmt.Sprintf("src%03d_a_rather_long_vendor_name", i)
			files["log_sources/"+name+"/log_source.yml"] = "name: " + name + "\nschema:\n  ecs_field_names: [source.ip]\n"
		}
		_, decoded := generate(t, loadMap(t, files))
		for id, r := range decoded[PipelineTemplate]["Resources"].(map[string]any) {
			if r.(map[string]any)["Type"] != "AWS::IAM::Role" {
				continue
			}
			pol, _ := json.Marshal(jsonPath(r, "Properties", "Policies"))
			// The unresolved form (Fn::Sub with imports) is longer than
			// what IAM stores, so this bounds the real size from above.
			if len(pol) > 10240 {
				t.Errorf("%d tables: %s: inline policy is %d characters, over IAM's 10,240", n, id, len(pol))
			}
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	base := func() Input { return variantProject(t, productionConfig) }
	for _, c := range []struct {
		name   string
		mutate func(*Input)
		want   string
	}{
		{"no project", func(in *Input) { in.Project = nil }, "no matano.config.yml"},
		{"no config", func(in *Input) { in.Project.Config = nil }, "no matano.config.yml"},
		{"missing asset", func(in *Input) { delete(in.Assets, AssetDetections) }, `no "detections" asset`},
		{"bad arch", func(in *Input) { in.Arch = "riscv64" }, `architecture "riscv64"`},
		{"long label", func(in *Input) { in.Project.Config.ProjectLabel = "a-very-long-project-label" }, "project_label"},
		{"label case", func(in *Input) { in.Project.Config.ProjectLabel = "Prod" }, "project_label"},
		{"reserved tag", func(in *Input) { in.Project.Config.AWS.Tags = map[string]string{"aws:owner": "x"} }, "reserved aws: prefix"},
		{"bad bucket", func(in *Input) { in.Project.LogSources[0].Ingest.S3Source.BucketName = "Bad_Bucket" }, "not a valid S3 bucket name"},
		{"bad role", func(in *Input) { in.Project.LogSources[0].Ingest.S3Source.AccessRoleARN = "reader" }, "not an IAM role ARN"},
		{"wildcard prefix", func(in *Input) { in.Project.LogSources[1].Ingest.S3Source.KeyPrefix = "logs/*" }, "literal prefix"},
		{"memory", func(in *Input) {
			in.Project.Config.Lambda["committer"] = load.LambdaSettings{MemoryMB: 64}
		}, "lambda.committer"},
		{"no schema", func(in *Input) { delete(in.Schemas, "vpc") }, "table vpc has no resolved schema"},
		{"secret id clash", func(in *Input) {
			in.Project.Destinations = append(in.Project.Destinations,
				&load.Destination{Name: "sec-ops", Type: "slack"}, &load.Destination{Name: "sec_ops", Type: "slack"})
		}, `Slack destinations "sec-ops" and "sec_ops" would share the secret SecOpsDestinationSecret`},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			c.mutate(&in)
			_, err := Generate(in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestLogicalID(t *testing.T) {
	for in, want := range map[string]string{
		"acme-cloudtrail-logs": "AcmeCloudtrailLogs",
		"aws_cloudtrail":       "AwsCloudtrail",
		"org.flow.logs2":       "OrgFlowLogs2",
		"ABC":                  "ABC",
		"":                     "",
	} {
		if got := logicalID(in); got != want {
			t.Errorf("logicalID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCoverPrefixes(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"", "AWSLogs/"}, []string{""}},
		{[]string{"a/", "a/b/", "b/"}, []string{"a/", "b/"}},
		{[]string{"logs/", "logs2/"}, []string{"logs/", "logs2/"}},
	} {
		if got := coverPrefixes(c.in); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("coverPrefixes(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
