package stdlib

import (
	"errors"
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// get_enrichment_table_record is Matano's lookup of one row of an
// enrichment table:
//
//	get_enrichment_table_record!("geo", {"ip": .src_ip})
//	get_enrichment_table_record!("geo", .src_ip, select: ["country"])
//
// The table name must be a literal. The condition is either a string (the
// table's primary key) or an object with exactly one field whose value is
// a string (a lookup on that column). It returns the row as an object,
// null when no row matches, and fails when the table is unknown.
//
// Tables live outside the stdlib: the enrichment subsystem installs
// EnrichmentLookup (and optionally EnrichmentTableNames). Until it does,
// every lookup fails with a clear "not loaded" error rather than
// pretending the row is absent.
func init() {
	Register(&funcDef{
		ident: "get_enrichment_table_record",
		params: []Param{
			reqParam("table", value.BitBytes),
			reqParam("condition", value.BitObject|value.BitBytes),
			optParam("select", value.BitArray),
		},
		compile: compileGetEnrichmentTableRecord,
	})
}

// EnrichmentLookup finds one row of an enrichment table. key is the
// lookup condition as the call gave it: a string (primary-key lookup) or
// an object with one field whose value is a string (lookup by that
// column). It returns the row (an object), whether a row matched, and an
// error when the lookup itself failed (unknown table, I/O). Nil means no
// tables are available in this process.
var EnrichmentLookup func(table string, key value.Value) (row value.Value, found bool, err error)

// EnrichmentTableNames, when set, lists the tables that exist, so a call
// naming another table is rejected at compile time as Matano does (an
// invalid enum variant). Nil skips the check.
var EnrichmentTableNames func() []string

func compileGetEnrichmentTableRecord(args *Args) (Call, error) {
	var names []string
	if EnrichmentTableNames != nil {
		names = EnrichmentTableNames()
	}
	table := ""
	if names != nil {
		t, err := enumArg(args, 0, "table", names, "")
		if err != nil {
			return nil, err
		}
		table = t
	} else {
		c, ok := constArg(args, 0)
		if !ok {
			// Reuse the enum reader for its E402 "static expression" error.
			_, err := enumArg(args, 0, "table", nil, "")
			return nil, err
		}
		if c.Type() != value.TypeBytes {
			return nil, invalidArgument(0, "table", c, "table name must be a string")
		}
		table = lossyUTF8(c.Str())
	}
	kind := value.KindObjectAny()
	kind.Bits |= value.BitNull
	return &funcCall{td: TypeDef{Kind: kind, Fallible: true}, eval: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
		return lookupEnrichmentRecord(table, args[1], args, present)
	}}, nil
}

func lookupEnrichmentRecord(table string, cond value.Value, args []value.Value, present []bool) (value.Value, error) {
	switch cond.Type() {
	case value.TypeBytes:
	case value.TypeObject:
		entries := cond.Obj().Entries()
		if len(entries) != 1 {
			return value.Null, errors.New("condition must be a string or object with exactly one key/value lookup pair")
		}
		if entries[0].Value.Type() != value.TypeBytes {
			return value.Null, errors.New("err invalid lookup value not str")
		}
	default:
		return value.Null, errors.New("condition must be a string or object with exactly one key/value lookup pair")
	}
	var fields []string
	if isPresent(present, 2) {
		for _, it := range args[2].Arr().Items {
			if it.Type() != value.TypeBytes {
				return value.Null, TypeError(value.BitBytes, it)
			}
			fields = append(fields, lossyUTF8(it.Str()))
		}
	}
	if EnrichmentLookup == nil {
		return value.Null, fmt.Errorf("enrichment table %q is not loaded: enrichment tables are not available in this context", table)
	}
	row, found, err := EnrichmentLookup(table, cond)
	if err != nil {
		return value.Null, fmt.Errorf("failed to get enrichment table record %s", err)
	}
	if !found {
		return value.Null, nil
	}
	if fields == nil || row.Type() != value.TypeObject {
		return row, nil
	}
	out := value.NewObject(len(fields))
	for _, f := range fields {
		if v, ok := row.Obj().Get(f); ok {
			out.Set(f, v)
		}
	}
	return value.ObjectValue(out), nil
}
