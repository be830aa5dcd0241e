package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// EnsureAssetBucket creates the asset bucket when it does not exist, with
// S3-managed encryption, all public access blocked and a policy that
// refuses plain-HTTP requests. The settings are (re)applied to an
// existing bucket too, so a bucket created by an older matano gets them.
// It returns whether the bucket was created.
func (c *Client) EnsureAssetBucket(ctx context.Context) (bool, error) {
	bucket := c.project.AssetBucket()
	created := false
	_, err := c.s3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
	switch {
	case err == nil:
	case isNotFound(err):
		in := &s3.CreateBucketInput{Bucket: aws.String(bucket)}
		// us-east-1 is the one region that refuses a location constraint.
		if c.project.Region != "us-east-1" {
			in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{
				LocationConstraint: s3types.BucketLocationConstraint(c.project.Region)}
		}
		if _, err := c.s3.CreateBucket(ctx, in); err != nil && !isCode(err, "BucketAlreadyOwnedByYou") {
			return false, fmt.Errorf("create asset bucket %s: %w", bucket, err)
		}
		created = true
	default:
		return false, fmt.Errorf("asset bucket %s: %w", bucket, err)
	}
	if _, err := c.s3.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{
		Bucket: aws.String(bucket),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{
			Rules: []s3types.ServerSideEncryptionRule{{ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{
				SSEAlgorithm: s3types.ServerSideEncryptionAes256}}},
		},
	}); err != nil {
		return created, fmt.Errorf("asset bucket %s: encryption: %w", bucket, err)
	}
	if _, err := c.s3.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{
		Bucket: aws.String(bucket),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true),
			IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)},
	}); err != nil {
		return created, fmt.Errorf("asset bucket %s: block public access: %w", bucket, err)
	}
	// Over a plain-HTTP endpoint (a local emulator) the TLS-only policy
	// would lock deploy itself out: moto enforces aws:SecureTransport.
	if !strings.HasPrefix(c.opts.Endpoint, "http://") {
		if _, err := c.s3.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{
			Bucket: aws.String(bucket), Policy: aws.String(tlsOnlyPolicy(bucket)),
		}); err != nil {
			return created, fmt.Errorf("asset bucket %s: TLS-only policy: %w", bucket, err)
		}
	}
	if len(c.project.Tags) > 0 {
		keys := make([]string, 0, len(c.project.Tags))
		for k := range c.project.Tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var tags []s3types.Tag
		for _, k := range keys {
			tags = append(tags, s3types.Tag{Key: aws.String(k), Value: aws.String(c.project.Tags[k])})
		}
		if _, err := c.s3.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{
			Bucket: aws.String(bucket), Tagging: &s3types.Tagging{TagSet: tags},
		}); err != nil {
			return created, fmt.Errorf("asset bucket %s: tags: %w", bucket, err)
		}
	}
	return created, nil
}

// tlsOnlyPolicy denies every request to the bucket that does not use TLS.
func tlsOnlyPolicy(bucket string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::%[1]s","arn:aws:s3:::%[1]s/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, bucket)
}

// UploadResult counts what Upload did.
type UploadResult struct {
	Uploaded, Skipped int
	Bytes             int64
}

// Upload puts the build's assets and templates into the asset bucket.
// Keys are content hashes, so an object that already exists is the same
// bytes: a HEAD finds it and the PUT is skipped.
func (c *Client) Upload(ctx context.Context, b *Build) (UploadResult, error) {
	var res UploadResult
	bucket := c.project.AssetBucket()
	put := func(key string, size int64, open func() (io.ReadSeekCloser, error)) error {
		_, err := c.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err == nil {
			res.Skipped++
			return nil
		}
		if !isNotFound(err) {
			return fmt.Errorf("s3://%s/%s: %w", bucket, key, err)
		}
		// A seekable body lets the SDK sign and checksum it over plain
		// HTTP too (local endpoints).
		body, err := open()
		if err != nil {
			return err
		}
		defer body.Close()
		if _, err := c.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
			ContentLength: aws.Int64(size), Body: body}); err != nil {
			return fmt.Errorf("upload s3://%s/%s: %w", bucket, key, err)
		}
		res.Uploaded++
		res.Bytes += size
		return nil
	}
	for _, a := range b.Assets {
		if err := put(a.Key, a.Size, func() (io.ReadSeekCloser, error) { return os.Open(a.Path) }); err != nil {
			return res, fmt.Errorf("asset %s: %w", a.Name, err)
		}
	}
	for _, t := range b.Templates {
		if err := put(t.Key, int64(len(t.Body)), func() (io.ReadSeekCloser, error) {
			return nopCloser{bytes.NewReader(t.Body)}, nil
		}); err != nil {
			return res, fmt.Errorf("template %s: %w", t.Name, err)
		}
	}
	return res, nil
}

// nopCloser lets an in-memory body be closed.
type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// templateURL is the TemplateURL CloudFormation reads an uploaded
// template from. With a custom endpoint it is the path-style URL on that
// endpoint; a loopback IP is written as "localhost" because that is how
// moto recognises a path-style URL of its own S3 (it otherwise takes the
// first label of the host as the bucket name).
func (c *Client) templateURL(t Template) string {
	bucket := c.project.AssetBucket()
	if c.opts.Endpoint == "" {
		return fmt.Sprintf("https://%s.s3.%s.amazonaws.com/%s", bucket, c.project.Region, t.Key)
	}
	u, err := url.Parse(c.opts.Endpoint)
	if err != nil {
		return strings.TrimSuffix(c.opts.Endpoint, "/") + "/" + bucket + "/" + t.Key
	}
	if h := u.Hostname(); h == "127.0.0.1" || h == "::1" {
		u.Host = "localhost:" + u.Port()
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/" + bucket + "/" + t.Key
	return u.String()
}

// isNotFound reports a missing bucket or object (HEAD has no body, so S3
// answers with a bare 404).
func isNotFound(err error) bool {
	var nf *s3types.NotFound
	var nb *s3types.NoSuchBucket
	var nk *s3types.NoSuchKey
	if errors.As(err, &nf) || errors.As(err, &nb) || errors.As(err, &nk) {
		return true
	}
	var re interface{ HTTPStatusCode() int }
	if errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound {
		return true
	}
	return isCode(err, "NotFound", "NoSuchBucket", "NoSuchKey")
}

// isCode reports an API error with one of the given codes.
func isCode(err error, codes ...string) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.ErrorCode() == c {
			return true
		}
	}
	return false
}
