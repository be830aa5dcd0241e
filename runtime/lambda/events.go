package lambda

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// s3Ref is one S3 object a notification announces.
type s3Ref struct {
	Bucket, Key, ETag, VersionID, Sequencer string
	Size                                    int64
}

func (r s3Ref) uri() string { return "s3://" + r.Bucket + "/" + r.Key }

// parseNotification reads the S3 objects out of an ingest queue message.
// The body is an S3 event notification (what S3 sends to SQS directly),
// the same wrapped in an SNS notification (fan-out topics, raw delivery
// off), or an EventBridge "Object Created" event. S3's test event, sent
// when notifications are configured, announces nothing.
func parseNotification(body string) ([]s3Ref, error) {
	var probe struct {
		Records    json.RawMessage `json:"Records"`
		Event      string          `json:"Event"`
		Type       string          `json:"Type"`
		Message    string          `json:"Message"`
		DetailType string          `json:"detail-type"`
		Source     string          `json:"source"`
		Detail     json.RawMessage `json:"detail"`
	}
	if err := json.Unmarshal([]byte(body), &probe); err != nil {
		return nil, fmt.Errorf("message is not JSON: %w", err)
	}
	switch {
	case probe.Event == "s3:TestEvent":
		return nil, nil
	case probe.Records != nil:
		// Decoded field by field rather than as events.S3Event, whose
		// eventTime must carry a zone: not every S3 stand-in writes one,
		// and the handler does not need the time.
		var ev struct {
			Records []struct {
				EventName string `json:"eventName"`
				S3        struct {
					Bucket struct {
						Name string `json:"name"`
					} `json:"bucket"`
					Object struct {
						Key       string `json:"key"`
						Size      int64  `json:"size"`
						ETag      string `json:"eTag"`
						VersionID string `json:"versionId"`
						Sequencer string `json:"sequencer"`
					} `json:"object"`
				} `json:"s3"`
			} `json:"Records"`
		}
		if err := json.Unmarshal([]byte(body), &ev); err != nil {
			return nil, fmt.Errorf("S3 event: %w", err)
		}
		var out []s3Ref
		for _, r := range ev.Records {
			if !strings.HasPrefix(r.EventName, "ObjectCreated:") {
				continue
			}
			// Keys in S3 notifications are form-encoded ("+" for space).
			key, err := url.QueryUnescape(r.S3.Object.Key)
			if err != nil {
				return nil, fmt.Errorf("S3 event: key %q: %w", r.S3.Object.Key, err)
			}
			out = append(out, s3Ref{Bucket: r.S3.Bucket.Name, Key: key, Size: r.S3.Object.Size,
				ETag: r.S3.Object.ETag, VersionID: r.S3.Object.VersionID, Sequencer: r.S3.Object.Sequencer})
		}
		return out, nil
	case probe.Type == "Notification" && probe.Message != "":
		return parseNotification(probe.Message)
	case probe.Source == "aws.s3" && probe.Detail != nil:
		if probe.DetailType != "Object Created" {
			return nil, nil
		}
		var d struct {
			Bucket struct {
				Name string `json:"name"`
			} `json:"bucket"`
			Object struct {
				Key       string `json:"key"`
				Size      int64  `json:"size"`
				ETag      string `json:"etag"`
				VersionID string `json:"version-id"`
				Sequencer string `json:"sequencer"`
			} `json:"object"`
		}
		if err := json.Unmarshal(probe.Detail, &d); err != nil {
			return nil, fmt.Errorf("EventBridge S3 event: %w", err)
		}
		return []s3Ref{{Bucket: d.Bucket.Name, Key: d.Object.Key, Size: d.Object.Size, ETag: d.Object.ETag,
			VersionID: d.Object.VersionID, Sequencer: d.Object.Sequencer}}, nil
	}
	return nil, errors.New("message is neither an S3 event notification, an SNS notification nor an EventBridge S3 event")
}

// route picks the log source of an object: a log source whose
// ingest.s3_source names the bucket and a prefix of the key (and whose
// key_pattern, if any, matches the key) wins, the longest prefix first;
// otherwise, in the ingestion bucket, the key's first segment is the log
// source name (Matano's layout: s3://<ingestion>/<log source>/...). An
// object neither rule places gets "" and the reason.
func (p *Project) route(ingestionBucket, bucket, key string) (source, reason string) {
	best := -1
	for _, ls := range p.LogSources {
		s3 := ls.Ingest.S3Source
		if s3 == nil || s3.BucketName != bucket || !strings.HasPrefix(key, s3.KeyPrefix) {
			continue
		}
		if s3.KeyPattern != "" {
			re, err := regexp.Compile(s3.KeyPattern)
			if err != nil || !re.MatchString(key) {
				continue
			}
		}
		if len(s3.KeyPrefix) > best {
			best, source = len(s3.KeyPrefix), ls.Name
		}
	}
	if source != "" {
		return source, ""
	}
	if bucket != ingestionBucket || ingestionBucket == "" {
		return "", fmt.Sprintf("no log source reads s3://%s/%s (no ingest.s3_source names the bucket and a prefix of the key)", bucket, key)
	}
	first, _, _ := strings.Cut(key, "/")
	for _, ls := range p.LogSources {
		if ls.Name == first {
			return first, ""
		}
	}
	return "", fmt.Sprintf("no log source is named %q (objects in the ingestion bucket go under <log source name>/)", first)
}
