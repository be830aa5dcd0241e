package cfn

import "sort"

// statement is one IAM policy statement. Actions are always named
// (service:Action); the only wildcards are in Deny statements, where a
// broader match makes the policy stricter.
type statement struct {
	sid       string
	effect    string
	principal any
	actions   []string
	resources []any
	condition map[string]any
}

func allow(sid string, actions []string, resources ...any) statement {
	return statement{sid: sid, effect: "Allow", actions: actions, resources: resources}
}

func (s statement) render() map[string]any {
	acts := append([]string(nil), s.actions...)
	sort.Strings(acts)
	m := map[string]any{"Effect": s.effect, "Action": acts}
	// A trust policy names no resources.
	if len(s.resources) > 0 {
		m["Resource"] = s.resources
	}
	if s.sid != "" {
		m["Sid"] = s.sid
	}
	if s.principal != nil {
		m["Principal"] = s.principal
	}
	if s.condition != nil {
		m["Condition"] = s.condition
	}
	return m
}

func policyDocument(stmts []statement) map[string]any {
	out := make([]any, len(stmts))
	for i, s := range stmts {
		out[i] = s.render()
	}
	return map[string]any{"Version": "2012-10-17", "Statement": out}
}

// denyInsecureTransport is the TLS-only statement of a resource policy:
// any request on the resources not made over TLS is denied. The action is
// the service wildcard on purpose: a Deny must match every action.
func denyInsecureTransport(service string, resources ...any) statement {
	return statement{
		sid: "DenyInsecureTransport", effect: "Deny", principal: "*",
		actions:   []string{service + ":*"},
		resources: resources,
		condition: map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
	}
}

// Action sets shared by the roles.
var (
	sqsConsume  = []string{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"}
	sqsSend     = []string{"sqs:SendMessage"}
	logsWrite   = []string{"logs:CreateLogStream", "logs:PutLogEvents"}
	s3Read      = []string{"s3:GetObject"}
	s3Write     = []string{"s3:AbortMultipartUpload", "s3:PutObject"}
	s3ReadWrite = []string{"s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"}
	// glueRead loads a table's metadata location (iceberg-go's Glue
	// catalog: GetDatabase for the namespace, GetTable for the table).
	glueRead = []string{"glue:GetDatabase", "glue:GetTable"}
	// glueCommit also creates tables (EnsureTable before a first commit)
	// and swaps metadata pointers (UpdateTable, conditional on the
	// version read).
	glueCommit = []string{"glue:CreateTable", "glue:GetDatabase", "glue:GetTable", "glue:UpdateTable"}
	dynamoRW   = []string{"dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}
)

// storage ARNs, built in the pipeline stack from the storage exports.

func (p *plan) bucketARN(output string) any {
	return subWith("arn:${AWS::Partition}:s3:::${Bucket}", map[string]any{"Bucket": importValue(p.export(output))})
}

// objectsARN is the ARN of the objects under prefix ("" for all) in a
// storage bucket.
func (p *plan) objectsARN(output, prefix string) any {
	return subWith("arn:${AWS::Partition}:s3:::${Bucket}/"+prefix+"*", map[string]any{"Bucket": importValue(p.export(output))})
}

func (p *plan) tableARN(output string) any {
	return subWith("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}",
		map[string]any{"Table": importValue(p.export(output))})
}

// glueARNs are the catalog, the database and the given tables: Glue
// authorises a table call against all three.
func (p *plan) glueARNs(tables []string) []any {
	db := map[string]any{"Database": importValue(p.export("GlueDatabase"))}
	out := []any{
		sub("arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:catalog"),
		subWith("arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:database/${Database}", db),
	}
	if len(tables) > maxListedTables {
		// Still only our database's tables; see maxListedTables.
		return append(out, subWith("arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:table/${Database}/*", db))
	}
	for _, t := range tables {
		out = append(out, subWith("arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:table/${Database}/"+t, db))
	}
	return out
}

// maxListedTables is how many Glue table ARNs a statement lists before
// it names every table of the database instead: a role's inline
// policies may hold 10,240 characters, and each listed table costs
// about 80 of them in the committer's and maintenance's policies.
const maxListedTables = 40
