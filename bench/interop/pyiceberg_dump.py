#!/usr/bin/env python3
"""Read a matano-go local lake with pyiceberg, the reference Python reader.

`matano ingest` writes Iceberg tables through iceberg-go's SQL catalog: a
SQLite file <warehouse>/catalog.db whose catalog name is "matano", tables in
namespace "matano". If pyiceberg, opening the same file under the same
catalog name, sees the same tables, row counts and schemas, then any
Iceberg engine using a SQL catalog can read what we write.

Usage: pyiceberg_dump.py <warehouse> [--json]

Without --json it prints, per table, the row count and one line per schema
field. With --json it prints one JSON object for the Go interop test
(runtime/ingest/interop_test.go):

  {"<table>": {"rows": <rows read>, "summary_rows": <total-records>,
               "fields": [{"id", "name", "type", "required"}, ...],
               "partition": ["<field id> <name> <transform>(<source id>)", ...]}}

Fields are flattened depth-first with dotted paths; a list's element is
<path>.element, a map's key and value <path>.key and <path>.value; nested
types are named "struct", "list" or "map" and their children follow, so two
schemas agree exactly when the lists are equal. "rows" counts the rows
pyarrow actually decoded from the data files, which also checks that every
Parquet file carries the field ids pyiceberg resolves columns by.
"""

import argparse
import json
import os
import sys

from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.types import ListType, MapType, StructType

# Both must match runtime/lake/catalog.go: the SQL catalog keys every row by
# catalog name, so under another name the tables are invisible.
CATALOG_NAME = "matano"
CATALOG_FILE = "catalog.db"
NAMESPACE = "matano"


def flatten(fields, prefix, out):
    for f in fields:
        emit(f.field_id, prefix + f.name, f.field_type, f.required, out)


def emit(field_id, path, typ, required, out):
    if isinstance(typ, StructType):
        out.append(dict(id=field_id, name=path, type="struct", required=required))
        flatten(typ.fields, path + ".", out)
    elif isinstance(typ, ListType):
        out.append(dict(id=field_id, name=path, type="list", required=required))
        emit(typ.element_id, path + ".element", typ.element_type, typ.element_required, out)
    elif isinstance(typ, MapType):
        out.append(dict(id=field_id, name=path, type="map", required=required))
        emit(typ.key_id, path + ".key", typ.key_type, True, out)
        emit(typ.value_id, path + ".value", typ.value_type, typ.value_required, out)
    else:
        out.append(dict(id=field_id, name=path, type=str(typ), required=required))


def open_catalog(warehouse):
    warehouse = os.path.abspath(warehouse)
    db = os.path.join(warehouse, CATALOG_FILE)
    if not os.path.exists(db):
        sys.exit(f"no catalog at {db}")
    return SqlCatalog(
        CATALOG_NAME,
        uri=f"sqlite:///{db}",
        warehouse=f"file://{warehouse}",
        # Read only: do not create pyiceberg's bookkeeping tables in a
        # catalog iceberg-go owns (it already has both).
        init_catalog_tables="false",
    )


def dump(warehouse):
    cat = open_catalog(warehouse)
    out = {}
    for ident in sorted(cat.list_tables(NAMESPACE)):
        name = ident[-1]
        tbl = cat.load_table(ident)
        fields = []
        flatten(tbl.schema().fields, "", fields)
        snap = tbl.current_snapshot()
        summary_rows = 0
        rows = 0
        if snap is not None:
            if snap.summary is not None:
                summary_rows = int(snap.summary.additional_properties.get("total-records", 0))
            rows = tbl.scan().to_arrow().num_rows
        partition = [f"{p.field_id} {p.name} {p.transform}({p.source_id})" for p in tbl.spec().fields]
        out[name] = dict(rows=rows, summary_rows=summary_rows, fields=fields, partition=partition)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("warehouse", help="the lake folder, e.g. <project>/.matano/lake")
    ap.add_argument("--json", action="store_true", help="print JSON for the Go interop test")
    args = ap.parse_args()
    tables = dump(args.warehouse)
    if args.json:
        json.dump(tables, sys.stdout, indent=1, sort_keys=True)
        print()
        return
    for name, t in tables.items():
        print(f"{NAMESPACE}.{name}: {t['rows']} rows (snapshot summary: {t['summary_rows']})")
        print(f"  partitioned by: {', '.join(t['partition']) or 'nothing'}")
        for f in t["fields"]:
            req = "required" if f["required"] else "optional"
            print(f"  {f['id']:>5}  {f['name']}: {f['type']} ({req})")


if __name__ == "__main__":
    main()
