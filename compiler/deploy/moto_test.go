package deploy

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/alert"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/mototest"
	"github.com/matano-go/matano/schemas/ecs"
)

// motoEndpoint runs moto's server for one test (runtime/mototest)
// with dummy credentials; the deploy code is given the endpoint.
func motoEndpoint(t *testing.T) string { return mototest.Server(t) }

// writeBuild writes a build directory like `matano build` does: one
// asset zip named by its hash, the manifest and the two templates (from
// testdata, the asset key filled in; storageExtra adds resources to the
// storage template).
func writeBuild(t *testing.T, dir string, code string, storageExtra map[string]any) {
	t.Helper()
	writeBuildWith(t, dir, code, func(storage map[string]any) {
		for k, v := range storageExtra {
			storage["Resources"].(map[string]any)[k] = v
		}
	})
}

// writeBuildWith is writeBuild with any change to the storage template.
func writeBuildWith(t *testing.T, dir string, code string, edit func(storage map[string]any)) {
	t.Helper()
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("bootstrap")
	w.Write([]byte(code))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(zb.Bytes())
	key := "assets/" + hex.EncodeToString(sum[:]) + ".zip"
	if err := os.MkdirAll(filepath.Join(dir, "assets"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(key)), zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	m := map[string]any{
		"assets":    []Asset{{Name: "bootstrap.zip", Key: key, SHA256: hex.EncodeToString(sum[:]), Size: int64(zb.Len())}},
		"templates": []string{StorageTemplateFile, PipelineTemplateFile},
	}
	mj, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, ManifestFile), mj, 0o644); err != nil {
		t.Fatal(err)
	}
	storage := readTemplate(t, StorageTemplateFile)
	edit(storage)
	writeJSON(t, filepath.Join(dir, StorageTemplateFile), storage)
	pipeline, err := os.ReadFile(filepath.Join("testdata", "build", PipelineTemplateFile))
	if err != nil {
		t.Fatal(err)
	}
	pipeline = bytes.ReplaceAll(pipeline, []byte("@ASSET_KEY@"), []byte(key))
	if err := os.WriteFile(filepath.Join(dir, PipelineTemplateFile), pipeline, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readTemplate(t *testing.T, name string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "build", name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

// webTable resolves a small table; extra adds custom columns.
func webTable(t *testing.T, extra ...load.Field) *schema.Schema {
	t.Helper()
	fields := append([]load.Field{{Name: "login_name", Type: load.Type{Name: "string"}}}, extra...)
	s, problems := schema.Resolve(schema.Input{Table: "web_auth", ECSFieldNames: []string{"event.action", "source.ip"}, Fields: fields}, ecs.Default())
	if len(problems) > 0 {
		t.Fatal(problems[0].Message)
	}
	return s
}

func testProject(tables ...*schema.Schema) Project {
	return Project{Label: DefaultLabel, Account: "123456789012", Region: "us-east-1",
		Tags: map[string]string{"matano:managed": "true", "team": "security"}, Tables: tables}
}

func newTestClient(t *testing.T, endpoint string, p Project, out *bytes.Buffer) *Client {
	t.Helper()
	c, err := New(context.Background(), p, Options{Endpoint: endpoint, Out: out, PollInterval: 20 * time.Millisecond, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func kinds(d StackDiff) map[Kind][]string {
	m := map[Kind][]string{}
	for _, c := range d.Changes {
		m[c.Kind] = append(m[c.Kind], c.LogicalID)
	}
	return m
}

// TestMotoLifecycle runs diff → deploy → redeploy (no-op) → change →
// diff → deploy → destroy against moto's server, checking what AWS holds
// after each step.
func TestMotoLifecycle(t *testing.T) {
	endpoint := motoEndpoint(t)
	ctx := context.Background()
	dir := t.TempDir()
	writeBuild(t, dir, "v1", nil)
	b, err := ReadBuild(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c := newTestClient(t, endpoint, testProject(webTable(t), alert.Schema()), &out)
	c.opts.DirectApply = true

	// A first diff: both stacks would be created, and nothing is left
	// behind by previewing.
	pv, err := c.Diff(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	diffs := pv.Stacks
	if len(pv.Tables) != 2 || !pv.Tables[0].Create {
		t.Errorf("first diff tables = %+v, want both created", pv.Tables)
	}
	if len(diffs) != 2 || !diffs[0].Create || !diffs[1].Create {
		t.Fatalf("first diff: %+v", diffs)
	}
	if got := kinds(diffs[0])[KindAdd]; len(got) != 6 {
		t.Errorf("storage additions = %v, want the 6 resources", got)
	}
	if got := kinds(diffs[1])[KindAdd]; len(got) != 3 {
		t.Errorf("pipeline additions = %v, want the 3 resources", got)
	}
	info, err := c.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range info {
		if s.Exists {
			t.Errorf("after diff, stack %s exists (%s); a preview must leave nothing", s.Name, s.Status)
		}
	}

	// Deploy creates both stacks and the tables.
	res, err := c.Deploy(ctx, b)
	if err != nil {
		t.Fatalf("deploy: %v\n%s", err, out.String())
	}
	if res.Upload.Uploaded != 1 || res.Upload.Skipped != 2 { // the diff already uploaded the templates
		t.Errorf("first deploy upload = %+v, want the asset uploaded and the 2 templates skipped", res.Upload)
	}
	if res.Tables.Created != 2 || !res.Changed() {
		t.Errorf("first deploy: tables %v, changed %v", res.Tables, res.Changed())
	}
	if res.Outputs["LakeBucket"] == "" {
		t.Fatalf("no LakeBucket output: %v", res.Outputs)
	}
	info, err = c.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range info {
		if !s.Exists || !succeeded(s.Status) {
			t.Errorf("after deploy, stack %s: exists %v, status %s", s.Name, s.Exists, s.Status)
		}
	}
	if info[1].Outputs["TransformerFunction"] == "" {
		t.Errorf("pipeline outputs: %v", info[1].Outputs)
	}

	// Redeploying the same build is a no-op.
	out.Reset()
	res, err = c.Deploy(ctx, b)
	if err != nil {
		t.Fatalf("redeploy: %v\n%s", err, out.String())
	}
	if res.Changed() || res.Upload.Uploaded != 0 || res.Upload.Skipped != 3 {
		t.Errorf("redeploy changed something: upload %+v, stacks %+v, tables %v", res.Upload, res.Stacks, res.Tables)
	}
	if !strings.Contains(out.String(), "nothing to deploy") {
		t.Errorf("redeploy output lacks the no-op message:\n%s", out.String())
	}

	// A change: a new queue in the storage stack, new code for the
	// pipeline and a new column in the table.
	writeBuild(t, dir, "v2", map[string]any{"DetectionsQueue": map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{"VisibilityTimeout": 60}}})
	if b, err = ReadBuild(dir); err != nil {
		t.Fatal(err)
	}
	c = newTestClient(t, endpoint, testProject(webTable(t, load.Field{Name: "attempts", Type: load.Type{Name: "int"}}), alert.Schema()), &out)
	c.opts.DirectApply = true
	pv, err = c.Diff(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	diffs = pv.Stacks
	if len(pv.Tables) != 1 || pv.Tables[0].Table != "web_auth" || strings.Join(pv.Tables[0].Added, ",") != "attempts" {
		t.Errorf("second diff tables = %+v, want web_auth gaining attempts", pv.Tables)
	}
	if diffs[0].Create || diffs[1].Create {
		t.Errorf("second diff wants to create a deployed stack: %+v", diffs)
	}
	if got := kinds(diffs[0]); len(got[KindAdd]) != 1 || got[KindAdd][0] != "DetectionsQueue" || len(got) != 1 {
		t.Errorf("storage diff = %v, want DetectionsQueue added", got)
	}
	if got := kinds(diffs[1]); len(got[KindModify]) == 0 {
		t.Errorf("pipeline diff = %v, want the function modified (new code key)", got)
	}
	var text bytes.Buffer
	if err := RenderText(&text, pv, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "+ DetectionsQueue") {
		t.Errorf("rendered diff:\n%s", text.String())
	}
	out.Reset()
	res, err = c.Deploy(ctx, b)
	if err != nil {
		t.Fatalf("deploy change: %v\n%s", err, out.String())
	}
	if res.Tables.Evolved != 1 || res.Tables.Unchanged != 1 || res.Stacks[0].Empty() || res.Stacks[1].Empty() {
		t.Errorf("deploy change: tables %v, stacks %+v", res.Tables, res.Stacks)
	}

	// An incompatible column change stops the deploy, naming the table
	// and the field, before the pipeline stack is touched.
	c = newTestClient(t, endpoint, testProject(webTable(t, load.Field{Name: "attempts", Type: load.Type{Name: "string"}})), &out)
	c.opts.DirectApply = true
	_, err = c.Deploy(ctx, b)
	var evo *lake.EvolutionError
	if !errors.As(err, &evo) || evo.Table != "web_auth" || evo.Field != "attempts" {
		t.Errorf("incompatible change: err = %v, want an EvolutionError for web_auth.attempts", err)
	}

	// Destroy removes the stacks, the emptied buckets and the asset bucket.
	plan, err := c.PlanDestroy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Stacks) != 2 || plan.Stacks[0] != "matano-pipeline" || len(plan.Emptied) != 2 || len(plan.Kept) != 0 {
		t.Errorf("destroy plan = %+v", plan)
	}
	if err := c.Destroy(ctx, plan); err != nil {
		t.Fatalf("destroy: %v\n%s", err, out.String())
	}
	info, err = c.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range info {
		if s.Exists {
			t.Errorf("after destroy, stack %s still exists (%s)", s.Name, s.Status)
		}
	}
	if _, err := c.s3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(c.project.AssetBucket())}); !isNotFound(err) {
		t.Errorf("asset bucket after destroy: %v", err)
	}
}

// TestMotoWrongAccount: credentials for another account are refused
// before anything is created.
func TestMotoWrongAccount(t *testing.T) {
	endpoint := motoEndpoint(t)
	p := testProject()
	p.Account = "210987654321"
	_, err := New(context.Background(), p, Options{Endpoint: endpoint})
	if err == nil || !strings.Contains(err.Error(), "123456789012") {
		t.Fatalf("err = %v, want the account mismatch", err)
	}
}

// TestMotoExecuteChangeSet applies a stack the way AWS deploys do, by
// executing its change set, and checks that applying the same template
// again is a no-op (moto answers the empty change set with FAILED and
// "didn't contain changes").
func TestMotoExecuteChangeSet(t *testing.T) {
	endpoint := motoEndpoint(t)
	ctx := context.Background()
	dir := t.TempDir()
	writeBuild(t, dir, "v1", nil)
	b, err := ReadBuild(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c := newTestClient(t, endpoint, testProject(), &out)
	if _, err := c.EnsureAssetBucket(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Upload(ctx, b); err != nil {
		t.Fatal(err)
	}
	d, err := c.apply(ctx, c.project.StorageStack(), b.Storage, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !d.Create || len(d.Changes) != 6 {
		t.Errorf("first apply: create %v, %d changes", d.Create, len(d.Changes))
	}
	st, err := c.describeStack(ctx, c.project.StorageStack())
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != "CREATE_COMPLETE" {
		t.Errorf("status after executing the change set = %s", st.Status)
	}
	if d, err = c.apply(ctx, c.project.StorageStack(), b.Storage, nil); err != nil {
		t.Fatal(err)
	}
	if !d.Empty() {
		t.Errorf("second apply changed %+v", d.Changes)
	}
	if !strings.Contains(out.String(), "matano-storage: no changes") {
		t.Errorf("output:\n%s", out.String())
	}
}

// TestMotoDestroyProduction: in production destroy deletes the stacks but
// keeps the stateful resources (DeletionPolicy Retain) with their data,
// and the asset bucket.
func TestMotoDestroyProduction(t *testing.T) {
	endpoint := motoEndpoint(t)
	ctx := context.Background()
	dir := t.TempDir()
	writeBuildWith(t, dir, "v1", func(storage map[string]any) {
		for _, r := range storage["Resources"].(map[string]any) {
			r := r.(map[string]any)
			if Stateful(r["Type"].(string)) {
				r["DeletionPolicy"], r["UpdateReplacePolicy"] = "Retain", "Retain"
			}
		}
	})
	b, err := ReadBuild(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	p := testProject(webTable(t))
	p.IsProduction = true
	c := newTestClient(t, endpoint, p, &out)
	c.opts.DirectApply = true
	res, err := c.Deploy(ctx, b)
	if err != nil {
		t.Fatalf("deploy: %v\n%s", err, out.String())
	}
	lakeBucket := res.Outputs["LakeBucket"]
	if _, err := c.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(lakeBucket), Key: aws.String("lake/data.parquet"),
		Body: strings.NewReader("rows")}); err != nil {
		t.Fatal(err)
	}
	plan, err := c.PlanDestroy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Emptied) != 0 || plan.DeleteAssetBucket || len(plan.Kept) != 5 {
		t.Errorf("production plan = %+v, want nothing emptied and the 5 stateful resources kept", plan)
	}
	if err := c.Destroy(ctx, plan); err != nil {
		t.Fatalf("destroy: %v\n%s", err, out.String())
	}
	if _, err := c.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(lakeBucket), Key: aws.String("lake/data.parquet")}); err != nil {
		t.Errorf("the lake data is gone after a production destroy: %v", err)
	}
	if _, err := c.s3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(p.AssetBucket())}); err != nil {
		t.Errorf("the asset bucket is gone after a production destroy: %v", err)
	}
	info, err := c.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range info {
		if s.Exists {
			t.Errorf("stack %s still exists (%s)", s.Name, s.Status)
		}
	}
}
