package cfn

// permissions are a function's policy statements beyond writing its
// logs: named actions only, each on the ARNs of our own buckets (narrowed
// to a prefix where the function works under one), queues, tables and
// Glue tables. No statement needs Resource "*".
func (p *plan) permissions(f function) []statement {
	lake := p.objectsARN("LakeBucket", "lake/")
	switch f.key {
	case "transformer":
		s := []statement{
			allow("ConsumeIngestQueue", sqsConsume, importValue(p.export("IngestQueueArn"))),
			allow("ReadIngestionBucket", s3Read, p.objectsARN("IngestionBucket", "")),
			allow("StageDataFiles", s3ReadWrite, lake),
			allow("WriteSideline", s3Write, p.objectsARN("SidelineBucket", "")),
			allow("WriteRealtime", s3Write, p.objectsARN("RealtimeBucket", "")),
			allow("SendCommitsAndDetections", sqsSend, getAtt("CommitQueue", "Arn"), getAtt("DetectionsQueue", "Arn")),
			allow("Ledger", dynamoRW, p.tableARN("LedgerTable")),
			allow("ReadTables", glueRead, p.glueARNs(p.logTables())...),
		}
		for _, src := range p.sources {
			if len(src.prefixes) > 0 {
				s = append(s, allow("ReadS3Source"+logicalID(src.bucket), s3Read, src.objectARNs()...))
			}
			if len(src.roles) > 0 {
				roles := make([]any, len(src.roles))
				for i, r := range src.roles {
					roles[i] = r
				}
				s = append(s, allow("AssumeS3SourceRole"+logicalID(src.bucket), []string{"sts:AssumeRole"}, roles...))
			}
		}
		return s
	case "committer":
		return []statement{
			allow("ConsumeCommitQueue", sqsConsume, getAtt("CommitQueue", "Arn")),
			allow("WriteTableMetadata", s3ReadWrite, lake),
			allow("CommitTables", glueCommit, p.glueARNs(p.tables)...),
			allow("Ledger", dynamoRW, p.tableARN("LedgerTable")),
		}
	case "alert_writer":
		s := []statement{
			allow("ConsumeAlertsQueue", sqsConsume, getAtt("AlertsQueue", "Arn")),
			allow("AlertState", dynamoRW, p.tableARN("AlertStateTable")),
			allow("PublishAlerts", []string{"sns:Publish"}, importValue(p.export("AlertsTopicArn"))),
			allow("WriteAlertRows", s3ReadWrite, lake),
			allow("CommitAlertsTable", glueCommit, p.glueARNs([]string{AlertsTable})...),
			allow("SendCommits", sqsSend, getAtt("CommitQueue", "Arn")),
		}
		if arns := p.secretARNs(); len(arns) > 0 {
			s = append(s, allow("ReadDestinationSecrets", []string{"secretsmanager:GetSecretValue"}, arns...))
		}
		return s
	case "maintenance":
		return []statement{
			// Compaction rewrites data files and snapshot expiry deletes
			// the ones no snapshot references any more.
			allow("RewriteTables", []string{"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"}, lake),
			{
				sid: "ListWarehouse", effect: "Allow", actions: []string{"s3:ListBucket"},
				resources: []any{p.bucketARN("LakeBucket")},
				condition: map[string]any{"StringLike": map[string]any{"s3:prefix": []any{"lake/*"}}},
			},
			allow("MaintainTables", []string{"glue:GetDatabase", "glue:GetTable", "glue:UpdateTable"}, p.glueARNs(p.tables)...),
		}
	case "detections":
		return []statement{
			allow("ConsumeDetectionsQueue", sqsConsume, getAtt("DetectionsQueue", "Arn")),
			allow("ReadRealtime", s3Read, p.objectsARN("RealtimeBucket", "")),
			allow("SendMatches", sqsSend, getAtt("AlertsQueue", "Arn")),
			// remotecache(): Query backs len() and iteration,
			// DeleteItem backs del.
			allow("RemoteCache", append([]string{"dynamodb:DeleteItem", "dynamodb:Query"}, dynamoRW...), p.tableARN("RemoteCacheTable")),
		}
	}
	panic(generatorBug("no permissions for function " + f.key))
}

// logTables are the log source tables (every planned table but the
// alerts table).
func (p *plan) logTables() []string {
	var out []string
	for _, t := range p.tables {
		if t != AlertsTable {
			out = append(out, t)
		}
	}
	return out
}
