package cfn

import "encoding/json"

// The pipeline stack: the functions and the queues between them. It
// holds no data worth keeping beyond the messages in flight, so it can be
// updated or replaced without touching the storage stack.

// logRetentionDays is how long function logs are kept.
func (p *plan) logRetentionDays() int {
	if p.production {
		return 365
	}
	return 30
}

func (p *plan) pipeline() *template {
	t := newTemplate("Matano " + p.label + ": pipeline (Lambda functions, queues, schedules)")
	t.Parameters = map[string]any{
		"AssetBucket": map[string]any{
			"Type":           "String",
			"Description":    "Bucket holding the Lambda code archives (matano deploy creates and fills it)",
			"AllowedPattern": "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
		},
	}

	p.queuePair(t, "CommitQueue", "commit", true, visibilityTimeout(p.fn("committer")))
	p.queuePair(t, "DetectionsQueue", "detections", false, visibilityTimeout(p.fn("detections")))
	p.queuePair(t, "AlertsQueue", "alerts", true, visibilityTimeout(p.fn("alert_writer")))
	var queues, arns []any
	for _, id := range []string{"CommitQueue", "DetectionsQueue", "AlertsQueue"} {
		queues = append(queues, ref(id), ref(id+"DLQ"))
		arns = append(arns, getAtt(id, "Arn"), getAtt(id+"DLQ", "Arn"))
	}
	t.add("PipelineQueuePolicy", "AWS::SQS::QueuePolicy", map[string]any{
		"Queues":         queues,
		"PolicyDocument": policyDocument([]statement{denyInsecureTransport("sqs", arns...)}),
	})

	for _, f := range p.functions {
		p.function(t, f)
	}
	p.eventSource(t, "transformer", importValue(p.export("IngestQueueArn")), 10)
	p.eventSource(t, "committer", getAtt("CommitQueue", "Arn"), 10)
	p.eventSource(t, "alert_writer", getAtt("AlertsQueue", "Arn"), 10)
	p.eventSource(t, "detections", getAtt("DetectionsQueue", "Arn"), 10)
	p.schedule(t, "MaintenanceCompactSchedule", "compact", "rate(1 hour)", "Compacts every Iceberg table hourly")
	p.schedule(t, "MaintenanceExpireSchedule", "expire", "rate(1 day)", "Expires old snapshots and deletes orphan files of every Iceberg table daily")

	for _, id := range []string{"CommitQueue", "DetectionsQueue", "AlertsQueue"} {
		t.output(id+"Url", "URL of the "+id+" queue", ref(id), "")
		t.output(id+"DLQUrl", "URL of the "+id+" dead-letter queue", ref(id+"DLQ"), "")
	}
	for _, f := range p.functions {
		t.output(f.id+"Function", f.description+" (function name)", ref(f.id+"Function"), "")
	}
	return t
}

// environment is a function's environment. The Go functions share one
// binary and one environment (MATANO_HANDLER picks the handler), so each
// handler finds every name it may need; what it may do with them is
// limited by its role.
func (p *plan) environment(f function) map[string]any {
	env := map[string]any{
		"MATANO_CONFIG_DIR": "/var/task/config",
		"ALERTS_QUEUE_URL":  ref("AlertsQueue"),
		"REMOTECACHE_TABLE": importValue(p.export("RemoteCacheTable")),
		"REALTIME_BUCKET":   importValue(p.export("RealtimeBucket")),
	}
	if f.python {
		// runtime/python's remotecache() reads this name.
		env["MATANO_REMOTECACHE_TABLE"] = importValue(p.export("RemoteCacheTable"))
		return env
	}
	env["MATANO_HANDLER"] = f.handler
	for name, output := range map[string]string{
		"LAKE_BUCKET":       "LakeBucket",
		"SIDELINE_BUCKET":   "SidelineBucket",
		"INGESTION_BUCKET":  "IngestionBucket",
		"GLUE_DATABASE":     "GlueDatabase",
		"LEDGER_TABLE":      "LedgerTable",
		"ALERT_STATE_TABLE": "AlertStateTable",
		"ALERTS_TOPIC_ARN":  "AlertsTopicArn",
	} {
		env[name] = importValue(p.export(output))
	}
	if v := p.destinationSecretsEnv(); v != nil {
		env["DESTINATION_SECRETS"] = v
	}
	env["COMMIT_QUEUE_URL"] = ref("CommitQueue")
	env["DETECTIONS_QUEUE_URL"] = ref("DetectionsQueue")
	return env
}

// function adds a function with its log group and role.
func (p *plan) function(t *template, f function) {
	logID, roleID := f.id+"LogGroup", f.id+"Role"
	name := p.name(f.suffix)
	lg := t.add(logID, "AWS::Logs::LogGroup", map[string]any{
		"LogGroupName":    "/aws/lambda/" + name,
		"RetentionInDays": p.logRetentionDays(),
		"Tags":            p.tagList(),
	})
	p.retain(lg)

	stmts := append([]statement{allow("Logs", logsWrite, getAtt(logID, "Arn"))}, p.permissions(f)...)
	t.add(roleID, "AWS::IAM::Role", map[string]any{
		"Description": "Role of the " + name + " function",
		"AssumeRolePolicyDocument": policyDocument([]statement{{
			effect: "Allow", principal: map[string]any{"Service": "lambda.amazonaws.com"},
			actions: []string{"sts:AssumeRole"},
		}}),
		"Policies": []any{map[string]any{"PolicyName": f.suffix, "PolicyDocument": policyDocument(stmts)}},
		"Tags":     p.tagList(),
	})

	runtime, handler, asset := "provided.al2023", "bootstrap", p.assets[AssetBootstrap]
	if f.python {
		runtime, handler, asset = "python3.12", "detection.lambda_handler.handler", p.assets[AssetDetections]
	}
	t.add(f.id+"Function", "AWS::Lambda::Function", map[string]any{
		"FunctionName":  name,
		"Description":   f.description,
		"Role":          getAtt(roleID, "Arn"),
		"Runtime":       runtime,
		"Handler":       handler,
		"Architectures": []any{p.lambdaArch},
		"Code":          map[string]any{"S3Bucket": ref("AssetBucket"), "S3Key": asset.Key},
		"MemorySize":    f.memoryMB,
		"Timeout":       f.timeout,
		"Environment":   map[string]any{"Variables": p.environment(f)},
		"LoggingConfig": map[string]any{"LogGroup": ref(logID), "LogFormat": "Text"},
		"Tags":          p.tagList(),
	})
}

// eventSource connects a queue to a function. Handlers report failed
// messages individually (ReportBatchItemFailures), so one bad object
// does not make the whole batch retry.
func (p *plan) eventSource(t *template, key string, queueARN any, batch int) {
	f := p.fn(key)
	t.add(f.id+"EventSource", "AWS::Lambda::EventSourceMapping", map[string]any{
		"EventSourceArn":        queueARN,
		"FunctionName":          ref(f.id + "Function"),
		"BatchSize":             batch,
		"Enabled":               true,
		"FunctionResponseTypes": []any{"ReportBatchItemFailures"},
		"Tags":                  p.tagList(),
	})
}

// schedule runs the maintenance function on an EventBridge rule with
// input {"op": op, "table": ""} (every table).
func (p *plan) schedule(t *template, id, op, expr, description string) {
	input, _ := json.Marshal(map[string]string{"op": op, "table": ""})
	f := p.fn("maintenance")
	t.add(id, "AWS::Events::Rule", map[string]any{
		"Name":               p.name(op),
		"Description":        description,
		"ScheduleExpression": expr,
		"State":              "ENABLED",
		"Targets": []any{map[string]any{
			"Id": op, "Arn": getAtt(f.id+"Function", "Arn"), "Input": string(input),
		}},
		"Tags": p.tagList(),
	})
	t.add(id+"Permission", "AWS::Lambda::Permission", map[string]any{
		"Action":        "lambda:InvokeFunction",
		"FunctionName":  ref(f.id + "Function"),
		"Principal":     "events.amazonaws.com",
		"SourceAccount": ref("AWS::AccountId"),
		"SourceArn":     getAtt(id, "Arn"),
	})
}
