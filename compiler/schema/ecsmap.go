package schema

// ECS → Iceberg type mapping, in one place.
//
//	ECS type                                    Iceberg type
//	keyword, constant_keyword, wildcard,        string
//	  text, match_only_text, ip, version
//	long                                        long
//	integer, short, byte                        int
//	float, half_float                           float
//	scaled_float, double                        double   (scaled values keep their fraction)
//	boolean                                     boolean
//	date                                        timestamp (microseconds, UTC)
//	binary                                      binary
//	geo_point                                   struct<lat:double,lon:double>
//	object with ECS sub-fields                  struct of the selected sub-fields
//	object without sub-fields (labels, ...)     map<string,string>
//	flattened                                   string holding JSON
//	nested                                      list<struct of its sub-fields>
//	any field with normalize: [array]           list<the type above>
//
// Why these choices:
//   - An object without declared sub-fields (labels, container.labels) is,
//     in ECS, keyword values under arbitrary keys: a map keeps the keys
//     queryable (`labels['env']`) without a schema change per key.
//   - A flattened field holds arbitrary nested JSON (cloud.entity.raw,
//     gen_ai messages). No fixed Iceberg type can hold every shape, and a
//     map<string,string> would lose the nesting; JSON text keeps all of it
//     and Athena, Trino, Spark and DuckDB all query it with json_extract.
//   - date maps to timestamp, not timestamptz: Matano's tables and Athena's
//     Iceberg support use timestamp, and every value is UTC.
func icebergTypeForECS(ecsType string) (kind string, ok bool) {
	switch ecsType {
	case "keyword", "constant_keyword", "wildcard", "text", "match_only_text", "ip", "version", "flattened":
		return "string", true
	case "long", "unsigned_long":
		return "long", true
	case "integer", "short", "byte":
		return "int", true
	case "float", "half_float":
		return "float", true
	case "scaled_float", "double":
		return "double", true
	case "boolean":
		return "boolean", true
	case "date":
		return "timestamp", true
	case "binary":
		return "binary", true
	}
	return "", false
}
