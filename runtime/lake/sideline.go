package lake

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"
)

// Kind classifies a sidelined record.
type Kind string

const (
	// KindCast: the transform's output does not fit the table schema.
	KindCast Kind = "cast"
	// KindVRLError: the transform failed at run time.
	KindVRLError Kind = "vrl_error"
	// KindVRLAbort: the transform aborted (counted as Aborted).
	KindVRLAbort Kind = "vrl_abort"
	// KindDecode: the raw line could not be decoded into an event.
	KindDecode Kind = "decode"
)

// SidelineRecord is one JSON line of the sideline.
type SidelineRecord struct {
	Time    time.Time       `json:"time"`
	Source  string          `json:"source"`
	Table   string          `json:"table"`
	Kind    Kind            `json:"kind"`
	Message string          `json:"message"`
	Record  json.RawMessage `json:"record"`
}

// rawRecord embeds raw as JSON when it is JSON (an event, a decoded
// line), else as a JSON string (a line that failed to decode).
func rawRecord(raw []byte) json.RawMessage {
	if len(raw) > 0 && json.Valid(raw) {
		return json.RawMessage(raw)
	}
	b, _ := json.Marshal(string(raw))
	return b
}

// Sideline appends failed records to <Dir>/<table>/<yyyy-mm-dd>.jsonl
// (date of the record's Time, UTC). Files stay open until Close.
type Sideline struct {
	Dir string

	mu    sync.Mutex
	files map[string]*os.File
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// Write appends records.
func (s *Sideline) Write(recs []SidelineRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[string]*os.File{}
	}
	for _, r := range recs {
		tbl := r.Table
		if tbl == "" {
			tbl = "_unrouted"
		}
		p := filepath.Join(s.Dir, unsafeName.ReplaceAllString(tbl, "_"), r.Time.UTC().Format("2006-01-02")+".jsonl")
		f := s.files[p]
		if f == nil {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			var err error
			f, err = os.OpenFile(p, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
			if err != nil {
				return err
			}
			s.files[p] = f
		}
		line, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := f.Write(append(line, '\n')); err != nil {
			return err
		}
	}
	return nil
}

// Close closes the open files.
func (s *Sideline) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var first error
	for p, f := range s.files {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
		delete(s.files, p)
	}
	return first
}
