package stdlib

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// This file is a WHATWG URL parser for absolute URLs (no base), the
// standard VRL's parse_url follows through Rust's `url` crate. Go's
// net/url is deliberately not used: it keeps host case, does no IDNA,
// keeps default ports and does not normalise paths, all of which show in
// parse_url's output. Errors carry the url crate's texts.

// whatwgURL is a parsed URL's components as the url crate exposes them.
type whatwgURL struct {
	scheme, username, password, path string
	host                             *string
	port                             *int
	query, fragment                  *string
}

var (
	errURLRelative    = errors.New("relative URL without a base")
	errURLEmptyHost   = errors.New("empty host")
	errURLPort        = errors.New("invalid port number")
	errURLIPv4        = errors.New("invalid IPv4 address")
	errURLIPv6        = errors.New("invalid IPv6 address")
	errURLDomainChar  = errors.New("invalid domain character")
	errURLInternation = errors.New("invalid international domain name")
)

// urlSpecialPorts are the special schemes and their default ports (-1:
// file, which has none).
var urlSpecialPorts = map[string]int{"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21, "file": -1}

// urlDefaultPort is the port url's port_or_known_default fills in.
func urlDefaultPort(scheme string) (int, bool) {
	p, ok := urlSpecialPorts[scheme]
	return p, ok && p > 0
}

func parseWHATWGURL(input string) (*whatwgURL, error) {
	s := strings.TrimFunc(input, func(r rune) bool { return r <= 0x20 })
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)

	// scheme
	i := 0
	for i < len(s) && (isURLAlpha(s[i]) || i > 0 && (s[i] >= '0' && s[i] <= '9' || s[i] == '+' || s[i] == '-' || s[i] == '.')) {
		i++
	}
	if i == 0 || i >= len(s) || s[i] != ':' {
		return nil, errURLRelative
	}
	u := &whatwgURL{scheme: strings.ToLower(s[:i])}
	_, special := urlSpecialPorts[u.scheme]

	// Split off the fragment and the query first: the backslash rule of
	// special schemes applies to the part before them only.
	raw := s[i+1:]
	if j := strings.IndexByte(raw, '#'); j >= 0 {
		f := urlEncode(raw[j+1:], urlFragmentSet)
		u.fragment = &f
		raw = raw[:j]
	}
	if j := strings.IndexByte(raw, '?'); j >= 0 {
		set := urlQuerySet
		if special {
			set = urlSpecialQuerySet
		}
		q := urlEncode(raw[j+1:], set)
		u.query = &q
		raw = raw[:j]
	}
	rest := raw
	if special {
		rest = strings.ReplaceAll(rest, `\`, "/")
	}

	hasAuthority := false
	switch {
	case special && u.scheme != "file":
		rest = strings.TrimLeft(rest, "/")
		hasAuthority = true
	case strings.HasPrefix(rest, "//"):
		rest = rest[2:]
		hasAuthority = true
	}
	if hasAuthority {
		end := strings.IndexByte(rest, '/')
		if end < 0 {
			end = len(rest)
		}
		authority := rest[:end]
		rest = rest[end:]
		if err := u.parseAuthority(authority, special); err != nil {
			return nil, err
		}
	}

	switch {
	case special:
		u.path = urlNormalizePath(rest, true)
	case hasAuthority || strings.HasPrefix(rest, "/"):
		u.path = urlNormalizePath(rest, false)
	default:
		// An opaque path ("mailto:x@y"): kept as written, C0-encoded.
		u.path = urlEncode(rest, urlC0Set)
	}
	return u, nil
}

func isURLAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func (u *whatwgURL) parseAuthority(a string, special bool) error {
	if at := strings.LastIndexByte(a, '@'); at >= 0 {
		user, pass, _ := strings.Cut(a[:at], ":")
		u.username = urlEncode(user, urlUserinfoSet)
		u.password = urlEncode(pass, urlUserinfoSet)
		a = a[at+1:]
	}
	hostText, portText := a, ""
	hasPort := false
	if strings.HasPrefix(a, "[") {
		end := strings.IndexByte(a, ']')
		if end < 0 {
			return errURLIPv6
		}
		hostText = a[:end+1]
		if tail := a[end+1:]; tail != "" {
			if tail[0] != ':' {
				return errURLIPv6
			}
			portText, hasPort = tail[1:], true
		}
	} else if c := strings.LastIndexByte(a, ':'); c >= 0 {
		hostText, portText, hasPort = a[:c], a[c+1:], true
	}
	if hostText == "" {
		if special && u.scheme != "file" {
			return errURLEmptyHost
		}
		if u.username != "" || u.password != "" || hasPort {
			return errURLEmptyHost
		}
		if !special {
			empty := ""
			u.host = &empty
		}
		return nil
	}
	host, err := urlParseHost(hostText, special)
	if err != nil {
		return err
	}
	if u.scheme == "file" && host == "localhost" {
		host = ""
	}
	if host != "" || !special {
		u.host = &host
	}
	if hasPort && portText != "" {
		n := 0
		for _, c := range portText {
			if c < '0' || c > '9' {
				return errURLPort
			}
			n = n*10 + int(c-'0')
			if n > 65535 {
				return errURLPort
			}
		}
		if def, ok := urlSpecialPorts[u.scheme]; !ok || def != n {
			u.port = &n
		}
	}
	return nil
}

// urlParseHost parses a host: a bracketed IPv6 address, or for special
// schemes a domain (IDNA-mapped to ASCII, lowercased) or IPv4 address;
// for other schemes an opaque host.
func urlParseHost(h string, special bool) (string, error) {
	if strings.HasPrefix(h, "[") {
		if !strings.HasSuffix(h, "]") {
			return "", errURLIPv6
		}
		a, err := netip.ParseAddr(h[1 : len(h)-1])
		if err != nil || !a.Is6() || a.Zone() != "" {
			return "", errURLIPv6
		}
		return "[" + a.String() + "]", nil
	}
	if !special {
		for _, c := range []byte(h) {
			if strings.IndexByte(urlForbiddenHost, c) >= 0 && c != '%' {
				return "", errURLDomainChar
			}
		}
		return urlEncode(h, urlC0Set), nil
	}
	domain := h
	if strings.Contains(h, "%") {
		domain = percentDecode(h)
	}
	ascii := strings.ToLower(domain)
	if !isASCII(domain) || strings.Contains(ascii, "xn--") {
		var err error
		ascii, err = urlIDNA.ToASCII(domain)
		if err != nil {
			return "", errURLInternation
		}
	}
	if ascii == "" {
		return "", errURLEmptyHost
	}
	for i := 0; i < len(ascii); i++ {
		c := ascii[i]
		if c <= 0x20 || c == 0x7f || strings.IndexByte(urlForbiddenHost, c) >= 0 {
			return "", errURLDomainChar
		}
	}
	if urlEndsInNumber(ascii) {
		return urlParseIPv4(ascii)
	}
	return ascii, nil
}

// urlIDNA is UTS #46 processing as the url crate configures it:
// non-transitional, no STD3 or hyphen or DNS-length checks.
var urlIDNA = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.StrictDomainName(false),
	idna.CheckHyphens(false),
	idna.VerifyDNSLength(false),
)

const urlForbiddenHost = "\x00\t\n\r #/:<>?@[\\]^|%"

// urlEndsInNumber reports whether the last label is numeric, which makes
// the host an IPv4 address.
func urlEndsInNumber(h string) bool {
	labels := strings.Split(h, ".")
	if labels[len(labels)-1] == "" {
		if len(labels) == 1 {
			return false
		}
		labels = labels[:len(labels)-1]
	}
	last := labels[len(labels)-1]
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	if strings.HasPrefix(last, "0x") || strings.HasPrefix(last, "0X") {
		return strings.Trim(last[2:], "0123456789abcdefABCDEF") == ""
	}
	return false
}

// urlParseIPv4 parses WHATWG IPv4 (1–4 parts, decimal, 0x hex or 0-octal)
// and renders it dotted.
func urlParseIPv4(h string) (string, error) {
	parts := strings.Split(h, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return "", errURLIPv4
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		base := 10
		switch {
		case strings.HasPrefix(p, "0x") || strings.HasPrefix(p, "0X"):
			p, base = p[2:], 16
		case len(p) > 1 && p[0] == '0':
			p, base = p[1:], 8
		}
		if p == "" {
			nums[i] = 0
			continue
		}
		n, err := strconv.ParseUint(p, base, 64)
		if err != nil {
			return "", errURLIPv4
		}
		nums[i] = n
	}
	for _, n := range nums[:len(nums)-1] {
		if n > 255 {
			return "", errURLIPv4
		}
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return "", errURLIPv4
	}
	ip := last
	for i, n := range nums[:len(nums)-1] {
		ip += n << (8 * (3 - i))
	}
	return netip.AddrFrom4([4]byte{byte(ip >> 24), byte(ip >> 16), byte(ip >> 8), byte(ip)}).String(), nil
}

// urlNormalizePath percent-encodes path segments and resolves "." and
// ".." segments (also written %2e); a special URL's path is at least "/".
func urlNormalizePath(p string, special bool) string {
	if p == "" {
		if special {
			return "/"
		}
		return ""
	}
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	var out []string
	for i, seg := range segs {
		last := i == len(segs)-1
		switch strings.ToLower(seg) {
		case ".", "%2e":
			if last {
				out = append(out, "")
			}
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, urlEncode(seg, urlPathSet))
		}
	}
	return "/" + strings.Join(out, "/")
}

// Percent-encode sets of the URL standard, as strings of the ASCII
// characters (beyond C0 controls, DEL and non-ASCII) each one encodes.
const (
	urlC0Set           = ""
	urlFragmentSet     = " \"<>`"
	urlQuerySet        = " \"#<>"
	urlSpecialQuerySet = " \"#<>'"
	urlPathSet         = " \"#<>?`{}"
	urlUserinfoSet     = " \"#<>?`{}/:;=@[\\]^|"
)

func urlEncode(s, set string) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || strings.IndexByte(set, c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
