package stdlib

import (
	"bytes"
	"fmt"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// Helpers for decode_charset and encode_charset: charsets are named by
// WHATWG Encoding Standard labels ("euc-kr", "latin1", "utf-16le"), as
// upstream's encoding_rs does.

// charsetLookup resolves a WHATWG label, failing with upstream's message.
func charsetLookup(label string) (encoding.Encoding, string, error) {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, "", fmt.Errorf("Unknown charset: %s", lossyUTF8(label))
	}
	name, _ := htmlindex.Name(enc)
	return enc, name, nil
}

// charsetDecode decodes b to UTF-8 as the Encoding Standard's "decode"
// does: a byte order mark overrides the label, and malformed sequences
// become U+FFFD.
func charsetDecode(enc encoding.Encoding, b []byte) []byte {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		enc, b = unicode.UTF8, b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		enc, b = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), b[2:]
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		enc, b = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), b[2:]
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		// x/text decoders replace malformed input themselves; an error
		// here means the transformer gave up, so fall back to lossy UTF-8.
		return []byte(lossyUTF8(string(b)))
	}
	return out
}

// charsetEncode encodes UTF-8 text as the Encoding Standard's "encode"
// does: UTF-16 and "replacement" encode as UTF-8, and characters the
// target cannot represent become HTML decimal character references.
func charsetEncode(enc encoding.Encoding, name, s string) []byte {
	switch name {
	case "utf-16le", "utf-16be", "replacement", "utf-8":
		return []byte(lossyUTF8(s))
	}
	out, err := encoding.HTMLEscapeUnsupported(enc.NewEncoder()).Bytes([]byte(lossyUTF8(s)))
	if err != nil {
		return []byte(lossyUTF8(s))
	}
	return out
}
