package ingest

import "testing"

func TestTestProjectIsValid(t *testing.T) {
	p, schemas := loadProject(t, writeProject(t, testProject))
	if len(p.LogSources) != 6 || schemas["app_dns"] == nil || schemas["web"] == nil {
		t.Fatalf("log sources %d, schemas %v", len(p.LogSources), len(schemas))
	}
}
