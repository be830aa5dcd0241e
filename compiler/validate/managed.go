package validate

import "strings"

// managedType describes a log source Matano ships a definition for.
type managedType struct {
	name string
	// multiTable is set for managed sources whose tables Matano defines
	// itself (one per log kind, e.g. zeek_dns, zeek_conn). Their table
	// names are not in the user's directory, so any "<source>_<x>" is
	// accepted for them unless the user declares tables explicitly.
	multiTable bool
}

var managedTypes = []managedType{
	{name: "aws_cloudtrail"},
	{name: "aws_config_history"},
	{name: "aws_elb"},
	{name: "aws_inspector"},
	{name: "aws_route53_resolver_logs"},
	{name: "aws_s3access"},
	{name: "aws_s3inventory"},
	{name: "aws_vpcflow"},
	{name: "aws_waf"},
	{name: "cloudflare", multiTable: true},
	{name: "crowdstrike", multiTable: true},
	{name: "crowdstrike_falcon", multiTable: true},
	{name: "duo", multiTable: true},
	{name: "github_audit"},
	{name: "google_workspace", multiTable: true},
	{name: "o365", multiTable: true},
	{name: "okta"},
	{name: "snyk", multiTable: true},
	{name: "suricata", multiTable: true},
	{name: "zeek", multiTable: true},
}

// lookupManaged finds a managed type. Matano's documentation writes the
// type in upper case (AWS_CLOUDTRAIL) and examples in lower case, so case
// is ignored.
func lookupManaged(t string) (managedType, bool) {
	low := strings.ToLower(t)
	for _, m := range managedTypes {
		if m.name == low {
			return m, true
		}
	}
	return managedType{}, false
}

func managedNames() []string {
	out := make([]string, len(managedTypes))
	for i, m := range managedTypes {
		out[i] = m.name
	}
	return out
}
