package stdlib

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// ip_subnet masks an address with a subnet given either as a prefix
// length ("/24") or as a netmask address ("255.255.255.0"); the mask's
// family must match the address's.
func init() {
	Register(&Spec{
		Ident:      "ip_subnet",
		Parameters: []Param{reqParam("value", value.BitBytes), reqParam("subnet", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl:       evalIPSubnet,
	})
}

func evalIPSubnet(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
	a, err := parseIPArg(lossyUTF8(args[0].Str()))
	if err != nil {
		return value.Null, err
	}
	maskText := lossyUTF8(args[1].Str())
	var mask netip.Addr
	if strings.HasPrefix(maskText, "/") {
		bits, err := parseRustUint(maskText[1:], 1<<32-1)
		if err != nil {
			return value.Null, fmt.Errorf("%s is not a valid subnet", maskText)
		}
		if a.Is4() && bits > 32 {
			return value.Null, errors.New("subnet cannot be greater than 32 for ipv4 addresses")
		}
		if a.Is6() && bits > 128 {
			return value.Null, errors.New("subnet cannot be greater than 128 for ipv6 addresses")
		}
		// The mask address has the first `bits` bits set.
		mask = netip.PrefixFrom(allOnes(a), int(bits)).Masked().Addr()
	} else {
		m, ok := parseIPAddr(maskText)
		if !ok {
			return value.Null, fmt.Errorf("unable to parse mask: %s", errIPSyntax)
		}
		mask = m
	}
	switch {
	case a.Is6() && mask.Is4():
		return value.Null, errors.New("attempting to mask an ipv6 address with an ipv4 mask")
	case a.Is4() && mask.Is6():
		return value.Null, errors.New("attempting to mask an ipv4 address with an ipv6 mask")
	}
	x, m := a.As16(), mask.As16()
	for i := range x {
		x[i] &= m[i]
	}
	out := netip.AddrFrom16(x)
	if a.Is4() {
		out = out.Unmap()
	}
	return value.Bytes(out.String()), nil
}

// allOnes returns the all-ones address of a's family.
func allOnes(a netip.Addr) netip.Addr {
	if a.Is4() {
		return netip.AddrFrom4([4]byte{255, 255, 255, 255})
	}
	var b [16]byte
	for i := range b {
		b[i] = 255
	}
	return netip.AddrFrom16(b)
}
