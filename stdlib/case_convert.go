package stdlib

import (
	"strings"
	"unicode/utf8"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Case conversion for camelcase, kebabcase, pascalcase, screamingsnakecase
// and snakecase. Upstream uses the convert_case crate (0.7): a string is
// split into words at "boundaries" (a space, hyphen or underscore, or a
// change between lower case, upper case and digits), then each word is
// re-cased by the target case's pattern and the words are joined with its
// delimiter. Giving the original case narrows the boundaries to that
// case's own.

// caseBoundary decides whether a word boundary lies before position i+start
// of the character sequence; width is how many characters the boundary
// itself consumes (1 for a delimiter, 0 between two letters).
type caseBoundary struct {
	name  string
	test  func(c []string) bool
	start int
	width int
}

func caseIsDigit(c string) bool { return len(c) == 1 && c[0] >= '0' && c[0] <= '9' }

func caseIsUpper(c string) bool {
	u, l := coreUpper(c), coreLower(c)
	return u != l && c == u
}

func caseIsLower(c string) bool {
	u, l := coreUpper(c), coreLower(c)
	return u != l && c == l
}

func caseAt(c []string, i int, pred func(string) bool) bool { return i < len(c) && pred(c[i]) }

func caseDelim(name, d string) caseBoundary {
	return caseBoundary{name: name, test: func(c []string) bool { return len(c) > 0 && c[0] == d }, width: 1}
}

var (
	caseSpace      = caseDelim("space", " ")
	caseHyphen     = caseDelim("hyphen", "-")
	caseUnderscore = caseDelim("underscore", "_")
	caseLowerUpper = caseBoundary{"lower_upper", func(c []string) bool { return caseAt(c, 0, caseIsLower) && caseAt(c, 1, caseIsUpper) }, 1, 0}
	caseUpperLower = caseBoundary{"upper_lower", func(c []string) bool { return caseAt(c, 0, caseIsUpper) && caseAt(c, 1, caseIsLower) }, 1, 0}
	caseAcronym    = caseBoundary{"acronym", func(c []string) bool {
		return caseAt(c, 0, caseIsUpper) && caseAt(c, 1, caseIsUpper) && caseAt(c, 2, caseIsLower)
	}, 1, 0}
	caseLowerDigit = caseBoundary{"lower_digit", func(c []string) bool { return caseAt(c, 0, caseIsLower) && caseAt(c, 1, caseIsDigit) }, 1, 0}
	caseUpperDigit = caseBoundary{"upper_digit", func(c []string) bool { return caseAt(c, 0, caseIsUpper) && caseAt(c, 1, caseIsDigit) }, 1, 0}
	caseDigitLower = caseBoundary{"digit_lower", func(c []string) bool { return caseAt(c, 0, caseIsDigit) && caseAt(c, 1, caseIsLower) }, 1, 0}
	caseDigitUpper = caseBoundary{"digit_upper", func(c []string) bool { return caseAt(c, 0, caseIsDigit) && caseAt(c, 1, caseIsUpper) }, 1, 0}
)

// caseDefaultBoundaries are used when the original case is not given.
var caseDefaultBoundaries = []caseBoundary{caseSpace, caseHyphen, caseUnderscore, caseLowerUpper, caseAcronym, caseLowerDigit, caseUpperDigit, caseDigitLower, caseDigitUpper}

// caseExcludable are the boundaries snakecase's excluded_boundaries
// may name, in upstream's order (which its error message lists).
var caseExcludable = []caseBoundary{caseLowerUpper, caseUpperLower, caseAcronym, caseLowerDigit, caseUpperDigit, caseDigitLower, caseDigitUpper}

// caseStyle is a target (or original) case.
type caseStyle struct {
	boundaries []caseBoundary
	delim      string
	// word re-cases word number i.
	word func(i int, w string) string
}

func caseLowerWord(_ int, w string) string { return coreLower(w) }
func caseUpperWord(_ int, w string) string { return coreUpper(w) }

func caseCapitalWord(_ int, w string) string {
	if w == "" {
		return ""
	}
	_, size := utf8.DecodeRuneInString(w)
	return coreUpper(w[:size]) + coreLower(w[size:])
}

var caseCamelBoundaries = []caseBoundary{caseLowerUpper, caseAcronym, caseLowerDigit, caseUpperDigit, caseDigitLower, caseDigitUpper}

// caseStyles maps original_case's variants to their cases.
var caseStyles = map[string]caseStyle{
	"camelCase": {caseCamelBoundaries, "", func(i int, w string) string {
		if i == 0 {
			return caseLowerWord(i, w)
		}
		return caseCapitalWord(i, w)
	}},
	"PascalCase":      {caseCamelBoundaries, "", caseCapitalWord},
	"SCREAMING_SNAKE": {[]caseBoundary{caseUnderscore}, "_", caseUpperWord},
	"snake_case":      {[]caseBoundary{caseUnderscore}, "_", caseLowerWord},
	"kebab-case":      {[]caseBoundary{caseHyphen}, "-", caseLowerWord},
}

// caseVariants are original_case's accepted values in upstream's order.
var caseVariants = []string{"camelCase", "PascalCase", "SCREAMING_SNAKE", "snake_case", "kebab-case"}

// caseSplitWords splits s into words at the given boundaries.
func caseSplitWords(s string, boundaries []caseBoundary) []string {
	if s == "" {
		return nil
	}
	var chars []string
	var offs []int
	for i, r := range s {
		offs = append(offs, i)
		chars = append(chars, string(r))
	}
	offAt := func(i int) int {
		if i < len(offs) {
			return offs[i]
		}
		return len(s)
	}
	var words []string
	last := 0
	for i := range chars {
		for _, b := range boundaries {
			if b.test(chars[i:]) {
				start := offAt(i + b.start)
				end := offAt(i + b.start + b.width)
				if start >= last {
					words = append(words, s[last:start])
				}
				last = end
				break
			}
		}
	}
	words = append(words, s[last:])
	out := words[:0]
	for _, w := range words {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// caseConvert converts s to the case named to; from (may be "") is the
// original case hint and excluded the boundaries not to split at.
func caseConvert(s, to, from string, excluded []caseBoundary) string {
	boundaries := caseDefaultBoundaries
	if from != "" {
		boundaries = caseStyles[from].boundaries
	}
	if len(excluded) > 0 {
		kept := make([]caseBoundary, 0, len(boundaries))
		for _, b := range boundaries {
			drop := false
			for _, e := range excluded {
				drop = drop || e.name == b.name
			}
			if !drop {
				kept = append(kept, b)
			}
		}
		boundaries = kept
	}
	target := caseStyles[to]
	words := caseSplitWords(lossyUTF8(s), boundaries)
	for i, w := range words {
		words[i] = target.word(i, w)
	}
	return strings.Join(words, target.delim)
}

// caseFunction registers one of the case conversion functions; only
// snakecase accepts excluded_boundaries.
func caseFunction(ident, to string, withExclusions bool) *funcDef {
	params := []Param{reqParam("value", value.BitBytes), optParam("original_case", value.BitBytes)}
	if withExclusions {
		params = append(params, optParam("excluded_boundaries", value.BitArray))
	}
	return &funcDef{ident: ident, params: params, compile: func(args *Args) (Call, error) {
		from, err := enumArg(args, 1, "original_case", caseVariants, "")
		if err != nil {
			return nil, err
		}
		var excluded []caseBoundary
		if withExclusions {
			if excluded, err = caseBoundaryArg(args, 2); err != nil {
				return nil, err
			}
		}
		return &funcCall{td: TypeDef{Kind: value.KindBytes}, eval: func(_ *Context, a []value.Value, _ []bool) (value.Value, error) {
			return value.Bytes(caseConvert(a[0].Str(), to, from, excluded)), nil
		}}, nil
	}}
}

// caseBoundaryArg reads snakecase's excluded_boundaries: an array literal of
// boundary names.
func caseBoundaryArg(args *Args, i int) ([]caseBoundary, error) {
	a := args.Get(i)
	if !a.Present {
		return nil, nil
	}
	if a.Const == nil || a.Const.Type() != value.TypeArray {
		return nil, compileMessage(i, "expected static string for excluded_boundaries")
	}
	var out []caseBoundary
	for _, item := range a.Const.Arr().Items {
		found := false
		for _, b := range caseExcludable {
			if item.Type() == value.TypeBytes && item.Str() == b.name {
				out = append(out, b)
				found = true
				break
			}
		}
		if !found {
			names := make([]string, len(caseExcludable))
			for k, b := range caseExcludable {
				names[k] = b.name
			}
			return nil, compileMessage(i, "boundary must match one of: "+strings.Join(names, ", "))
		}
	}
	return out, nil
}
