package cfn

// The storage stack: everything that holds data or state. Pipeline
// updates never replace these resources.

// bucketSpec describes one of the buckets Matano creates.
type bucketSpec struct {
	id     string // logical id and output name
	suffix string // name: <label>-<suffix>-<account>-<region>
	what   string
	// expireDays expires objects after so many days (0: never).
	expireDays int
	// notify sends s3:ObjectCreated:* to the ingest queue.
	notify bool
}

// buckets lists the storage buckets. Retention: detection input is
// read once within minutes (7 days covers retries and debugging); Athena
// results are throw-away; outside production the raw and sidelined
// objects expire too, so a test deployment does not grow without bound.
func (p *plan) buckets() []bucketSpec {
	scratch := 0
	if !p.production {
		scratch = 30
	}
	return []bucketSpec{
		{id: "IngestionBucket", suffix: "ingestion", what: "Objects written here are ingested", expireDays: scratch, notify: true},
		{id: "LakeBucket", suffix: "lake", what: "The Iceberg warehouse (prefix lake/)"},
		{id: "SidelineBucket", suffix: "sideline", what: "Records that failed to decode, transform or cast", expireDays: scratch},
		{id: "RealtimeBucket", suffix: "realtime", what: "Normalised records waiting for the detections", expireDays: 7},
		{id: "AthenaResultsBucket", suffix: "athena-results", what: "Athena query results", expireDays: 30},
	}
}

// bucketName is the Fn::Sub pattern of a bucket's name: bucket names are
// global, so the account and region make them unique.
func (p *plan) bucketName(b bucketSpec) string {
	return p.name(b.suffix) + "-${AWS::AccountId}-${AWS::Region}"
}

func (p *plan) storage() *template {
	t := newTemplate("Matano " + p.label + ": storage (buckets, ingest queue, state tables, Glue database, Athena workgroup, alerts topic)")
	p.ingestQueue(t)
	for _, b := range p.buckets() {
		p.bucket(t, b)
	}
	p.glueAndAthena(t)
	p.stateTables(t)
	p.alertsTopic(t)
	p.destinationSecrets(t)
	return t
}

// ingestQueue is the queue the ingestion bucket (and bring-your-own
// buckets) notify, with its dead-letter queue and policy.
func (p *plan) ingestQueue(t *template) {
	tr := p.fn("transformer")
	p.queuePair(t, "IngestQueue", "ingest", false, visibilityTimeout(tr))

	ingestion := p.buckets()[0]
	stmts := []statement{{
		sid: "IngestionBucketNotifications", effect: "Allow",
		principal: map[string]any{"Service": "s3.amazonaws.com"},
		actions:   sqsSend,
		resources: []any{getAtt("IngestQueue", "Arn")},
		// The bucket's ARN is spelled out rather than taken from the
		// bucket, which depends on this policy: S3 checks that it may
		// send to the queue when the notification is configured.
		condition: map[string]any{
			"ArnEquals":    map[string]any{"aws:SourceArn": sub("arn:${AWS::Partition}:s3:::" + p.bucketName(ingestion))},
			"StringEquals": map[string]any{"aws:SourceAccount": ref("AWS::AccountId")},
		},
	}}
	for _, s := range p.sources {
		// Bring-your-own buckets may belong to another account, which the
		// project does not name: the bucket ARN alone scopes the grant.
		stmts = append(stmts, statement{
			sid: "S3Source" + logicalID(s.bucket), effect: "Allow",
			principal: map[string]any{"Service": "s3.amazonaws.com"},
			actions:   sqsSend,
			resources: []any{getAtt("IngestQueue", "Arn")},
			condition: map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": sub("arn:${AWS::Partition}:s3:::" + s.bucket)}},
		})
	}
	stmts = append(stmts, denyInsecureTransport("sqs", getAtt("IngestQueue", "Arn"), getAtt("IngestQueueDLQ", "Arn")))
	t.add("IngestQueuePolicy", "AWS::SQS::QueuePolicy", map[string]any{
		"Queues":         []any{ref("IngestQueue"), ref("IngestQueueDLQ")},
		"PolicyDocument": policyDocument(stmts),
	})

	t.output("IngestQueueUrl", "URL of the queue S3 notifications of ingested objects go to", ref("IngestQueue"), p.export("IngestQueueUrl"))
	t.output("IngestQueueArn", "ARN of the ingest queue; point bring-your-own buckets' s3:ObjectCreated:* notifications here", getAtt("IngestQueue", "Arn"), p.export("IngestQueueArn"))
}

// queuePair adds a queue <id> named <label>-<suffix> and its dead-letter
// queue <id>DLQ. Messages move to the DLQ after three failed receives;
// the DLQ keeps them for SQS's maximum of 14 days.
func (p *plan) queuePair(t *template, id, suffix string, fifo bool, visibility int) {
	name, dlqName := p.name(suffix), p.name(suffix+"-dlq")
	dlq := map[string]any{
		"MessageRetentionPeriod": 1209600,
		"SqsManagedSseEnabled":   true,
		"Tags":                   p.tagList(),
	}
	q := map[string]any{
		// Four days (SQS's default, set explicitly): enough to fix and
		// redeploy a broken function before messages expire.
		"MessageRetentionPeriod": 345600,
		"VisibilityTimeout":      visibility,
		"SqsManagedSseEnabled":   true,
		"RedrivePolicy": map[string]any{
			"deadLetterTargetArn": getAtt(id+"DLQ", "Arn"),
			"maxReceiveCount":     3,
		},
		"Tags": p.tagList(),
	}
	if fifo {
		name, dlqName = name+".fifo", dlqName+".fifo"
		dlq["FifoQueue"] = true
		q["FifoQueue"] = true
		// Producers set a deduplication id; content-based deduplication
		// covers a producer that does not. Deduplication and throughput
		// are per message group (one group per table), which is what
		// lets FIFO queues scale to many tables.
		q["ContentBasedDeduplication"] = true
		q["DeduplicationScope"] = "messageGroup"
		q["FifoThroughputLimit"] = "perMessageGroupId"
	}
	dlq["QueueName"], q["QueueName"] = dlqName, name
	// Queues hold only messages in flight: a retained queue would be an
	// orphan nothing reads, so they go with the stack even in production.
	for _, r := range []*resource{t.add(id+"DLQ", "AWS::SQS::Queue", dlq), t.add(id, "AWS::SQS::Queue", q)} {
		r.DeletionPolicy, r.UpdateReplacePolicy = "Delete", "Delete"
	}
}

// bucket adds a bucket with encryption, public access block, TLS-only
// policy, lifecycle rules and tags, and its output.
func (p *plan) bucket(t *template, b bucketSpec) {
	rules := []any{map[string]any{
		"Id": "AbortIncompleteUploads", "Status": "Enabled",
		"AbortIncompleteMultipartUpload": map[string]any{"DaysAfterInitiation": 1},
	}}
	if b.expireDays > 0 {
		rules = append(rules, map[string]any{"Id": "ExpireObjects", "Status": "Enabled", "ExpirationInDays": b.expireDays})
	}
	props := map[string]any{
		"BucketName": sub(p.bucketName(b)),
		"BucketEncryption": map[string]any{"ServerSideEncryptionConfiguration": []any{map[string]any{
			"ServerSideEncryptionByDefault": map[string]any{"SSEAlgorithm": "AES256"},
		}}},
		"OwnershipControls":      map[string]any{"Rules": []any{map[string]any{"ObjectOwnership": "BucketOwnerEnforced"}}},
		"LifecycleConfiguration": map[string]any{"Rules": rules},
		"Tags":                   p.tagList(),
	}
	if p.blockPublicAccess {
		props["PublicAccessBlockConfiguration"] = map[string]any{
			"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
		}
	}
	if b.notify {
		props["NotificationConfiguration"] = map[string]any{"QueueConfigurations": []any{map[string]any{
			"Event": "s3:ObjectCreated:*", "Queue": getAtt("IngestQueue", "Arn"),
		}}}
	}
	r := t.add(b.id, "AWS::S3::Bucket", props)
	if b.notify {
		r.DependsOn = []string{"IngestQueuePolicy"}
	}
	p.retain(r)

	t.add(b.id+"Policy", "AWS::S3::BucketPolicy", map[string]any{
		"Bucket": ref(b.id),
		"PolicyDocument": policyDocument([]statement{denyInsecureTransport("s3",
			getAtt(b.id, "Arn"),
			subWith("${Arn}/*", map[string]any{"Arn": getAtt(b.id, "Arn")}),
		)}),
	})
	t.output(b.id, b.what+" (bucket name)", ref(b.id), p.export(b.id))
}

// glueAndAthena adds the Glue database the Iceberg tables live in and the
// Athena workgroup that queries them.
func (p *plan) glueAndAthena(t *template) {
	db := t.add("GlueDatabase", "AWS::Glue::Database", map[string]any{
		"CatalogId": ref("AWS::AccountId"),
		"DatabaseInput": map[string]any{
			"Name":        p.glueDatabase(),
			"Description": "Matano " + p.label + " Iceberg tables",
			"LocationUri": sub("s3://${LakeBucket}/lake/"),
		},
	})
	p.retain(db)
	// Outputs name the database and workgroup literally (what Ref would
	// return): the same value on AWS, and stand-ins such as moto that
	// skip these resource types still export it.
	t.output("GlueDatabase", "Glue database of the Iceberg tables", p.glueDatabase(), p.export("GlueDatabase"))

	t.add("AthenaWorkgroup", "AWS::Athena::WorkGroup", map[string]any{
		"Name":        p.label,
		"Description": "Matano " + p.label + " queries",
		"State":       "ENABLED",
		// Outside production the stack may delete the workgroup with its
		// saved queries and history.
		"RecursiveDeleteOption": !p.production,
		"WorkGroupConfiguration": map[string]any{
			"EnforceWorkGroupConfiguration":   true,
			"PublishCloudWatchMetricsEnabled": true,
			"EngineVersion":                   map[string]any{"SelectedEngineVersion": "Athena engine version 3"},
			"ResultConfiguration": map[string]any{
				"OutputLocation":          sub("s3://${AthenaResultsBucket}/results/"),
				"EncryptionConfiguration": map[string]any{"EncryptionOption": "SSE_S3"},
			},
		},
		"Tags": p.tagList(),
	})
	t.output("AthenaWorkgroup", "Athena workgroup for querying the lake", p.label, p.export("AthenaWorkgroup"))
}

// stateTables adds the DynamoDB tables. Key schemas:
//   - ledger: pk (S) = the object's ledger key;
//   - alert state: pk (S) = rule, sk (S) = "d#" + dedupe (runtime/alert);
//   - remotecache: pk (S) = namespace, sk1 (S) = key (runtime/python).
//
// Each expires items through the "ttl" attribute (N, Unix seconds).
// Encryption at rest is DynamoDB's default (an AWS owned key).
func (p *plan) stateTables(t *template) {
	for _, d := range []struct {
		id, suffix, what string
		keys             []string
	}{
		{"LedgerTable", "ledger", "Ingestion ledger (object → started/done)", []string{"pk"}},
		{"AlertStateTable", "alert-state", "Alert windows per rule and dedupe string", []string{"pk", "sk"}},
		{"RemoteCacheTable", "remotecache", "remotecache() of the Python detections", []string{"pk", "sk1"}},
	} {
		var attrs, schema []any
		for i, k := range d.keys {
			attrs = append(attrs, map[string]any{"AttributeName": k, "AttributeType": "S"})
			kt := "HASH"
			if i > 0 {
				kt = "RANGE"
			}
			schema = append(schema, map[string]any{"AttributeName": k, "KeyType": kt})
		}
		props := map[string]any{
			"TableName":               p.name(d.suffix),
			"BillingMode":             "PAY_PER_REQUEST",
			"AttributeDefinitions":    attrs,
			"KeySchema":               schema,
			"TimeToLiveSpecification": map[string]any{"AttributeName": "ttl", "Enabled": true},
			"Tags":                    p.tagList(),
		}
		if p.production {
			props["PointInTimeRecoverySpecification"] = map[string]any{"PointInTimeRecoveryEnabled": true}
			props["DeletionProtectionEnabled"] = true
		}
		p.retain(t.add(d.id, "AWS::DynamoDB::Table", props))
		t.output(d.id, d.what+" (table name)", ref(d.id), p.export(d.id))
	}
}

// alertsTopic adds the SNS topic alerts are published to, encrypted with
// the AWS managed SNS key (publishers in the account need no KMS grant).
func (p *plan) alertsTopic(t *template) {
	t.add("AlertsTopic", "AWS::SNS::Topic", map[string]any{
		"TopicName":      p.name("alerts"),
		"DisplayName":    "Matano " + p.label + " alerts",
		"KmsMasterKeyId": "alias/aws/sns",
		"Tags":           p.tagList(),
	})
	t.add("AlertsTopicPolicy", "AWS::SNS::TopicPolicy", map[string]any{
		"Topics":         []any{ref("AlertsTopic")},
		"PolicyDocument": policyDocument([]statement{denyInsecureTransport("sns", ref("AlertsTopic"))}),
	})
	t.output("AlertsTopicArn", "ARN of the SNS topic alerts are published to", ref("AlertsTopic"), p.export("AlertsTopicArn"))
}
