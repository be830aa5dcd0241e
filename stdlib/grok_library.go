package stdlib

// grok_library.go holds what parse_grok and parse_groks share: the two
// built-in pattern libraries (the grok crate's for parse_grok, VRL's
// Datadog copy for parse_groks; they differ in a few definitions) and the
// regex engine. Upstream compiles grok regexes with Oniguruma (Ruby
// syntax), which has look-behind, atomic groups and backtracking that Go's
// RE2 lacks, so grok regexes run on regexp2 after a small syntax
// translation (grokOnigToNET).

import (
	"embed"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2"
)

//go:embed grokdata/*.txt
var grokData embed.FS

var (
	grokLibOnce                  sync.Once
	grokCrateLib, grokDatadogLib map[string]string
)

func grokLoad(name string) map[string]string {
	data, err := grokData.ReadFile("grokdata/" + name)
	if err != nil {
		panic("stdlib: missing grok pattern library " + name)
	}
	lib := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, _ := strings.Cut(line, " ")
		lib[k] = v
	}
	return lib
}

// grokLibraries returns the grok crate's and the Datadog pattern sets.
func grokLibraries() (crate, datadog map[string]string) {
	grokLibOnce.Do(func() {
		grokCrateLib = grokLoad("grok.txt")
		grokDatadogLib = grokLoad("datadog.txt")
	})
	return grokCrateLib, grokDatadogLib
}

// grokMatchTimeout bounds one match, standing in for Oniguruma's retry
// limit: a pathological pattern fails to match instead of hanging.
const grokMatchTimeout = 2 * time.Second

// grokCompileRegex compiles an Oniguruma (Ruby syntax) regex.
func grokCompileRegex(pattern string) (*regexp2.Regexp, error) {
	re, err := regexp2.Compile(grokOnigToNET(pattern), regexp2.Multiline)
	if err != nil {
		return nil, err
	}
	re.MatchTimeout = grokMatchTimeout
	return re, nil
}

var grokPOSIXClasses = map[string]string{
	"alnum": `\p{L}\p{M}\p{Nd}`, "alpha": `\p{L}\p{M}`, "digit": `0-9`, "xdigit": `0-9A-Fa-f`,
	"upper": `\p{Lu}`, "lower": `\p{Ll}`, "space": `\s`, "blank": ` \t`, "punct": `\p{P}`,
	"cntrl": `\p{Cc}`, "word": `\w`, "print": `\P{C}`, "graph": `\p{L}\p{M}\p{N}\p{P}\p{S}`, "ascii": `\x00-\x7F`,
}

// grokOnigToNET rewrites the Ruby-syntax constructs .NET's dialect reads
// differently: (?m) is dot-all in Ruby (.NET's (?s)); \h is a hex digit;
// POSIX brackets and nested classes inside a bracket expression are
// unions; a quantifier applied to a quantified atom (`.?*`) nests it, and
// `*+` `++` `?+` are possessive. ^ and $ are line anchors in Ruby,
// handled by compiling with regexp2.Multiline.
func grokOnigToNET(p string) string {
	var b strings.Builder
	depth := 0          // bracket-expression nesting
	atom := -1          // output offset where the last complete atom starts
	var groups []int    // output offsets of open groups
	quantified := false // the last atom already carries a quantifier
	// quantify handles a quantifier q read after the last atom.
	quantify := func(q string, lazyOK bool) {
		out := b.String()
		switch {
		case !quantified || atom < 0:
			b.WriteString(q)
			quantified = true
		case q == "?" && lazyOK:
			b.WriteString(q) // lazy
		case q == "+":
			// possessive: (?>atom quantifier)
			b.Reset()
			b.WriteString(out[:atom] + "(?>" + out[atom:] + ")")
		default:
			b.Reset()
			b.WriteString(out[:atom] + "(?:" + out[atom:] + ")" + q)
		}
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if depth > 0 {
			switch {
			case c == '\\' && i+1 < len(p):
				if p[i+1] == 'h' {
					b.WriteString(`0-9A-Fa-f`)
				} else {
					b.WriteString(p[i : i+2])
				}
				i++
			case c == '[' && strings.HasPrefix(p[i:], "[:"):
				end := strings.Index(p[i:], ":]")
				name := ""
				if end > 2 {
					name = p[i+2 : i+end]
				}
				if cls, ok := grokPOSIXClasses[name]; ok {
					b.WriteString(cls)
					i += end + 1
				} else {
					b.WriteByte(c)
				}
			case c == '[':
				depth++ // a nested class is a union: inline its members
			case c == ']':
				depth--
				if depth == 0 {
					b.WriteByte(c)
				}
			default:
				b.WriteByte(c)
			}
			continue
		}
		switch {
		case c == '\\' && i+1 < len(p):
			atom, quantified = b.Len(), false
			e := p[i+1]
			i++
			switch e {
			case 'h':
				b.WriteString(`[0-9A-Fa-f]`)
			case 'H':
				b.WriteString(`[^0-9A-Fa-f]`)
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case c == '[':
			atom, quantified = b.Len(), false
			depth++
			b.WriteByte(c)
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteString(`\]`)
				i++
			}
		case c == '(' && strings.HasPrefix(p[i:], "(?") && i+2 < len(p) && grokIsFlagGroup(p[i+2:]):
			j := i + 2
			for j < len(p) && strings.IndexByte("imx-", p[j]) >= 0 {
				j++
			}
			groups = append(groups, b.Len())
			b.WriteString("(?")
			b.WriteString(strings.ReplaceAll(p[i+2:j], "m", "s"))
			if p[j] == ')' {
				// A bare flag group (?m) is no atom.
				groups = groups[:len(groups)-1]
				b.WriteByte(')')
				i = j
				atom, quantified = -1, false
				continue
			}
			i = j - 1
		case c == '(':
			groups = append(groups, b.Len())
			b.WriteByte(c)
			atom = -1
		case c == ')':
			b.WriteByte(c)
			if n := len(groups); n > 0 {
				atom, groups = groups[n-1], groups[:n-1]
			}
			quantified = false
		case c == '*' || c == '+' || c == '?':
			quantify(string(c), true)
		case c == '{' && grokIsInterval(p[i:]):
			end := strings.IndexByte(p[i:], '}')
			q := p[i : i+end+1]
			i += end
			if quantified && atom >= 0 {
				out := b.String()
				b.Reset()
				b.WriteString(out[:atom] + "(?:" + out[atom:] + ")" + q)
			} else {
				b.WriteString(q)
				quantified = true
			}
		case c == '|':
			b.WriteByte(c)
			atom, quantified = -1, false
		default:
			atom, quantified = b.Len(), false
			b.WriteByte(c)
		}
	}
	return b.String()
}

// grokIsInterval reports whether s starts with a {n}, {n,} or {n,m}
// quantifier (other braces are literal).
func grokIsInterval(s string) bool {
	end := strings.IndexByte(s, '}')
	if end < 2 {
		return false
	}
	body := s[1:end]
	lo, hi, comma := strings.Cut(body, ",")
	digits := func(x string) bool { return strings.Trim(x, "0123456789") == "" }
	if !comma {
		return lo != "" && digits(lo)
	}
	return lo != "" && digits(lo) && digits(hi)
}

func grokIsFlagGroup(s string) bool {
	j := 0
	for j < len(s) && strings.IndexByte("imx-", s[j]) >= 0 {
		j++
	}
	return j > 0 && j < len(s) && (s[j] == ')' || s[j] == ':')
}

// lpGrokCompileError is how VRL reports an invalid grok pattern: E112
// (invalid grok pattern) wrapped in E610 (function compilation error),
// labelled "grok pattern error: ...". Upstream gives the label an empty
// span, so it is not tied to an argument here either (ArgIndex -1).
func lpGrokCompileError(err error) *CompileError {
	return &CompileError{
		Code:     610,
		Message:  "function compilation error: error[E112] " + err.Error(),
		ArgIndex: -1,
		Label:    "grok pattern error: " + err.Error(),
	}
}
