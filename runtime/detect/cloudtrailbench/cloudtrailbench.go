// Package cloudtrailbench is the detection host's benchmark workload:
// CloudTrail-shaped ECS rows and ten detections over them. BenchmarkHost
// (runtime/detect) and the detect-bench command (bench/detect) both run
// it, so that their numbers measure the same thing; it lives outside a
// test file because a test file cannot be imported.
package cloudtrailbench

import (
	"encoding/json"
	"fmt"
	"time"
)

// Table is the table the records belong to and the detections read.
const Table = "aws_cloudtrail"

// Detections maps a detection name to its detect.py source: ten simple
// CloudTrail detections of the kind Matano ships (field comparisons
// through deepget, a set lookup, a substring).
var Detections = map[string]string{
	"root_console_login": `def detect(r):
    return r.deepget("event.action") == "ConsoleLogin" and r.deepget("aws.cloudtrail.user_identity.type") == "Root"
`,
	"failed_console_login": `def detect(r):
    return r.deepget("event.action") == "ConsoleLogin" and r.deepget("event.outcome") == "failure"

def title(r):
    return "Failed console login: " + r.deepget("user.name", "?")
`,
	"login_without_mfa": `def detect(r):
    return r.deepget("event.action") == "ConsoleLogin" and '"MFAUsed":"No"' in (r.deepget("aws.cloudtrail.additional_eventdata") or "")
`,
	"bucket_policy_changed": `ACTIONS = {"PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl"}

def detect(r):
    return r.deepget("event.action") in ACTIONS
`,
	"iam_user_created": `def detect(r):
    return r.deepget("event.action") == "CreateUser"
`,
	"cloudtrail_stopped": `def detect(r):
    return r.deepget("event.action") in ("StopLogging", "DeleteTrail", "UpdateTrail")
`,
	"unusual_region": `ALLOWED = {"us-east-1", "us-west-2", "eu-west-1"}

def detect(r):
    return r.deepget("cloud.region") not in ALLOWED
`,
	"access_denied": `def detect(r):
    return r.deepget("aws.cloudtrail.error_code") in ("AccessDenied", "Client.UnauthorizedOperation")
`,
	"external_assume_role": `def detect(r):
    ip = r.deepget("source.ip", "")
    return r.deepget("event.action") == "AssumeRole" and not ip.startswith("10.")
`,
	"open_security_group": `def detect(r):
    return r.deepget("event.action") == "AuthorizeSecurityGroupIngress" and "0.0.0.0/0" in r.deepget("aws.cloudtrail.request_parameters", "")
`,
}

// actions cycle through the records' event.action, so that every
// detection matches some records and most match none.
var actions = []string{
	"GetObject", "PutObject", "ListBuckets", "DescribeInstances", "ConsoleLogin", "AssumeRole",
	"GetObject", "DescribeInstances", "PutBucketPolicy", "CreateUser", "AuthorizeSecurityGroupIngress", "StopLogging",
}

// Record builds the i-th CloudTrail-shaped ECS row (~1 KB), as
// the aws_cloudtrail table's VRL transform emits it.
func Record(i int) []byte {
	action := actions[i%len(actions)]
	outcome := "success"
	errCode := any(nil)
	if i%9 == 0 {
		outcome, errCode = "failure", "AccessDenied"
	}
	region := []string{"us-east-1", "us-west-2", "eu-west-1", "ap-south-1"}[i%4/3*(i%7/6)*3]
	ip := fmt.Sprintf("10.0.%d.%d", i/256%256, i%256)
	if i%5 == 0 {
		ip = fmt.Sprintf("203.0.113.%d", i%256)
	}
	idType := "IAMUser"
	if i%97 == 0 {
		idType = "Root"
	}
	user := fmt.Sprintf("user%d", i%50)
	rec := map[string]any{
		"ts": time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second).Format(time.RFC3339Nano),
		"event": map[string]any{
			"action": action, "outcome": outcome, "kind": "event", "type": []string{"info"},
			"provider": "iam.amazonaws.com", "id": fmt.Sprintf("e%08d-1234-5678-9abc-def012345678", i),
		},
		"cloud":      map[string]any{"account": map[string]any{"id": "123456789012"}, "region": region, "provider": "aws"},
		"source":     map[string]any{"ip": ip, "address": ip, "geo": map[string]any{"country_iso_code": []string{"US", "DE", "FR"}[i%3]}},
		"user":       map[string]any{"name": user, "id": fmt.Sprintf("AIDA%012d", i)},
		"user_agent": map[string]any{"original": "aws-cli/2.13.0 Python/3.11.4 Linux/5.10 exe/x86_64.amzn.2"},
		"related":    map[string]any{"ip": []string{ip}, "user": []string{user}},
		"aws": map[string]any{"cloudtrail": map[string]any{
			"event_version":        "1.08",
			"event_category":       "Management",
			"error_code":           errCode,
			"user_identity":        map[string]any{"type": idType, "arn": "arn:aws:iam::123456789012:user/" + user, "access_key_id": "AKIAEXAMPLE"},
			"request_parameters":   fmt.Sprintf(`{"groupId":"sg-%d","ipPermissions":{"items":[{"ipRanges":{"items":[{"cidrIp":"%s"}]}}]}}`, i%13, []string{"10.0.0.0/8", "0.0.0.0/0"}[i%2]),
			"response_elements":    nil,
			"additional_eventdata": fmt.Sprintf(`{"MFAUsed":"%s","LoginTo":"https://console.aws.amazon.com"}`, []string{"Yes", "No"}[i%2]),
			"recipient_account_id": "123456789012",
		}},
	}
	b, err := json.Marshal(rec)
	if err != nil {
		panic(err)
	}
	return b
}
