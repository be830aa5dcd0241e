package cfn

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"testing/fstest"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/scaffold"
	"github.com/matano-go/matano/compiler/schema"
)

// validDirs is the repository's corpus of valid Matano directories.
const validDirs = "../../../testdata/dirs/valid"

// testAssets are stand-in archives with content-hash keys, as the build
// step names them.
func testAssets() map[string]Asset {
	out := map[string]Asset{}
	for _, name := range []string{AssetBootstrap, AssetDetections} {
		sum := sha256.Sum256([]byte(name))
		h := hex.EncodeToString(sum[:])
		out[name] = Asset{Key: "assets/" + h + ".zip", SHA256: h, Size: 1 << 20}
	}
	return out
}

// inputFor loads a directory into an Input; the directory must load and
// resolve without errors.
func inputFor(t *testing.T, proj *load.Project, diags interface{ HasErrors() bool }) Input {
	t.Helper()
	if diags.HasErrors() {
		t.Fatalf("%s: load errors: %v", proj.Root, diags)
	}
	schemas, sd := schema.Project(proj)
	if sd.HasErrors() {
		t.Fatalf("%s: schema errors: %v", proj.Root, sd)
	}
	return Input{Project: proj, Schemas: schemas, Assets: testAssets()}
}

func loadDir(t *testing.T, dir string) Input {
	t.Helper()
	proj, diags := load.Load(os.DirFS(dir), dir)
	return inputFor(t, proj, diags)
}

// loadMap loads an in-memory directory.
func loadMap(t *testing.T, files map[string]string) Input {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	proj, diags := load.Load(fsys, "mem")
	return inputFor(t, proj, diags)
}

// namedInput is one project the template tests run on.
type namedInput struct {
	name string
	in   Input
}

// goldenInputs are the directories with golden templates: every valid
// test directory and the demo.
func goldenInputs(t *testing.T) []namedInput {
	t.Helper()
	entries, err := os.ReadDir(validDirs)
	if err != nil {
		t.Fatal(err)
	}
	var out []namedInput
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, namedInput{e.Name(), loadDir(t, filepath.Join(validDirs, e.Name()))})
		}
	}
	demo := t.TempDir()
	if _, err := scaffold.WriteDemo(demo, false); err != nil {
		t.Fatal(err)
	}
	out = append(out, namedInput{"demo", loadDir(t, demo)})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// variantProject is a small production project that exercises the
// options the golden directories leave at their defaults.
func variantProject(t *testing.T, config string) Input {
	t.Helper()
	return loadMap(t, map[string]string{
		"matano.config.yml": config,
		"log_sources/vpc/log_source.yml": `name: vpc
ingest:
  s3_source:
    bucket_name: org-flow-logs
    key_prefix: AWSLogs/
schema:
  ecs_field_names: [source.ip]
`,
		"log_sources/partner/log_source.yml": `name: partner
ingest:
  s3_source:
    bucket_name: partner-exports
    access_role_arn: arn:aws:iam::210987654321:role/matano-reader
schema:
  ecs_field_names: [source.ip]
`,
	})
}

const productionConfig = `aws:
  account: "123456789012"
  region: eu-west-1
project_label: prod-lake
is_production: true
lambda:
  transformer:
    memory_mb: 3008
    timeout_seconds: 900
  maintenance:
    timeout_seconds: 600
`

const publicConfig = `aws:
  account: "123456789012"
  region: us-east-1
  set_block_public_access: false
  tags:
    owner: data-team
`

// allInputs are the golden inputs plus the variants.
func allInputs(t *testing.T) []namedInput {
	t.Helper()
	prod := variantProject(t, productionConfig)
	prod.Arch = "amd64"
	return append(goldenInputs(t),
		namedInput{"variant_production", prod},
		namedInput{"variant_public", variantProject(t, publicConfig)},
	)
}

// generate runs Generate and decodes both templates.
func generate(t *testing.T, in Input) (Output, map[string]map[string]any) {
	t.Helper()
	out, err := Generate(in)
	if err != nil {
		t.Fatal(err)
	}
	decoded := map[string]map[string]any{}
	for name, b := range out.Templates {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		decoded[name] = m
	}
	return out, decoded
}
