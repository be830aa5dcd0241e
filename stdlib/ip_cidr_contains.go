package stdlib

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// ip_cidr_contains reports whether an address lies in a CIDR block, or in
// any of an array of blocks. A constant CIDR argument is parsed once at
// compile time, and an invalid one is a compile error (E403), as in VRL.
func init() {
	Register(&funcDef{
		ident: "ip_cidr_contains",
		params: []Param{
			reqParam("cidr", value.BitBytes|value.BitArray),
			reqParam("value", value.BitBytes),
		},
		compile: compileIPCidrContains,
	})
}

func compileIPCidrContains(args *Args) (Call, error) {
	td := TypeDef{Kind: value.KindBoolean, Fallible: true}
	c, ok := constArg(args, 0)
	if !ok {
		return &funcCall{td: td, eval: evalIPCidrContains}, nil
	}
	var blocks []netip.Prefix
	switch c.Type() {
	case value.TypeBytes:
		p, err := parseCIDR(lossyUTF8(c.Str()))
		if err != nil {
			return nil, invalidArgument(0, "ip_cidr_contains", c, `"cidr" must be valid cidr`)
		}
		blocks = append(blocks, p)
	case value.TypeArray:
		for _, it := range c.Arr().Items {
			if it.Type() != value.TypeBytes {
				return nil, invalidArgument(0, "ip_cidr_contains", it, `"cidr" must be string`)
			}
			p, err := parseCIDR(lossyUTF8(it.Str()))
			if err != nil {
				return nil, invalidArgument(0, "ip_cidr_contains", it, `"cidr" must be valid cidr`)
			}
			blocks = append(blocks, p)
		}
	default:
		return nil, invalidArgument(0, "ip_cidr_contains", c, `"cidr" must be string or array of strings`)
	}
	return &funcCall{td: td, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		a, err := parseIPArg(lossyUTF8(args[1].Str()))
		if err != nil {
			return value.Null, err
		}
		for _, p := range blocks {
			if p.Contains(a) {
				return value.True, nil
			}
		}
		return value.False, nil
	}}, nil
}

func evalIPCidrContains(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
	a, err := parseIPArg(lossyUTF8(args[1].Str()))
	if err != nil {
		return value.Null, err
	}
	var cidrs []value.Value
	if args[0].Type() == value.TypeArray {
		cidrs = args[0].Arr().Items
	} else {
		cidrs = []value.Value{args[0]}
	}
	for _, c := range cidrs {
		if c.Type() != value.TypeBytes {
			return value.Null, TypeError(value.BitBytes, c)
		}
		p, err := parseCIDR(lossyUTF8(c.Str()))
		if err != nil {
			return value.Null, fmt.Errorf("unable to parse CIDR: %s", err)
		}
		if p.Contains(a) {
			return value.True, nil
		}
	}
	return value.False, nil
}

// parseCIDR parses a network as Rust's cidr crate does (IpCidr::from_str):
// "addr/len" split at the last slash, or a bare address as a host
// network; the host bits must be zero. Errors carry that crate's texts.
// An IPv4 network never contains an IPv6 address and vice versa.
func parseCIDR(s string) (netip.Prefix, error) {
	addrText, lenText, hasLen := s, "", false
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		addrText, lenText, hasLen = s[:i], s[i+1:], true
	}
	a, ok := parseIPAddr(addrText)
	if !ok {
		return netip.Prefix{}, errors.New("couldn't parse address in network: " + errIPSyntax)
	}
	if !hasLen {
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	n, err := parseRustUint(lenText, 255)
	if err != nil {
		return netip.Prefix{}, errors.New("couldn't parse length in network: " + err.Error())
	}
	if int(n) > a.BitLen() {
		family := "Ipv4"
		if a.Is6() {
			family = "Ipv6"
		}
		return netip.Prefix{}, fmt.Errorf("invalid length for network: Network length %d is too long for %s (maximum: %d)", n, family, a.BitLen())
	}
	p := netip.PrefixFrom(a, int(n))
	if p.Masked().Addr() != a {
		return netip.Prefix{}, errors.New("host part of address was not zero")
	}
	return p, nil
}
