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
	n, err := io.Copy(h, f)
	if err != nil {
		return Object{}, err
	}
	return Object{Path: abs, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
