package deploy

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
)

func TestConvertChanges(t *testing.T) {
	rc := func(action cfntypes.ChangeAction, id, typ string, repl cfntypes.Replacement, props ...string) cfntypes.Change {
		r := &cfntypes.ResourceChange{Action: action, LogicalResourceId: aws.String(id), ResourceType: aws.String(typ), Replacement: repl}
		for _, p := range props {
			r.Details = append(r.Details, cfntypes.ResourceChangeDetail{Target: &cfntypes.ResourceTargetDefinition{Name: aws.String(p)}})
		}
		return cfntypes.Change{Type: cfntypes.ChangeTypeResource, ResourceChange: r}
	}
	got := convertChanges([]cfntypes.Change{
		rc(cfntypes.ChangeActionModify, "LakeBucket", "AWS::S3::Bucket", cfntypes.ReplacementTrue, "BucketName"),
		rc(cfntypes.ChangeActionAdd, "DetectionsQueue", "AWS::SQS::Queue", ""),
		rc(cfntypes.ChangeActionModify, "Ledger", "AWS::DynamoDB::Table", cfntypes.ReplacementConditional, "KeySchema", "KeySchema"),
		rc(cfntypes.ChangeActionModify, "Transformer", "AWS::Lambda::Function", cfntypes.ReplacementFalse, "Code"),
		rc(cfntypes.ChangeActionModify, "Role", "AWS::IAM::Role", cfntypes.ReplacementTrue, "RoleName"),
		rc(cfntypes.ChangeActionRemove, "AlertsTopic", "AWS::SNS::Topic", ""),
		rc(cfntypes.ChangeActionDynamic, "Schedule", "AWS::Events::Rule", cfntypes.ReplacementFalse),
		{Type: cfntypes.ChangeTypeResource}, // no resource change: ignored
	})
	want := []struct {
		id        string
		kind      Kind
		dangerous bool
		props     string
	}{
		{"AlertsTopic", KindRemove, true, ""},
		{"DetectionsQueue", KindAdd, false, ""},
		{"LakeBucket", KindReplace, true, "BucketName"},
		{"Ledger", KindReplace, true, "KeySchema"},
		{"Role", KindReplace, false, "RoleName"},
		{"Schedule", KindModify, false, ""},
		{"Transformer", KindModify, false, "Code"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d changes, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.LogicalID != w.id || g.Kind != w.kind || g.Dangerous() != w.dangerous || strings.Join(g.Properties, ",") != w.props {
			t.Errorf("change %d = %+v (dangerous %v), want %+v", i, g, g.Dangerous(), w)
		}
	}
}

func TestNoChangeReasons(t *testing.T) {
	for reason, want := range map[string]bool{
		"The submitted information didn't contain changes. Submit different information to create a change set.": true,
		"No updates are to be performed.": true,
		"Template format error: Unresolved resource dependencies [Foo] in the Resources block of the template": false,
		"": false,
	} {
		if got := isNoChange(reason); got != want {
			t.Errorf("isNoChange(%q) = %v, want %v", reason, got, want)
		}
	}
}

func TestRender(t *testing.T) {
	diffs := []StackDiff{
		{Stack: "matano-storage", Changes: []Change{
			{Kind: KindAdd, LogicalID: "DetectionsQueue", Type: "AWS::SQS::Queue", Stateful: true},
			{Kind: KindReplace, LogicalID: "LakeBucket", Type: "AWS::S3::Bucket", Replacement: "Conditional", Properties: []string{"BucketName"}, Stateful: true},
		}},
		{Stack: "matano-pipeline"},
	}
	pv := &Preview{Stacks: diffs, Tables: []TableChange{{Table: "app_audit", Create: true},
		{Table: "web_auth", Added: []string{"attempts", "web_auth.mfa"}, Changed: []string{"source.port"}}}}
	var text bytes.Buffer
	if err := RenderText(&text, pv, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"matano-storage:\n",
		"  + DetectionsQueue  AWS::SQS::Queue",
		"  ! LakeBucket       AWS::S3::Bucket  replacement: Conditional; BucketName; STATEFUL: a new empty resource replaces it",
		"matano-pipeline: no changes",
		"tables:\n  + app_audit (new table)\n  ~ web_auth: add attempts, web_auth.mfa; change source.port (checked by deploy",
		"1 to add, 0 to modify, 1 to replace, 0 to remove; 2 table(s) to create or evolve",
		"warning: 1 stateful resource(s) would be replaced or removed: LakeBucket (AWS::S3::Bucket, replace)",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, text.String())
		}
	}
	var colored bytes.Buffer
	_ = RenderText(&colored, pv, true)
	if !strings.Contains(colored.String(), "\033[1;31m  ! LakeBucket") {
		t.Errorf("the stateful replacement is not highlighted:\n%q", colored.String())
	}
	var md bytes.Buffer
	if err := RenderMarkdown(&md, pv); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"### matano diff", "> [!WARNING]", "```diff\n+ DetectionsQueue", "**`matano-pipeline`**: no changes", "**Iceberg tables**\n\n```diff\n+ app_audit (new table)\n"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	var none bytes.Buffer
	_ = RenderText(&none, &Preview{Stacks: []StackDiff{{Stack: "a"}, {Stack: "b"}}}, false)
	if !strings.HasSuffix(none.String(), "\nno changes\n") {
		t.Errorf("empty diff output:\n%s", none.String())
	}
}

// TestFirstFailure: the reported cause is the first resource that
// failed, not the ones CloudFormation cancelled because of it nor the
// stack's own ROLLBACK event.
func TestFirstFailure(t *testing.T) {
	var out bytes.Buffer
	c := &Client{out: &out}
	w := &eventWatcher{c: c, name: "matano-storage", seen: map[string]bool{}, done: map[string]bool{}, total: 3}
	ev := func(id, typ, status, reason string) cfntypes.StackEvent {
		return cfntypes.StackEvent{LogicalResourceId: aws.String(id), ResourceType: aws.String(typ),
			ResourceStatus: cfntypes.ResourceStatus(status), ResourceStatusReason: aws.String(reason)}
	}
	for _, e := range []cfntypes.StackEvent{
		ev("matano-storage", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"),
		ev("LakeBucket", "AWS::S3::Bucket", "CREATE_COMPLETE", ""),
		ev("Ledger", "AWS::DynamoDB::Table", "CREATE_FAILED", "Resource creation cancelled"),
		ev("IngestQueue", "AWS::SQS::Queue", "CREATE_FAILED", "Queue name must end in .fifo"),
		ev("matano-storage", "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [IngestQueue, Ledger]."),
	} {
		w.show(e)
	}
	if w.failed == nil || aws.ToString(w.failed.LogicalResourceId) != "IngestQueue" {
		t.Fatalf("first failure = %+v", w.failed)
	}
	if !strings.Contains(out.String(), "[1/3] LakeBucket AWS::S3::Bucket CREATE_COMPLETE") ||
		!strings.Contains(out.String(), "[3/3] IngestQueue AWS::SQS::Queue CREATE_FAILED: Queue name must end in .fifo") {
		t.Errorf("progress lines:\n%s", out.String())
	}
	err := (&StackError{Stack: "matano-storage", Status: "ROLLBACK_COMPLETE", Resource: "IngestQueue", Type: "AWS::SQS::Queue", Reason: "bad"}).Error()
	if err != "stack matano-storage: ROLLBACK_COMPLETE: IngestQueue (AWS::SQS::Queue) failed: bad" {
		t.Errorf("error text = %q", err)
	}
}

func TestTemplateURL(t *testing.T) {
	p := Project{Label: "matano", Account: "123456789012", Region: "eu-west-1"}
	tpl := Template{Key: "templates/abc.json"}
	for endpoint, want := range map[string]string{
		"":                       "https://matano-assets-123456789012-eu-west-1.s3.eu-west-1.amazonaws.com/templates/abc.json",
		"http://127.0.0.1:5000":  "http://localhost:5000/matano-assets-123456789012-eu-west-1/templates/abc.json",
		"https://s3.example.com": "https://s3.example.com/matano-assets-123456789012-eu-west-1/templates/abc.json",
	} {
		c := &Client{project: p, opts: Options{Endpoint: endpoint}}
		if got := c.templateURL(tpl); got != want {
			t.Errorf("endpoint %q: %s, want %s", endpoint, got, want)
		}
	}
}

func TestReadBuild(t *testing.T) {
	dir := t.TempDir()
	writeBuild(t, dir, "code", nil)
	b, err := ReadBuild(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Assets) != 1 || b.Storage.Name != StorageTemplateFile || !strings.HasPrefix(b.Pipeline.Key, "templates/") || len(b.Templates) != 2 {
		t.Fatalf("build = %+v", b)
	}
	// The same asset found by name under assets/ when not at its key.
	a := b.Assets[0]
	if err := os.Rename(a.Path, filepath.Join(dir, "assets", "bootstrap.zip")); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadBuild(dir); err != nil {
		t.Errorf("asset under assets/<name>: %v", err)
	}
	// A changed asset is refused.
	if err := os.WriteFile(filepath.Join(dir, "assets", "bootstrap.zip"), []byte("other"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadBuild(dir); err == nil || !strings.Contains(err.Error(), "does not match the manifest") {
		t.Errorf("changed asset: err = %v", err)
	}
	if _, err := ReadBuild(t.TempDir()); err == nil || !strings.Contains(err.Error(), "run `matano build` first") {
		t.Errorf("empty dir: err = %v", err)
	}
}

func TestRenderDestroyPlan(t *testing.T) {
	var out bytes.Buffer
	RenderDestroyPlan(&out, DestroyPlan{Stacks: []string{"matano-pipeline", "matano-storage"}, Production: true,
		AssetBucket: "matano-assets-1-r", Kept: []Resource{{LogicalID: "LakeBucket", PhysicalID: "lake-123", Type: "AWS::S3::Bucket"}}})
	for _, want := range []string{"delete stack matano-pipeline", "DeletionPolicy Retain", "keep AWS::S3::Bucket lake-123 (LakeBucket, DeletionPolicy Retain)", "keep the asset bucket"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "delete every object") {
		t.Errorf("a production plan empties buckets:\n%s", out.String())
	}
}

func TestProjectFrom(t *testing.T) {
	if _, err := ProjectFrom(&load.Project{}, nil); err == nil {
		t.Error("a project without matano.config.yml was accepted")
	}
	p := &load.Project{Config: &load.Config{ProjectLabel: "acme-lake", IsProduction: true,
		AWS: load.AWS{Account: "123456789012", Region: "eu-west-1", Tags: map[string]string{"team": "sec"}}}}
	b, a := &schema.Schema{Table: "b"}, &schema.Schema{Table: "a"}
	got, err := ProjectFrom(p, map[string]*schema.Schema{"b": b, "a": a}, &schema.Schema{Table: "matano_alerts"}, &schema.Schema{Table: "a"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range got.Tables {
		names = append(names, s.Table)
	}
	if strings.Join(names, ",") != "a,b,matano_alerts" {
		t.Errorf("tables = %v, want the project's sorted, then the extra one not already there", names)
	}
	if got.StorageStack() != "acme-lake-storage" || got.PipelineStack() != "acme-lake-pipeline" ||
		got.AssetBucket() != "acme-lake-assets-123456789012-eu-west-1" || !got.IsProduction {
		t.Errorf("project = %+v", got)
	}
	if got.Tags["team"] != "sec" || got.Tags["matano:managed"] != "true" {
		t.Errorf("tags = %v", got.Tags)
	}
	p.Config.ProjectLabel = ""
	if got, _ := ProjectFrom(p, nil); got.StorageStack() != "matano-storage" {
		t.Errorf("default label: %s", got.StorageStack())
	}
}
