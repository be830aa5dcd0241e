package detect

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Frames are "<length>\n<length bytes of JSON>" in both directions; see
// runtime/python/detection/worker.py for the conversation and
// bench/detect/framing.py for why length prefixes beat newline framing.

// maxFrame bounds a reply so a corrupted length cannot make the host
// allocate without limit.
const maxFrame = 1 << 30

// writeFrame writes one frame and flushes it.
func writeFrame(w *bufio.Writer, body []byte) error {
	var hdr [24]byte
	b := strconv.AppendInt(hdr[:0], int64(len(body)), 10)
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	return w.Flush()
}

// readFrame reads one frame into buf (grown as needed) and returns it.
func readFrame(r *bufio.Reader, buf []byte) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, fmt.Errorf("frame header too long: %.32q", line)
		}
		return nil, err
	}
	n, err := strconv.Atoi(string(line[:len(line)-1]))
	if err != nil || n < 0 || n > maxFrame {
		return nil, fmt.Errorf("bad frame header %.32q", line)
	}
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return buf, nil
}

// initMsg is the first frame a worker receives.
type initMsg struct {
	Op             string       `json:"op"`
	Detections     []initDetect `json:"detections"`
	Timeout        float64      `json:"timeout"`
	Grace          float64      `json:"grace"`
	TracebackLimit int          `json:"traceback_limit"`
	MemoryLimit    int64        `json:"memory_limit,omitempty"`
}

type initDetect struct {
	Name    string   `json:"name"`
	Dir     string   `json:"dir"`
	Tables  []string `json:"tables"`
	Enabled bool     `json:"enabled"`
}

func newInit(cfg Config) initMsg {
	m := initMsg{
		Op:             "init",
		Timeout:        cfg.Timeout.Seconds(),
		Grace:          cfg.Grace.Seconds(),
		TracebackLimit: cfg.TracebackLimit,
		MemoryLimit:    cfg.MemoryLimit,
	}
	for _, d := range cfg.Detections {
		tables := d.Tables
		if tables == nil {
			tables = []string{}
		}
		m.Detections = append(m.Detections, initDetect{Name: d.Name, Dir: d.Dir, Tables: tables, Enabled: d.Enabled})
	}
	return m
}

// readyMsg is a worker's answer to init.
type readyMsg struct {
	Op       string              `json:"op"`
	PID      int                 `json:"pid"`
	Python   string              `json:"python"`
	Failures [][]json.RawMessage `json:"failures"` // [-1, det, "", "import", error, traceback]
}

// appendBatch appends a run frame's body: records are copied verbatim
// between the brackets, so building a batch costs one memcpy per record
// and no JSON encoding.
func appendBatch(dst []byte, id int64, tableJSON []byte, records [][]byte) []byte {
	dst = append(dst, `{"op":"run","id":`...)
	dst = strconv.AppendInt(dst, id, 10)
	dst = append(dst, `,"n":`...)
	dst = strconv.AppendInt(dst, int64(len(records)), 10)
	dst = append(dst, `,"table":`...)
	dst = append(dst, tableJSON...)
	dst = append(dst, `,"records":[`...)
	for i, r := range records {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, r...)
	}
	return append(dst, "]}"...)
}

// replyMsg is a worker's answer to a run frame. Bad is set instead of M
// and F when the worker could not decode the batch into exactly n
// records; the host then validates the records itself.
type replyMsg struct {
	ID  int64               `json:"id"`
	M   [][]json.RawMessage `json:"m"` // [record, det, fields|null]
	F   [][]json.RawMessage `json:"f"` // [record, det, function, kind, error, traceback]
	Bad string              `json:"bad"`
}

type matchFields struct {
	Title        string          `json:"title"`
	Dedupe       string          `json:"dedupe"`
	Severity     string          `json:"severity"`
	Description  string          `json:"description"`
	Runbook      string          `json:"runbook"`
	Reference    string          `json:"reference"`
	Destinations []string        `json:"destinations"`
	AlertContext json.RawMessage `json:"alert_context"`
}

// rawFailure is a failure as the worker reports it, before detection
// indexes become names and batch positions become Run positions.
type rawFailure struct {
	rec, det           int
	fn, kind, msg, trb string
}

func decodeFailure(a []json.RawMessage) (rawFailure, error) {
	var f rawFailure
	if len(a) != 6 {
		return f, fmt.Errorf("failure has %d fields, want 6", len(a))
	}
	for i, dst := range []any{&f.rec, &f.det, &f.fn, &f.kind, &f.msg, &f.trb} {
		if err := json.Unmarshal(a[i], dst); err != nil {
			return f, fmt.Errorf("failure field %d: %w", i, err)
		}
	}
	return f, nil
}
