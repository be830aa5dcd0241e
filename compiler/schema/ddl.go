package schema

import (
	"fmt"
	"io"
	"strings"
)

// WriteDDL writes an Athena (Hive DDL dialect for Iceberg) CREATE TABLE
// statement for the schema, partitioned by hour(ts) as matano writes it.
// Trino and Spark accept the same column type syntax.
func WriteDDL(w io.Writer, s *Schema, database, location string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s.%s (\n", quoteIdent(database), quoteIdent(s.Table))
	for i, c := range s.Columns {
		sep := ","
		if i == len(s.Columns)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "  %s %s%s\n", quoteIdent(c.Name), ddlType(c.Type), sep)
	}
	b.WriteString(")\nPARTITIONED BY (hour(ts))\n")
	if location != "" {
		fmt.Fprintf(&b, "LOCATION '%s'\n", strings.ReplaceAll(location, "'", "''"))
	}
	b.WriteString("TBLPROPERTIES (\n  'table_type' = 'ICEBERG',\n  'format' = 'parquet',\n  'write_compression' = 'zstd'\n);\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// ddlType renders a type in Athena's DDL syntax.
func ddlType(t *Type) string {
	switch t.Kind {
	case "long":
		return "bigint"
	case "decimal":
		return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale)
	case "fixed", "uuid":
		return "binary"
	case "list":
		return "array<" + ddlType(t.Element.Type) + ">"
	case "map":
		return "map<" + ddlType(t.Key.Type) + "," + ddlType(t.Value.Type) + ">"
	case "struct":
		parts := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			parts[i] = quoteIdent(f.Name) + ":" + ddlType(f.Type)
		}
		return "struct<" + strings.Join(parts, ",") + ">"
	case "timestamptz":
		return "timestamp"
	}
	return t.Kind
}

// quoteIdent quotes an identifier with backticks when it is not a plain
// lower-case name (Athena DDL uses backticks).
func quoteIdent(s string) string {
	plain := s != ""
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || i > 0 && r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	if plain && !ddlReserved[s] {
		return s
	}
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

// ddlReserved are Athena DDL reserved words that ECS uses as field names.
var ddlReserved = map[string]bool{
	"user": true, "group": true, "from": true, "to": true, "type": true, "date": true,
	"timestamp": true, "table": true, "order": true, "function": true, "interval": true,
	"end": true, "start": true, "path": true, "version": true, "values": true, "domain": true,
}
