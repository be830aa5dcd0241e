package diag

// Matano's own diagnostic codes. VRL diagnostics keep the upstream VRL
// numbers ("E100"); everything matano-go reports about a Matano directory
// uses an "M" code from this registry.
//
// The registry is append-only: a code, once published, keeps its meaning
// forever and is never reused, so that users can grep for it, suppress it
// and link to it. Ranges group codes by the stage that raises them:
//
//	M001–M099  loading files (I/O, YAML syntax, file layout)
//	M100–M199  the shape of one file (CUE schema, value rules)
//	M200–M299  rules across files (references, uniqueness, naming)
//	M300–M399  detection Python code
//	M400–M499  table schemas (ECS resolution, transform type checks)
const (
	// Loading.
	CodeReadFailed        = "M001"
	CodeYAMLSyntax        = "M002"
	CodeNotAMapping       = "M003"
	CodeMissingConfig     = "M004"
	CodeMissingFile       = "M005"
	CodeDuplicateKey      = "M006"
	CodeMultipleDocuments = "M007"

	// One file.
	CodeUnknownKey         = "M100"
	CodeWrongType          = "M101"
	CodeInvalidEnum        = "M102"
	CodeMissingKey         = "M103"
	CodeInvalidValue       = "M104"
	CodeInvalidAccount     = "M105"
	CodeInvalidLabel       = "M106"
	CodeDeprecatedKey      = "M107"
	CodeConflictingKeys    = "M108"
	CodeInvalidFieldType   = "M109"
	CodeDuplicateField     = "M110"
	CodeSchemaUnavailable  = "M111"
	CodeInvalidDestination = "M112"
	CodeSQSSourceNotBuilt  = "M113"

	// Across files.
	CodeUnknownTable         = "M200"
	CodeUnknownDestination   = "M201"
	CodeDuplicateName        = "M202"
	CodeNameMismatch         = "M203"
	CodeManagedNamePrefix    = "M204"
	CodeUnknownManagedType   = "M205"
	CodeInfoWithDestinations = "M206"
	CodeStaticWriteMode      = "M207"
	CodeMergeNeedsPrimaryKey = "M208"
	CodeMissingEnrichData    = "M209"
	CodeUnknownLookupKey     = "M210"
	CodeUnknownManagedTable  = "M211"
	CodeManagedTableRenamed  = "M212"
	CodeNoManagedTable       = "M213"

	// Python.
	CodePythonSyntax      = "M300"
	CodeMissingDetect     = "M301"
	CodePythonUnavailable = "M302"
	CodePythonCheckFailed = "M303"

	// Table schemas.
	CodeUnknownECSField      = "M400"
	CodeFieldCollision       = "M401"
	CodeTransformType        = "M402"
	CodeDroppedField         = "M403"
	CodeTimestampType        = "M404"
	CodeSelectNotString      = "M405"
	CodeExpandNotArray       = "M406"
	CodeUnknownSelectedTable = "M407"
	CodeFieldTypeConflict    = "M408"
)

// CodeInfo documents one code: what it means and a minimal input that
// triggers it. Renderers use Meaning for SARIF rule descriptions and
// `matano explain`-style help.
type CodeInfo struct {
	Code    string
	Meaning string
	Example string
}

// Codes lists every matano code in registration order. Append only.
var Codes = []CodeInfo{
	{CodeReadFailed, "a file or directory of the Matano directory could not be read", "detections/x/detection.yml: permission denied"},
	{CodeYAMLSyntax, "a YAML file does not parse", "alert: [high"},
	{CodeNotAMapping, "a YAML file is empty or its top level is not a mapping", "detection.yml containing `- a`"},
	{CodeMissingConfig, "the directory has no matano.config.yml", "a directory holding only detections/"},
	{CodeMissingFile, "a required file of a log source, detection or enrichment table is missing", "detections/x/ without detection.yml"},
	{CodeDuplicateKey, "a mapping repeats a key", "name: a\nname: b"},
	{CodeMultipleDocuments, "a YAML file holds more than one document", "name: a\n---\nname: b"},

	{CodeUnknownKey, "a key is not part of the file's schema", "alert: {severty: high}"},
	{CodeWrongType, "a value has the wrong type", "enabled: \"yes\""},
	{CodeInvalidEnum, "a value is not one of the allowed values", "alert: {severity: urgent}"},
	{CodeMissingKey, "a required key is missing", "detection.yml without name"},
	{CodeInvalidValue, "a value breaks a constraint (range, pattern, length)", "alert: {threshold: 0}"},
	{CodeInvalidAccount, "aws.account is not a 12-digit AWS account id", "aws: {account: 1234}"},
	{CodeInvalidLabel, "project_label is not 5–15 characters of kebab-case without \"matano\"", "project_label: My_Matano"},
	{CodeDeprecatedKey, "a legacy key is used where a newer one exists", "aws_region: eu-west-1"},
	{CodeConflictingKeys, "a legacy key and its replacement are both set", "aws_region: eu-west-1\naws: {region: us-east-1}"},
	{CodeInvalidFieldType, "a schema field has a type that is not a valid Iceberg type", "fields: [{name: a, type: text}]"},
	{CodeDuplicateField, "a schema declares the same field twice at one level", "fields: [{name: a, type: string}, {name: a, type: int}]"},
	{CodeSchemaUnavailable, "the embedded CUE schemas did not compile (a matano bug)", "a syntax error in schemas/detection.cue"},
	{CodeInvalidDestination, "a destination's properties do not fit its type", "type: webhook without url_env or url_secret"},
	{CodeSQSSourceNotBuilt, "a log source enables ingest.sqs_source, for which the AWS deployment creates no queue", "ingest: {sqs_source: {enabled: true}}"},

	{CodeUnknownTable, "a detection names a table no log source defines", "tables: [aws_cloudtrial]"},
	{CodeUnknownDestination, "a detection alerts a destination that is not defined", "alert: {destinations: [slack_sec]}"},
	{CodeDuplicateName, "two log sources, tables, detections, enrichment tables or destinations share a name", "two detection.yml files with name: root_login"},
	{CodeNameMismatch, "a log source's name differs from its folder, or a table's from its file", "log_sources/dns/log_source.yml with name: zeek_dns"},
	{CodeManagedNamePrefix, "a managed log source's name does not start with its managed type's prefix", "name: trail with managed.type aws_cloudtrail"},
	{CodeUnknownManagedType, "managed.type is not a managed log source Matano knows", "managed: {type: aws_cloudtrial}"},
	{CodeInfoWithDestinations, "an alert of severity info (the default) is sent to destinations", "alert: {destinations: [slack]}"},
	{CodeStaticWriteMode, "a static enrichment table sets write_mode", "enrichment_type: static\nwrite_mode: merge"},
	{CodeMergeNeedsPrimaryKey, "write_mode merge without schema.primary_key", "write_mode: merge"},
	{CodeMissingEnrichData, "a static enrichment table has no data.json or data.csv", "enrichment/ips/ with only enrichment.yml"},
	{CodeUnknownLookupKey, "an enrichment lookup key or primary key is not a field of its schema", "lookup_keys: [ip] with no field ip"},
	{CodeUnknownManagedTable, "a managed log source has a table file that is not one of its managed type's tables", "log_sources/aws_cloudtrail/tables/trail.yml"},
	{CodeManagedTableRenamed, "a table file of a managed log source renames the managed table", "tables/digest.yml with name: digests"},
	{CodeNoManagedTable, "a managed log source enables none of its type's tables, so its records have no table to go to", "log_sources/zeek with managed.type zeek and no tables/"},

	{CodePythonSyntax, "a detect.py file does not compile under Python 3", "def detect(record) return True"},
	{CodeMissingDetect, "a detect.py file has no top-level detect function", "def detekt(record): ..."},
	{CodePythonUnavailable, "python3 was not found, so detect.py files were not checked", "PATH without python3"},
	{CodePythonCheckFailed, "the Python checker process failed", "python3 crashed while checking"},

	{CodeUnknownECSField, "an ecs_field_names entry is neither an ECS field nor an ECS field set", "ecs_field_names: [sorce.ip]"},
	{CodeFieldCollision, "a custom schema field has the name of an ECS field set or of the ts column", "fields: [{name: source, type: string}]"},
	{CodeTransformType, "a transform writes a value its column's type cannot hold", ".source.port = \"80\" with source.port a long"},
	{CodeDroppedField, "a transform assigns a field that is not a column of the table, so it is dropped at write", ".event.kynd = \"event\""},
	{CodeTimestampType, "ts is not (or may not be) a timestamp at the end of a transform", ".ts = .json.time"},
	{CodeSelectNotString, "select_table_from_payload(_metadata) cannot return a string, so it never selects a table", "select_table_from_payload: 42"},
	{CodeExpandNotArray, "expand_records_from_payload cannot return an array of records", "expand_records_from_payload: parse_json!(.__raw).Records[0]"},
	{CodeUnknownSelectedTable, "select_table_from_payload(_metadata) returns a table name the log source does not have", "select_table_from_payload: '\"dsn\"' with tables/dns.yml"},
	{CodeFieldTypeConflict, "a table file declares a field with another type than its log source", "log source: {name: port, type: int}; table: {name: port, type: string}"},
}

// LookupCode returns the registry entry for code.
func LookupCode(code string) (CodeInfo, bool) {
	for _, c := range Codes {
		if c.Code == code {
			return c, true
		}
	}
	return CodeInfo{}, false
}
