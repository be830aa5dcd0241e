package state

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
)

// ObjectFromFile identifies a local file for the ledger: its absolute
// path, size and content digest (streamed, never held in memory).
func ObjectFromFile(path string) (Object, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Object{}, err
	}
	f, err := os.Open(abs)
	if err != nil {
		return Object{}, err
	}
	defer f.Close()
	h := sha256.New()
	// A 1 MiB buffer instead of io.Copy's 32 KiB: 32 times fewer read
	// calls. The digest runs beside the decoder reading the same file,
	// and in a 1 GB ingest's profile its reads took 0.80 s of CPU
	// against 0.99 s for the SHA-256 itself.
	n, err := io.CopyBuffer(h, fileReader{f}, make([]byte, 1<<20))
	if err != nil {
		return Object{}, err
	}
	return Object{Path: abs, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// fileReader hides *os.File's WriteTo from io.CopyBuffer, which would
// otherwise copy through WriteTo's own 32 KiB buffer.
type fileReader struct{ io.Reader }
