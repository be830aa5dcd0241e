package stdlib

import (
	"sync"

	"github.com/ua-parser/uap-go/uaparser"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_user_agent parses a User-Agent header on a best-effort basis.
// The mode (a literal) picks the parser and the result's shape:
//
//   - "fast" (default): Woothee only (woothee.go); browser
//     family/version, OS family/version, device category.
//   - "reliable": Woothee, falling back to uap-core's regexes for the
//     fields Woothee missed when it found no browser or no OS family; same
//     shape as fast.
//   - "enriched": uap-core first, Woothee for what it left empty; adds the
//     version parts, the device family, brand and model.
//
// Fields that could not be determined are null. The uap-core regexes come
// from the uap-go module (compiled once, on first use).
func init() {
	Register(&funcDef{
		ident:   "parse_user_agent",
		params:  []Param{reqParam("value", value.BitBytes), optParam("mode", value.BitBytes)},
		compile: compileParseUserAgent,
	})
}

func compileParseUserAgent(args *Args) (Call, error) {
	mode, err := enumArg(args, 1, "mode", []string{"fast", "reliable", "enriched"}, "fast")
	if err != nil {
		return nil, err
	}
	strOrNull := value.Kind{Bits: value.BitBytes | value.BitNull}
	obj := func(fields ...string) value.Kind {
		m := make(map[string]value.Kind, len(fields))
		for _, f := range fields {
			m[f] = strOrNull
		}
		return value.KindObjectOf(m, nil)
	}
	var kind value.Kind
	if mode == "enriched" {
		kind = value.KindObjectOf(map[string]value.Kind{
			"browser": obj("family", "version", "major", "minor", "patch"),
			"os":      obj("family", "version", "major", "minor", "patch", "patch_minor"),
			"device":  obj("family", "category", "brand", "model"),
		}, nil)
	} else {
		kind = value.KindObjectOf(map[string]value.Kind{
			"browser": obj("family", "version"),
			"os":      obj("family", "version"),
			"device":  obj("category"),
		}, nil)
	}
	return &funcCall{td: TypeDef{Kind: kind}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		agent := lossyUTF8(args[0].Str())
		var ua userAgentInfo
		switch mode {
		case "fast":
			ua = wootheeUserAgent(agent)
			return ua.partial(), nil
		case "reliable":
			ua = wootheeUserAgent(agent)
			if ua.browser.family == nil || ua.os.family == nil {
				ua = uapUserAgent(agent).or(ua)
			}
			return ua.partial(), nil
		}
		ua = uapUserAgent(agent).or(wootheeUserAgent(agent))
		return ua.full(), nil
	}}, nil
}

// userAgentInfo is the union of what both parsers can tell (nil: unknown).
type userAgentInfo struct {
	browser struct{ family, version, major, minor, patch *string }
	os      struct{ family, version, major, minor, patch, patchMinor *string }
	device  struct{ family, category, brand, model *string }
}

// or fills the fields u lacks from other.
func (u userAgentInfo) or(other userAgentInfo) userAgentInfo {
	pick := func(a, b *string) *string {
		if a != nil {
			return a
		}
		return b
	}
	u.browser.family = pick(u.browser.family, other.browser.family)
	u.browser.version = pick(u.browser.version, other.browser.version)
	u.browser.major = pick(u.browser.major, other.browser.major)
	u.browser.minor = pick(u.browser.minor, other.browser.minor)
	u.browser.patch = pick(u.browser.patch, other.browser.patch)
	u.os.family = pick(u.os.family, other.os.family)
	u.os.version = pick(u.os.version, other.os.version)
	u.os.major = pick(u.os.major, other.os.major)
	u.os.minor = pick(u.os.minor, other.os.minor)
	u.os.patch = pick(u.os.patch, other.os.patch)
	u.os.patchMinor = pick(u.os.patchMinor, other.os.patchMinor)
	u.device.family = pick(u.device.family, other.device.family)
	u.device.category = pick(u.device.category, other.device.category)
	u.device.brand = pick(u.device.brand, other.device.brand)
	u.device.model = pick(u.device.model, other.device.model)
	return u
}

func uaObject(kv ...any) value.Value {
	o := value.NewObject(len(kv) / 2)
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(kv[i].(string), netparseOptStr(kv[i+1].(*string)))
	}
	return value.ObjectValue(o)
}

// partial is the fast/reliable shape.
func (u userAgentInfo) partial() value.Value {
	o := value.NewObject(3)
	o.Set("browser", uaObject("family", u.browser.family, "version", u.browser.version))
	o.Set("os", uaObject("family", u.os.family, "version", u.os.version))
	o.Set("device", uaObject("category", u.device.category))
	return value.ObjectValue(o)
}

// full is the enriched shape.
func (u userAgentInfo) full() value.Value {
	o := value.NewObject(3)
	o.Set("browser", uaObject("family", u.browser.family, "version", u.browser.version,
		"major", u.browser.major, "minor", u.browser.minor, "patch", u.browser.patch))
	o.Set("os", uaObject("family", u.os.family, "version", u.os.version, "major", u.os.major,
		"minor", u.os.minor, "patch", u.os.patch, "patch_minor", u.os.patchMinor))
	o.Set("device", uaObject("family", u.device.family, "category", u.device.category,
		"brand", u.device.brand, "model", u.device.model))
	return value.ObjectValue(o)
}

// known returns s, or nil when it is empty or Woothee's UNKNOWN.
func uaKnown(s string) *string {
	if s == "" || s == wootheeUnknown {
		return nil
	}
	return &s
}

func wootheeUserAgent(agent string) userAgentInfo {
	r, _ := wootheeParse(agent)
	var u userAgentInfo
	u.browser.family = uaKnown(r.name)
	u.browser.version = uaKnown(r.version)
	u.os.family = uaKnown(r.os)
	u.os.version = uaKnown(r.osVersion)
	u.device.category = uaKnown(r.category)
	return u
}

var uapParser = sync.OnceValue(func() *uaparser.Parser {
	p, err := uaparser.New()
	if err != nil {
		panic("parse_user_agent: uap-core regexes: " + err.Error())
	}
	return p
})

// uapUserAgent runs the uap-core regexes. A part no regex matched is
// unknown ("Other" is uap-go's placeholder for that).
func uapUserAgent(agent string) userAgentInfo {
	p := uapParser()
	var u userAgentInfo
	uaNil := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	if b := p.ParseUserAgent(agent); b.Family != "Other" {
		u.browser.family = uaNil(b.Family)
		u.browser.major = uaNil(b.Major)
		u.browser.minor = uaNil(b.Minor)
		u.browser.patch = uaNil(b.Patch)
	}
	if o := p.ParseOs(agent); o.Family != "Other" {
		u.os.family = uaNil(o.Family)
		u.os.major = uaNil(o.Major)
		u.os.minor = uaNil(o.Minor)
		u.os.patch = uaNil(o.Patch)
		u.os.patchMinor = uaNil(o.PatchMinor)
	}
	if d := p.ParseDevice(agent); d.Family != "Other" {
		u.device.family = uaNil(d.Family)
		u.device.brand = uaNil(d.Brand)
		u.device.model = uaNil(d.Model)
	}
	return u
}
