// Command ingest-gen writes CloudTrail-shaped JSON lines for
// bench/ingest/run.sh: about 1 KB each, varied enough (users, regions,
// event names, IPv4 and service-name sources, errors, console logins,
// resources) that every branch of the benchmark transform runs and the
// Parquet encoders see realistic cardinality rather than one repeated row.
//
//	go run ./bench/ingest -lines 200000 -o /tmp/ct.jsonl
//	go run ./bench/ingest -mb 1024 -o /tmp/ct.jsonl
//
// Output is deterministic for a given size (a fixed-seed PRNG), so runs
// compare like with like.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"
)

var (
	regions  = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1"}
	services = []string{"ec2", "s3", "iam", "sts", "kms", "lambda", "cloudtrail", "signin", "dynamodb", "logs"}
	actions  = []string{"DescribeInstances", "GetObject", "PutObject", "AssumeRole", "ConsoleLogin", "Decrypt",
		"ListBuckets", "CreateUser", "GetCallerIdentity", "Invoke", "DescribeLogStreams", "PutItem"}
	agents = []string{"aws-cli/2.13.0 Python/3.11.4 Linux/6.1 exe/x86_64.amzn.2023 prompt/off command/ec2.describe-instances",
		"Boto3/1.28.3 md/Botocore#1.31.3 ua/2.0 os/linux#5.10 md/arch#x86_64 lang/python#3.9.16",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Safari/537.36",
		"aws-sdk-go-v2/1.21.0 os/linux lang/go#1.21.1 md/GOOS#linux md/GOARCH#amd64 api/sts#1.22.0"}
	identities = []string{"IAMUser", "AssumedRole", "Root", "AWSService"}
	errs       = []string{"AccessDenied", "ThrottlingException", "NoSuchKey", "UnauthorizedOperation"}
)

func line(r *rand.Rand, i int, base time.Time) []byte {
	svc := services[r.IntN(len(services))]
	act := actions[r.IntN(len(actions))]
	user := fmt.Sprintf("user%04d", r.IntN(5000))
	src := fmt.Sprintf("%d.%d.%d.%d", 10+r.IntN(200), r.IntN(256), r.IntN(256), 1+r.IntN(254))
	if r.IntN(5) == 0 {
		src = svc + ".amazonaws.com"
	}
	errPart := ""
	if r.IntN(10) == 0 {
		e := errs[r.IntN(len(errs))]
		errPart = fmt.Sprintf(`"errorCode":%q,"errorMessage":"User: arn:aws:iam::123456789012:user/%s is not authorized to perform: %s:%s",`, e, user, svc, act)
	}
	userName := ""
	if r.IntN(3) != 0 {
		userName = fmt.Sprintf(`"userName":%q,`, user)
	}
	ts := base.Add(time.Duration(i) * 37 * time.Millisecond)
	created := ts.Add(-time.Duration(r.IntN(3600)) * time.Second)
	region := regions[r.IntN(len(regions))]
	return fmt.Appendf(nil, `{"eventVersion":"1.08","userIdentity":{"type":%q,"principalId":"AIDA%012d","arn":"arn:aws:iam::123456789012:user/%s",%s"accountId":"123456789012","accessKeyId":"AKIA%016d","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{"creationDate":%q,"mfaAuthenticated":"%t"}}},"eventTime":%q,"eventSource":"%s.amazonaws.com","eventName":%q,"awsRegion":%q,"sourceIPAddress":%q,"userAgent":%q,%s"requestParameters":{"bucketName":"acme-logs-%d","key":"AWSLogs/123456789012/%s/2026/11/%08x.json.gz","maxResults":%d},"responseElements":null,"requestID":"%08X-%04X-%04X-%012X","eventID":"%08x-%04x-%04x-%012x","readOnly":%t,"resources":[{"accountId":"123456789012","type":"AWS::S3::Object","ARN":"arn:aws:s3:::acme-logs-%d/obj-%d"}],"eventType":"AwsApiCall","managementEvent":%t,"recipientAccountId":"123456789012","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.%d","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"%s.%s.amazonaws.com"}}`+"\n",
		identities[r.IntN(len(identities))], r.IntN(1e9), user, userName, r.Int64N(1e15),
		created.Format(time.RFC3339), r.IntN(4) == 0,
		ts.Format("2006-01-02T15:04:05Z"), svc, act, region, src, agents[r.IntN(len(agents))], errPart,
		r.IntN(50), region, r.Uint32(), 10+r.IntN(990),
		r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xffff, r.Uint64()&0xffffffffffff,
		r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xffff, r.Uint64()&0xffffffffffff,
		r.IntN(2) == 0, r.IntN(50), r.IntN(100000), r.IntN(8) != 0,
		2+r.IntN(2), svc, region)
}

func main() {
	lines := flag.Int("lines", 0, "number of lines to write")
	mb := flag.Int("mb", 0, "write lines until the output reaches this many MiB (instead of -lines)")
	out := flag.String("o", "-", "output file (- for standard output)")
	flag.Parse()
	if (*lines > 0) == (*mb > 0) {
		fmt.Fprintln(os.Stderr, "give exactly one of -lines and -mb")
		os.Exit(2)
	}
	f := os.Stdout
	if *out != "-" {
		var err error
		if f, err = os.Create(*out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	limit := int64(*mb) << 20
	var written int64
	for i := 0; ; i++ {
		if *lines > 0 && i >= *lines || limit > 0 && written >= limit {
			break
		}
		n, _ := w.Write(line(r, i, base))
		written += int64(n)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if f != os.Stdout {
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
