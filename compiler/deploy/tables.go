package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/iceberg-go/table"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/lake"
)

// TableResult counts what SyncTables did.
type TableResult struct {
	Created, Evolved, Unchanged int
	// Names of the created and evolved tables.
	CreatedNames, EvolvedNames []string
}

func (r TableResult) String() string {
	s := fmt.Sprintf("%d created, %d evolved, %d unchanged", r.Created, r.Evolved, r.Unchanged)
	var names []string
	names = append(names, r.CreatedNames...)
	names = append(names, r.EvolvedNames...)
	if len(names) > 0 {
		s += " (" + strings.Join(names, ", ") + ")"
	}
	return s
}

// SyncTables creates every table of the project in the Glue catalog, or
// evolves it to the project's schema, with lake.EnsureTable: the same
// rules as the local lake (new columns added, allowed promotions applied,
// an incompatible type change is an error naming the table and field and
// changes nothing). Tables are not a CloudFormation resource because
// Iceberg metadata has to be written by an Iceberg library, which a
// template could only do through a Lambda-backed custom resource.
//
// storage are the storage stack's outputs: LakeBucket (the warehouse is
// its lake/ folder) and GlueDatabase.
func (c *Client) SyncTables(ctx context.Context, storage map[string]string) (TableResult, error) {
	var res TableResult
	bucket := storage["LakeBucket"]
	if bucket == "" {
		return res, fmt.Errorf("stack %s has no LakeBucket output", c.project.StorageStack())
	}
	cat, err := lake.OpenGlueCatalog(ctx, lake.AWS{Config: c.cfg, Endpoint: c.opts.Endpoint,
		LakeBucket: bucket, Database: storage["GlueDatabase"]})
	if err != nil {
		return res, err
	}
	defer cat.Close()
	for _, s := range c.project.Tables {
		id := table.Identifier{lake.Namespace, s.Table}
		before := ""
		exists, err := cat.CheckTableExists(ctx, id)
		if err != nil {
			return res, fmt.Errorf("table %s: %w", s.Table, err)
		}
		if exists {
			t, err := cat.LoadTable(ctx, id)
			if err != nil {
				return res, fmt.Errorf("table %s: %w", s.Table, err)
			}
			before = t.MetadataLocation()
		}
		t, err := lake.EnsureTable(ctx, cat, s)
		if err != nil {
			return res, err
		}
		switch {
		case !exists:
			res.Created++
			res.CreatedNames = append(res.CreatedNames, s.Table)
		case t.MetadataLocation() != before:
			res.Evolved++
			res.EvolvedNames = append(res.EvolvedNames, s.Table)
		default:
			res.Unchanged++
		}
	}
	return res, nil
}

// TableChange is what deploy will do to one Iceberg table.
type TableChange struct {
	Table  string `json:"table"`
	Create bool   `json:"create,omitempty"`
	// Added are the columns the project has and the table lacks, as
	// dotted paths (a new struct is listed once, not with its children).
	Added []string `json:"added,omitempty"`
	// Changed are columns whose type or nullability differs; deploy
	// applies Iceberg's allowed promotions and refuses the rest.
	Changed []string `json:"changed,omitempty"`
}

// PlanTables compares the project's tables with those in Glue, without
// changing any. storage are the storage stack's outputs; nil means the
// stack does not exist yet, so every table is new.
func (c *Client) PlanTables(ctx context.Context, storage map[string]string) ([]TableChange, error) {
	var out []TableChange
	if storage == nil {
		for _, s := range c.project.Tables {
			out = append(out, TableChange{Table: s.Table, Create: true})
		}
		return out, nil
	}
	bucket := storage["LakeBucket"]
	if bucket == "" {
		return nil, fmt.Errorf("stack %s has no LakeBucket output", c.project.StorageStack())
	}
	cat, err := lake.OpenGlueCatalog(ctx, lake.AWS{Config: c.cfg, Endpoint: c.opts.Endpoint,
		LakeBucket: bucket, Database: storage["GlueDatabase"]})
	if err != nil {
		return nil, err
	}
	defer cat.Close()
	for _, s := range c.project.Tables {
		id := table.Identifier{lake.Namespace, s.Table}
		exists, err := cat.CheckTableExists(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", s.Table, err)
		}
		if !exists {
			out = append(out, TableChange{Table: s.Table, Create: true})
			continue
		}
		t, err := cat.LoadTable(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", s.Table, err)
		}
		have, err := schema.FromIceberg(s.Table, t.Schema())
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", s.Table, err)
		}
		ch := TableChange{Table: s.Table}
		compareFields("", have.Columns, s.Columns, &ch)
		if len(ch.Added) > 0 || len(ch.Changed) > 0 {
			out = append(out, ch)
		}
	}
	return out, nil
}

// compareFields records in ch the fields of want that have lacks or
// declares differently. Fields are matched by name, as the table's ids
// are not the resolved schema's.
func compareFields(prefix string, have, want []*schema.Field, ch *TableChange) {
	byName := make(map[string]*schema.Field, len(have))
	for _, f := range have {
		byName[f.Name] = f
	}
	for _, w := range want {
		p := w.Name
		if prefix != "" {
			p = prefix + "." + w.Name
		}
		h, ok := byName[w.Name]
		switch {
		case !ok:
			ch.Added = append(ch.Added, p)
		case h.Type.Kind == "struct" && w.Type.Kind == "struct":
			if h.Required != w.Required {
				ch.Changed = append(ch.Changed, p)
			}
			compareFields(p, h.Type.Fields, w.Type.Fields, ch)
		case h.Type.String() != w.Type.String() || h.Required != w.Required:
			ch.Changed = append(ch.Changed, p)
		}
	}
}
