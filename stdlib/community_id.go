package stdlib

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"net/netip"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// community_id computes a flow's Community ID (version 1,
// https://github.com/corelight/community-id-spec): the base64 SHA-1 of
// seed, both addresses, protocol and (for port-carrying protocols, or
// ICMP's type/code) both ports, with the endpoints put in a canonical
// order so both directions of a flow get the same ID. It follows the Rust
// `community-id` crate VRL uses, quirks included (see orderIPv4).
func init() {
	Register(&funcDef{
		ident: "community_id",
		params: []Param{
			reqParam("source_ip", value.BitBytes),
			reqParam("destination_ip", value.BitBytes),
			reqParam("protocol", value.BitInteger),
			optParam("source_port", value.BitInteger),
			optParam("destination_port", value.BitInteger),
			optParam("seed", value.BitInteger),
		},
		compile: compileCommunityID,
	})
}

// compileCommunityID rejects out-of-range constant protocol, ports and
// seed at compile time, as VRL does.
func compileCommunityID(args *Args) (Call, error) {
	checks := []struct {
		i       int
		keyword string
		max     int64
	}{{2, "protocol", 255}, {3, "source_port", 65535}, {4, "destination_port", 65535}, {5, "seed", 65535}}
	for _, c := range checks {
		if v, ok := constArg(args, c.i); ok && v.Type() == value.TypeInteger && (v.Int() < 0 || v.Int() > c.max) {
			return nil, invalidArgument(c.i, c.keyword, v, fmt.Sprintf("%q must be between 0 and %d", c.keyword, c.max))
		}
	}
	return &funcCall{td: TypeDef{Kind: value.KindBytes, Fallible: true}, eval: evalCommunityID}, nil
}

// Rust's TryFromIntError text, which VRL appends to its range errors.
const errOutOfRangeIntegral = "out of range integral type conversion attempted"

func evalCommunityID(_ *Context, args []value.Value, present []bool) (value.Value, error) {
	src, ok := parseIPAddr(lossyUTF8(args[0].Str()))
	if !ok {
		return value.Null, fmt.Errorf("unable to parse source IP address: %s", errIPSyntax)
	}
	dst, ok := parseIPAddr(lossyUTF8(args[1].Str()))
	if !ok {
		return value.Null, fmt.Errorf("unable to parse destination IP address: %s", errIPSyntax)
	}
	proto := args[2].Int()
	if proto < 0 || proto > 255 {
		return value.Null, fmt.Errorf("protocol must be between 0 and 255: %s", errOutOfRangeIntegral)
	}
	port := func(i int, what string) (*uint16, error) {
		if !isPresent(present, i) {
			return nil, nil
		}
		n := args[i].Int()
		if n < 0 || n > 65535 {
			return nil, fmt.Errorf("%s must be between 0 and 65535: %s", what, errOutOfRangeIntegral)
		}
		p := uint16(n)
		return &p, nil
	}
	sport, err := port(3, "source port")
	if err != nil {
		return value.Null, err
	}
	dport, err := port(4, "destination port")
	if err != nil {
		return value.Null, err
	}
	seed := int64(0)
	if isPresent(present, 5) {
		seed = args[5].Int()
		if seed < 0 || seed > 65535 {
			return value.Null, fmt.Errorf("seed must be between 0 and 65535: %s", errOutOfRangeIntegral)
		}
	}
	id, err := communityID(uint16(seed), src, dst, sport, dport, uint8(proto))
	if err != nil {
		return value.Null, err
	}
	return value.Bytes(id), nil
}

const (
	protoICMP   = 1
	protoTCP    = 6
	protoUDP    = 17
	protoICMPv6 = 58
	protoSCTP   = 132
)

// ICMP message types paired with their reply (or request), per the
// Community ID spec; a type outside these makes the flow one-way.
var (
	icmpv4Pairs = map[uint16]uint16{0: 8, 8: 0, 9: 10, 10: 9, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17}
	icmpv6Pairs = map[uint16]uint16{128: 129, 129: 128, 130: 131, 131: 130, 133: 134, 134: 133,
		135: 136, 136: 135, 139: 140, 140: 139, 144: 145, 145: 144}
)

// icmpPorts maps ICMP type and code to the port pair the hash uses.
func icmpPorts(pairs map[uint16]uint16, typ, code uint16) (uint16, uint16, bool) {
	if other, ok := pairs[typ]; ok {
		return typ, other, false
	}
	return typ, code, true
}

func communityID(seed uint16, src, dst netip.Addr, sport, dport *uint16, proto uint8) (string, error) {
	switch proto {
	case protoTCP, protoUDP, protoSCTP:
		if sport == nil || dport == nil {
			return "", errors.New("src port and dst port should be set when protocol is tcp/udp/sctp")
		}
	}
	if src.Is4() != dst.Is4() {
		return "", errors.New("src ip and dst ip should be same version!")
	}
	oneWay := false
	if proto == protoICMP || proto == protoICMPv6 {
		if src.Is4() && proto == protoICMPv6 {
			return "", errors.New("icmpv6 can not over ipv4!")
		}
		pairs := icmpv4Pairs
		if proto == protoICMPv6 {
			pairs = icmpv6Pairs
		}
		var t, c uint16
		if sport != nil {
			t = *sport
		}
		if dport != nil {
			c = *dport
		}
		a, b, ow := icmpPorts(pairs, t, c)
		sport, dport, oneWay = &a, &b, ow
	}
	// The crate compares ports as stored: for IPv4 after converting them
	// to network byte order on a little-endian machine (so byte-swapped),
	// for IPv6 as plain numbers. An absent port sorts before any port.
	less := func(a, b *uint16) bool {
		if a == nil || b == nil {
			return a == nil && b != nil
		}
		if src.Is4() {
			return bits.ReverseBytes16(*a) < bits.ReverseBytes16(*b)
		}
		return *a < *b
	}
	if !(oneWay || src.Less(dst) || (src == dst && less(sport, dport))) {
		src, dst = dst, src
		sport, dport = dport, sport
	}
	buf := make([]byte, 0, 40)
	buf = binary.BigEndian.AppendUint16(buf, seed)
	buf = append(buf, src.AsSlice()...)
	buf = append(buf, dst.AsSlice()...)
	buf = append(buf, proto, 0)
	if sport != nil && dport != nil {
		buf = binary.BigEndian.AppendUint16(buf, *sport)
		buf = binary.BigEndian.AppendUint16(buf, *dport)
	}
	sum := sha1.Sum(buf)
	return "1:" + base64.StdEncoding.EncodeToString(sum[:]), nil
}
