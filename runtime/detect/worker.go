package detect

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// proc is one running worker process and the host's ends of its pipes.
// A proc is used by one goroutine at a time (its slot's), except kill,
// which may come from a context's AfterFunc.
type proc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	in    *bufio.Writer
	out   *bufio.Reader
	pid   int
	tail  *tailWriter
	done  chan struct{} // closed once the process has exited
	werr  error         // cmd.Wait's result, set before done is closed

	nextID int64
	wbuf   []byte // frame scratch, reused across batches
	rbuf   []byte
}

// errWorker marks a worker that died or broke the protocol: the batch is
// worth retrying on a fresh process.
type errWorker struct{ msg string }

func (e *errWorker) Error() string { return e.msg }

// errSpawn marks a worker that could not be started at all (no python3,
// an unwritable cache, a broken package): retrying will not help, so Run
// returns it.
type errSpawn struct{ err error }

func (e *errSpawn) Error() string { return e.err.Error() }
func (e *errSpawn) Unwrap() error { return e.err }

// startProc starts a worker and completes the init handshake within ctx.
func startProc(ctx context.Context, h *Host) (*proc, *readyMsg, error) {
	cmd := exec.Command(h.cfg.Python, "-m", "detection.worker")
	cmd.Env = h.env
	cmd.Dir = h.cfg.Dir
	// Bounds Wait if a detection left a child holding stderr open.
	cmd.WaitDelay = time.Second
	p := &proc{cmd: cmd, tail: &tailWriter{w: h.cfg.Stderr}, done: make(chan struct{})}
	cmd.Stderr = p.tail
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("detect: starting %s: %w", h.cfg.Python, err)
	}
	p.stdin = stdin
	p.in = bufio.NewWriterSize(stdin, 64<<10)
	p.out = bufio.NewReaderSize(stdout, 64<<10)
	p.pid = cmd.Process.Pid
	go func() {
		p.werr = cmd.Wait()
		close(p.done)
	}()

	stop := context.AfterFunc(ctx, p.kill)
	defer stop()
	fail := func(err error) (*proc, *readyMsg, error) {
		p.kill()
		<-p.done
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("detect: starting a worker: %w", ctx.Err())
		}
		return nil, nil, fmt.Errorf("detect: starting a worker: %v%s", err, p.exitNote())
	}
	if err := writeFrame(p.in, h.initFrame); err != nil {
		return fail(err)
	}
	body, err := readFrame(p.out, nil)
	if err != nil {
		return fail(err)
	}
	var ready readyMsg
	if err := json.Unmarshal(body, &ready); err != nil || ready.Op != "ready" {
		return fail(fmt.Errorf("bad handshake %.100q", body))
	}
	return p, &ready, nil
}

// run sends one batch and waits for its reply. Any error means the
// process is unusable; the caller discards it.
func (p *proc) run(tableJSON []byte, records [][]byte) (*replyMsg, error) {
	p.nextID++
	id := p.nextID
	p.wbuf = appendBatch(p.wbuf[:0], id, tableJSON, records)
	if err := writeFrame(p.in, p.wbuf); err != nil {
		return nil, p.died(err)
	}
	body, err := readFrame(p.out, p.rbuf)
	if err != nil {
		return nil, p.died(err)
	}
	p.rbuf = body[:0]
	var reply replyMsg
	if err := json.Unmarshal(body, &reply); err != nil {
		return nil, p.died(fmt.Errorf("bad reply: %v", err))
	}
	if reply.Bad == "" && reply.ID != id {
		return nil, p.died(fmt.Errorf("reply to batch %d, want %d", reply.ID, id))
	}
	return &reply, nil
}

// died turns an I/O error into an errWorker naming how the process ended
// and the end of its stderr.
func (p *proc) died(err error) error {
	select {
	case <-p.done:
	case <-time.After(2 * time.Second):
		// Alive but talking nonsense: it is of no further use.
		p.kill()
		<-p.done
	}
	return &errWorker{msg: fmt.Sprintf("worker pid %d: %v%s", p.pid, err, p.exitNote())}
}

// exitNote describes the exited process: its status and its last stderr
// lines (the watchdog's message, a fatal Python error, the OOM killer's
// SIGKILL).
func (p *proc) exitNote() string {
	var b strings.Builder
	select {
	case <-p.done:
		if p.werr != nil {
			fmt.Fprintf(&b, " (%v)", p.werr)
		} else {
			b.WriteString(" (exited)")
		}
	default:
	}
	if t := strings.TrimSpace(p.tail.String()); t != "" {
		fmt.Fprintf(&b, "; stderr: %s", t)
	}
	return b.String()
}

func (p *proc) kill() {
	_ = p.cmd.Process.Kill()
}

// close ends the worker gracefully (end of input), killing it if it does
// not exit within a second.
func (p *proc) close() {
	_ = p.stdin.Close()
	select {
	case <-p.done:
	case <-time.After(time.Second):
		p.kill()
		<-p.done
	}
}

// tailWriter forwards a worker's stderr and keeps its last bytes for
// error messages.
type tailWriter struct {
	w   io.Writer
	mu  sync.Mutex
	buf []byte
}

const tailSize = 2048

func (t *tailWriter) Write(b []byte) (int, error) {
	t.mu.Lock()
	t.buf = append(t.buf, b...)
	if len(t.buf) > tailSize {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailSize:]...)
	}
	t.mu.Unlock()
	if t.w != nil {
		_, _ = t.w.Write(b)
	}
	return len(b), nil
}

func (t *tailWriter) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

var errClosed = errors.New("detect: host is closed")
