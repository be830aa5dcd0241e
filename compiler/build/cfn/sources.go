package cfn

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/matano-go/matano/compiler/load"
)

// s3Source is a bring-your-own bucket with the key prefixes and access
// roles of the log sources that read from it.
type s3Source struct {
	bucket string
	// prefixes are the key_prefix values of the sources that read the
	// bucket directly (no access role), sorted; "" means the whole bucket.
	prefixes []string
	// roles are the access_role_arn values, sorted.
	roles []string
}

var bucketNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
var roleARNRe = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+$`)

// s3Sources collects the project's ingest.s3_source buckets, merged by
// bucket name (several log sources may read prefixes of one bucket).
func s3Sources(proj *load.Project) ([]s3Source, error) {
	byBucket := map[string]*s3Source{}
	for _, ls := range proj.LogSources {
		src := ls.Ingest.S3Source
		if src == nil {
			continue
		}
		if !bucketNameRe.MatchString(src.BucketName) {
			return nil, fmt.Errorf("cfn: log source %s: s3_source.bucket_name %q is not a valid S3 bucket name", ls.Name, src.BucketName)
		}
		s := byBucket[src.BucketName]
		if s == nil {
			s = &s3Source{bucket: src.BucketName}
			byBucket[src.BucketName] = s
		}
		if src.AccessRoleARN != "" {
			if !roleARNRe.MatchString(src.AccessRoleARN) {
				return nil, fmt.Errorf("cfn: log source %s: s3_source.access_role_arn %q is not an IAM role ARN", ls.Name, src.AccessRoleARN)
			}
			s.roles = appendUnique(s.roles, src.AccessRoleARN)
			continue
		}
		if strings.ContainsAny(src.KeyPrefix, "*?") {
			return nil, fmt.Errorf("cfn: log source %s: s3_source.key_prefix %q must be a literal prefix", ls.Name, src.KeyPrefix)
		}
		s.prefixes = appendUnique(s.prefixes, src.KeyPrefix)
	}
	out := make([]s3Source, 0, len(byBucket))
	for _, s := range byBucket {
		sort.Strings(s.prefixes)
		sort.Strings(s.roles)
		s.prefixes = coverPrefixes(s.prefixes)
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].bucket < out[j].bucket })
	return out, nil
}

// coverPrefixes drops prefixes another prefix in the sorted list already
// covers ("" covers everything).
func coverPrefixes(sorted []string) []string {
	var out []string
	for _, p := range sorted {
		if len(out) > 0 && strings.HasPrefix(p, out[len(out)-1]) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// objectARNs are the object ARNs the transformer may read in s.
func (s s3Source) objectARNs() []any {
	out := make([]any, len(s.prefixes))
	for i, p := range s.prefixes {
		out[i] = sub("arn:${AWS::Partition}:s3:::" + s.bucket + "/" + escapeSub(p) + "*")
	}
	return out
}

// escapeSub makes user text literal inside Fn::Sub, where "${" starts a
// variable unless written "${!".
func escapeSub(s string) string { return strings.ReplaceAll(s, "${", "${!") }
