package query

import (
	"fmt"
	"strings"

	"github.com/apache/iceberg-go"
)

// duckType is the DuckDB type read_parquet gives a column of Iceberg type
// t, used for the typed NULLs of empty tables and of columns no data file
// has yet (so `WHERE col = 1` and `col.field` type-check the same way
// whether or not the table has data).
func duckType(t iceberg.Type) (string, error) {
	switch t := t.(type) {
	case iceberg.BooleanType:
		return "BOOLEAN", nil
	case iceberg.Int32Type:
		return "INTEGER", nil
	case iceberg.Int64Type:
		return "BIGINT", nil
	case iceberg.Float32Type:
		return "FLOAT", nil
	case iceberg.Float64Type:
		return "DOUBLE", nil
	case iceberg.DecimalType:
		return fmt.Sprintf("DECIMAL(%d, %d)", t.Precision(), t.Scale()), nil
	case iceberg.DateType:
		return "DATE", nil
	case iceberg.TimeType:
		return "TIME", nil
	case iceberg.TimestampType:
		return "TIMESTAMP", nil
	case iceberg.TimestampTzType:
		return "TIMESTAMP WITH TIME ZONE", nil
	case iceberg.TimestampNsType:
		return "TIMESTAMP_NS", nil
	case iceberg.TimestampTzNsType:
		// DuckDB has no nanosecond zoned type; read_parquet gives
		// microsecond TIMESTAMPTZ for these files too.
		return "TIMESTAMP WITH TIME ZONE", nil
	case iceberg.StringType:
		return "VARCHAR", nil
	case iceberg.UUIDType:
		return "UUID", nil
	case iceberg.BinaryType, iceberg.FixedType:
		return "BLOB", nil
	case *iceberg.StructType:
		parts := make([]string, len(t.FieldList))
		for i, f := range t.FieldList {
			ft, err := duckType(f.Type)
			if err != nil {
				return "", fmt.Errorf("%s: %w", f.Name, err)
			}
			parts[i] = quoteIdent(f.Name) + " " + ft
		}
		return "STRUCT(" + strings.Join(parts, ", ") + ")", nil
	case *iceberg.ListType:
		et, err := duckType(t.Element)
		if err != nil {
			return "", err
		}
		return et + "[]", nil
	case *iceberg.MapType:
		kt, err := duckType(t.KeyType)
		if err != nil {
			return "", err
		}
		vt, err := duckType(t.ValueType)
		if err != nil {
			return "", err
		}
		return "MAP(" + kt + ", " + vt + ")", nil
	}
	return "", fmt.Errorf("iceberg type %s has no DuckDB equivalent here", t)
}
