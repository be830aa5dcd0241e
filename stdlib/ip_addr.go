package stdlib

import (
	"fmt"
	"net/netip"
	"strings"
)

// The IP functions parse addresses as Rust's std::net does, because VRL's
// error messages and accepted syntax come from there: dotted-quad IPv4
// with no leading zeros, RFC 4291 IPv6 text (with an optional embedded
// IPv4 tail) and no zone suffix. Go's netip accepts the same syntax except
// zones, which are rejected here. netip.Addr.String also renders IPv6 as
// Rust does (longest run of two or more zero groups compressed, IPv4-mapped
// addresses as ::ffff:a.b.c.d).

// Rust's AddrParseError messages.
const (
	errIPSyntax   = "invalid IP address syntax"
	errIPv4Syntax = "invalid IPv4 address syntax"
	errIPv6Syntax = "invalid IPv6 address syntax"
)

// parseIPAddr parses an IPv4 or IPv6 address (Rust's IpAddr::from_str).
func parseIPAddr(s string) (netip.Addr, bool) {
	if strings.ContainsRune(s, '%') {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a, true
}

// parseIPv4Addr parses a dotted-quad IPv4 address (Ipv4Addr::from_str).
func parseIPv4Addr(s string) (netip.Addr, bool) {
	a, ok := parseIPAddr(s)
	if !ok || !a.Is4() {
		return netip.Addr{}, false
	}
	return a, true
}

// parseIPv6Addr parses an IPv6 address (Ipv6Addr::from_str).
func parseIPv6Addr(s string) (netip.Addr, bool) {
	a, ok := parseIPAddr(s)
	if !ok || !a.Is6() {
		return netip.Addr{}, false
	}
	return a, true
}

// ipVersionLabel names the address family as VRL's messages do.
func ipVersionLabel(a netip.Addr) string {
	if a.Is4() {
		return "IPv4"
	}
	return "IPv6"
}

// parseIPArg parses an address argument of an IP function, failing with
// upstream's "unable to parse IP address: …" message.
func parseIPArg(s string) (netip.Addr, error) {
	a, ok := parseIPAddr(s)
	if !ok {
		return netip.Addr{}, fmt.Errorf("unable to parse IP address: %s", errIPSyntax)
	}
	return a, nil
}
