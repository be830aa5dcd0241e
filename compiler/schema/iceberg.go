package schema

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
)

// Iceberg converts the schema to an iceberg-go schema with the same field
// ids.
func (s *Schema) Iceberg() (*iceberg.Schema, error) {
	fields := make([]iceberg.NestedField, len(s.Columns))
	for i, c := range s.Columns {
		f, err := icebergField(c)
		if err != nil {
			return nil, err
		}
		fields[i] = f
	}
	return iceberg.NewSchema(0, fields...), nil
}

// Arrow converts the schema to an Arrow schema through iceberg-go, with
// the Iceberg field ids in each field's metadata (PARQUET:field_id), as
// the Parquet writer needs them.
func (s *Schema) Arrow() (*arrow.Schema, error) {
	sc, err := s.Iceberg()
	if err != nil {
		return nil, err
	}
	return table.SchemaToArrowSchema(sc, nil, true, false)
}

func icebergField(f *Field) (iceberg.NestedField, error) {
	t, err := icebergType(f.Type)
	if err != nil {
		return iceberg.NestedField{}, fmt.Errorf("%s: %w", f.Name, err)
	}
	return iceberg.NestedField{ID: f.ID, Name: f.Name, Type: t, Required: f.Required}, nil
}

func icebergType(t *Type) (iceberg.Type, error) {
	switch t.Kind {
	case "boolean":
		return iceberg.PrimitiveTypes.Bool, nil
	case "int":
		return iceberg.PrimitiveTypes.Int32, nil
	case "long":
		return iceberg.PrimitiveTypes.Int64, nil
	case "float":
		return iceberg.PrimitiveTypes.Float32, nil
	case "double":
		return iceberg.PrimitiveTypes.Float64, nil
	case "date":
		return iceberg.PrimitiveTypes.Date, nil
	case "time":
		return iceberg.PrimitiveTypes.Time, nil
	case "timestamp":
		return iceberg.PrimitiveTypes.Timestamp, nil
	case "timestamptz":
		return iceberg.PrimitiveTypes.TimestampTz, nil
	case "string":
		return iceberg.PrimitiveTypes.String, nil
	case "binary":
		return iceberg.PrimitiveTypes.Binary, nil
	case "uuid":
		return iceberg.PrimitiveTypes.UUID, nil
	case "decimal":
		return iceberg.DecimalTypeOf(t.Precision, t.Scale), nil
	case "fixed":
		return iceberg.FixedTypeOf(t.Length), nil
	case "struct":
		st := &iceberg.StructType{}
		for _, c := range t.Fields {
			f, err := icebergField(c)
			if err != nil {
				return nil, err
			}
			st.FieldList = append(st.FieldList, f)
		}
		return st, nil
	case "list":
		el, err := icebergType(t.Element.Type)
		if err != nil {
			return nil, err
		}
		return &iceberg.ListType{ElementID: t.Element.ID, Element: el, ElementRequired: t.Element.Required}, nil
	case "map":
		k, err := icebergType(t.Key.Type)
		if err != nil {
			return nil, err
		}
		v, err := icebergType(t.Value.Type)
		if err != nil {
			return nil, err
		}
		return &iceberg.MapType{KeyID: t.Key.ID, KeyType: k, ValueID: t.Value.ID, ValueType: v, ValueRequired: t.Value.Required}, nil
	}
	return nil, fmt.Errorf("unknown type %q", t.Kind)
}

// FromIceberg converts an iceberg-go schema back into a Schema (used when
// an existing table's schema is compared with the resolved one).
func FromIceberg(table string, sc *iceberg.Schema) (*Schema, error) {
	s := &Schema{Table: table, LastID: sc.HighestFieldID()}
	for _, f := range sc.Fields() {
		c, err := fromIcebergField(f)
		if err != nil {
			return nil, err
		}
		s.Columns = append(s.Columns, c)
	}
	return s, nil
}

func fromIcebergField(f iceberg.NestedField) (*Field, error) {
	t, err := fromIcebergType(f.Type)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return &Field{ID: f.ID, Name: f.Name, Type: t, Required: f.Required}, nil
}

func fromIcebergType(t iceberg.Type) (*Type, error) {
	switch tt := t.(type) {
	case iceberg.BooleanType:
		return &Type{Kind: "boolean"}, nil
	case iceberg.Int32Type:
		return &Type{Kind: "int"}, nil
	case iceberg.Int64Type:
		return &Type{Kind: "long"}, nil
	case iceberg.Float32Type:
		return &Type{Kind: "float"}, nil
	case iceberg.Float64Type:
		return &Type{Kind: "double"}, nil
	case iceberg.DateType:
		return &Type{Kind: "date"}, nil
	case iceberg.TimeType:
		return &Type{Kind: "time"}, nil
	case iceberg.TimestampType:
		return &Type{Kind: "timestamp"}, nil
	case iceberg.TimestampTzType:
		return &Type{Kind: "timestamptz"}, nil
	case iceberg.StringType:
		return &Type{Kind: "string"}, nil
	case iceberg.BinaryType:
		return &Type{Kind: "binary"}, nil
	case iceberg.UUIDType:
		return &Type{Kind: "uuid"}, nil
	case iceberg.DecimalType:
		return &Type{Kind: "decimal", Precision: tt.Precision(), Scale: tt.Scale()}, nil
	case iceberg.FixedType:
		return &Type{Kind: "fixed", Length: tt.Len()}, nil
	case *iceberg.StructType:
		out := &Type{Kind: "struct"}
		for _, f := range tt.FieldList {
			c, err := fromIcebergField(f)
			if err != nil {
				return nil, err
			}
			out.Fields = append(out.Fields, c)
		}
		return out, nil
	case *iceberg.ListType:
		el, err := fromIcebergType(tt.Element)
		if err != nil {
			return nil, err
		}
		return &Type{Kind: "list", Element: &Field{ID: tt.ElementID, Name: "element", Type: el, Required: tt.ElementRequired}}, nil
	case *iceberg.MapType:
		k, err := fromIcebergType(tt.KeyType)
		if err != nil {
			return nil, err
		}
		v, err := fromIcebergType(tt.ValueType)
		if err != nil {
			return nil, err
		}
		return &Type{Kind: "map",
			Key:   &Field{ID: tt.KeyID, Name: "key", Type: k, Required: true},
			Value: &Field{ID: tt.ValueID, Name: "value", Type: v, Required: tt.ValueRequired}}, nil
	}
	return nil, fmt.Errorf("unsupported Iceberg type %s", t)
}
