package lake

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestStageThenCommitPaths is the AWS split on one machine: one lake
// (the transformer) writes and stages, another (the committer) commits
// the staged paths.
func TestStageThenCommitPaths(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	tr := openLake(t, dir, nil)
	defer tr.Close()
	cm := openLake(t, dir, nil)
	defer cm.Close()
	mustEnsure(t, tr, testSchema("web"))
	mustEnsure(t, cm, testSchema("web"))

	b := tr.NewBatch()
	o := obj("staged")
	if err := b.Begin(ctx, o); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		if err := b.Add(ctx, o, "web", ev(t, base.Add(time.Duration(i%2)*time.Hour), `{"message":"s"}`)); err != nil {
			t.Fatal(err)
		}
	}
	staged, err := b.Stage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(staged) != 1 || staged[0].Table != "web" || len(staged[0].Paths) != 2 || staged[0].Rows != 10 ||
		len(staged[0].Objects) != 1 || staged[0].Objects[0] != o.Key() {
		t.Fatalf("staged %+v", staged)
	}
	if in := info(t, cm, "web"); in.Rows != 0 {
		t.Fatalf("staging committed %d rows", in.Rows)
	}
	snap, err := cm.CommitPaths(ctx, "web", staged[0].Paths, staged[0].Objects)
	if err != nil {
		t.Fatal(err)
	}
	in := info(t, cm, "web")
	if in.Rows != 10 || in.Files != 2 || in.SnapshotID != snap {
		t.Errorf("info %+v (snapshot %d)", in, snap)
	}
	tbl, err := cm.cat.LoadTable(ctx, ident("web"))
	if err != nil {
		t.Fatal(err)
	}
	if findObject(tbl, o.Key()) == nil {
		t.Error("snapshot summary does not name the object")
	}
	// Partition values come from the footers: the two files are the two
	// hours.
	tasks, err := tbl.Scan().PlanFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hours := map[string]bool{}
	for _, task := range tasks {
		hours[fmt.Sprint(task.File.Partition())] = true
	}
	if len(hours) != 2 {
		t.Errorf("partitions %v", hours)
	}
	at, err := cm.Scan(ctx, "web")
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	if at.NumRows() != 10 {
		t.Errorf("scan %d rows", at.NumRows())
	}
}
