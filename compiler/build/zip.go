package build

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"time"
)

// zipEpoch is the modification time of every zip entry: the earliest time
// the DOS date fields can hold, so it survives every unzip tool and no
// build ever depends on the clock.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Entry is one file of a zip asset. Content is held in memory: assets
// are at most Lambda's 250 MB unzipped, and holding them lets the input
// key be computed before anything is compressed.
type Entry struct {
	Name       string // slash-separated path inside the zip
	Executable bool   // mode 0755 instead of 0644
	Data       []byte
	// sum is the hex sha256 of Data when already known (the cached
	// bootstrap's), so a 20 MB binary is not hashed twice per build.
	sum string
}

// entries is an asset's file list, kept sorted by name.
type entries []Entry

// add appends an entry; sort before zipping.
func (es *entries) add(name string, data []byte, exec bool) {
	*es = append(*es, Entry{Name: name, Data: data, Executable: exec})
}

// addFS adds every regular file under dir of fsys, renamed to start with
// prefix instead of dir. skip, when set, leaves out the files and
// directories (by path in fsys) it returns true for.
func (es *entries) addFS(fsys fs.FS, dir, prefix string, skip func(p string, d fs.DirEntry) bool) error {
	return fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if skip != nil && p != dir && skip(p, d) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		rel := p
		if dir != "." {
			rel = p[len(dir)+1:]
		}
		es.add(prefix+rel, data, false)
		return nil
	})
}

// sort orders the entries by name and reports a name used twice, which
// would make the zip ambiguous.
func (es entries) sort() error {
	sort.Slice(es, func(i, j int) bool { return es[i].Name < es[j].Name })
	for i := 1; i < len(es); i++ {
		if es[i].Name == es[i-1].Name {
			return fmt.Errorf("two files would be stored as %s", es[i].Name)
		}
	}
	return nil
}

// unzippedSize is what Lambda counts against its 250 MB limit.
func (es entries) unzippedSize() int64 {
	var n int64
	for _, e := range es {
		n += int64(len(e.Data))
	}
	return n
}

// inputKey identifies the zip's content before compression: names, modes
// and content hashes. Equal keys give byte-identical zips (with the same
// Go version, whose deflate output is part of the tool version in the
// cache key), so the cache can skip compression.
func (es entries) inputKey() string {
	h := sha256.New()
	for _, e := range es {
		sum := e.sum
		if sum == "" {
			s := sha256.Sum256(e.Data)
			sum = hex.EncodeToString(s[:])
		}
		fmt.Fprintf(h, "%q %t %s\n", e.Name, e.Executable, sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeZip writes a byte-reproducible zip of sorted entries: fixed times,
// fixed Unix modes, deflate at the default level, no directory entries
// and no extra fields, so equal input always gives equal bytes.
func writeZip(w io.Writer, es entries) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.DefaultCompression)
	})
	for _, e := range es {
		h := &zip.FileHeader{Name: e.Name, Method: zip.Deflate}
		// Setting the legacy DOS fields directly (not Modified) keeps
		// archive/zip from adding an extended-timestamp extra field.
		h.ModifiedDate = uint16((zipEpoch.Year()-1980)<<9 | int(zipEpoch.Month())<<5 | zipEpoch.Day())
		h.ModifiedTime = 0
		mode := fs.FileMode(0o644)
		if e.Executable {
			mode = 0o755
		}
		h.SetMode(mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// zipBytes is writeZip into memory.
func zipBytes(es entries) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeZip(&buf, es); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
