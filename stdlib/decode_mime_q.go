package stdlib

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// decode_mime_q decodes RFC 2047 encoded-words ("=?charset?B|Q?text?=")
// inside a string, keeping the text between them. Following upstream's
// parser, a string with no "=?" may itself be one bare encoded word
// ("charset?b?text"); if that fails to decode, the string is returned as
// it is.
func init() {
	Register(&Spec{
		Ident:      "decode_mime_q",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			out, err := mimeQDecode(lossyUTF8(args[0].Str()))
			if err != nil {
				return value.Null, err
			}
			return value.Bytes(out), nil
		},
	})
}

// mimeWord is one parsed encoded word.
type mimeWord struct {
	charset  string // "" when absent
	encoding string
	text     string
}

// mimeParseWord parses "charset?enc?text" up to (not including) "?=";
// when there is no "?=" the text runs to the end of input. It returns the
// word and the rest of the input.
func mimeParseWord(s string) (mimeWord, string, bool) {
	var w mimeWord
	if i := strings.IndexByte(s, '?'); i > 0 {
		w.charset, s = s[:i], s[i:]
	}
	if !strings.HasPrefix(s, "?") {
		return w, "", false
	}
	s = s[1:]
	i := strings.IndexByte(s, '?')
	if i < 0 {
		return w, "", false
	}
	w.encoding, s = s[:i], s[i+1:]
	if j := strings.Index(s, "?="); j >= 0 {
		w.text, s = s[:j], s[j:]
	} else {
		w.text, s = s, ""
	}
	return w, s, true
}

func mimeQDecode(input string) (string, error) {
	var out strings.Builder
	rest := input
	words := 0
	var firstErr error
	for {
		start := strings.Index(rest, "=?")
		if start < 0 {
			break
		}
		w, after, ok := mimeParseWord(rest[start+2:])
		if !ok || !strings.HasPrefix(after, "?=") {
			break
		}
		words++
		if firstErr == nil {
			dec, err := w.decode()
			if err != nil {
				firstErr = err
			}
			out.WriteString(rest[:start])
			out.WriteString(dec)
		}
		rest = after[2:]
	}
	if words > 0 {
		if firstErr != nil {
			return "", firstErr
		}
		out.WriteString(rest)
		return out.String(), nil
	}
	// No delimited word: try the whole input as one bare word.
	if w, after, ok := mimeParseWord(input); ok {
		if dec, err := w.decode(); err == nil {
			return dec + after, nil
		}
	}
	return input, nil
}

func (w mimeWord) decode() (string, error) {
	var raw []byte
	switch w.encoding {
	case "B", "b":
		b, err := base64.StdEncoding.DecodeString(w.text)
		if err != nil {
			return "", errors.New("Unable to decode base64 value")
		}
		raw = b
	case "Q", "q":
		text := strings.ReplaceAll(w.text, "_", " ")
		trimmed := strings.TrimRight(text, " \t\r\n\v\f")
		raw = append(quotedPrintableDecode(trimmed), text[len(trimmed):]...)
	default:
		return "", fmt.Errorf("Invalid encoding: %s", rustDebugStr(w.encoding))
	}
	charset := w.charset
	if charset == "" {
		charset = "utf-8"
	}
	enc, err := htmlindex.Get(charset)
	if err != nil || strings.EqualFold(strings.TrimSpace(charset), "replacement") {
		return "", fmt.Errorf("Unable to decode %s value", rustDebugStr(charset))
	}
	dec, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return lossyUTF8(string(raw)), nil
	}
	return string(dec), nil
}

// quotedPrintableDecode decodes quoted-printable leniently: "=XX" becomes
// the byte, soft line breaks ("=" before a line end) disappear, and any
// other "=" is kept literally.
func quotedPrintableDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		if i+2 < len(s) && s[i+1] == '\r' && s[i+2] == '\n' {
			i += 2
			continue
		}
		if i+1 < len(s) && s[i+1] == '\n' {
			i++
			continue
		}
		if i+2 < len(s) {
			hi, ok1 := hexDigit(s[i+1])
			lo, ok2 := hexDigit(s[i+2])
			if ok1 && ok2 {
				out = append(out, hi<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, c)
	}
	return out
}
