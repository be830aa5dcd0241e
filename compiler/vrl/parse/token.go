package parse

// tokKind is the kind of a lexical token. The order of the kinds from
// tIdent to tRParen is the declaration order of VRL's grammar terminals,
// which is also the order its "expected one of" lists use; termNames gives
// their display names.
type tokKind uint8

const (
	tIdent       tokKind = iota // "identifier"
	tPathField                  // "path field" (an identifier containing '@')
	tString                     // "string literal"
	tRawString                  // "raw string literal"
	tInt                        // "integer literal"
	tFloat                      // "float literal"
	tRegex                      // "regex literal"
	tTimestamp                  // "timestamp literal"
	tFuncCall                   // "function call": identifier directly followed by ( or !
	tInvalid                    // "invalid token"
	tReserved                   // "reserved identifier"
	tLQuery                     // start of a query; never produced, only expected
	tRQuery                     // end of a query; never produced, only expected
	tIf                         // if
	tElse                       // else
	tNull                       // null
	tTrue                       // true
	tFalse                      // false
	tAbort                      // abort
	tReturn                     // return
	tSemi                       // ;
	tNewline                    // \n
	tPipe                       // | (the closure-parameter spelling; see tMerge)
	tAssign                     // =
	tMergeAssign                // |=
	tComma                      // ,
	tUnderscore                 // _
	tColon                      // :
	tDot                        // .
	tAmp                        // &
	tBang                       // !
	tArrow                      // ->
	tPercent                    // %
	tAdd                        // +
	tMul                        // *
	tSub                        // -
	tDiv                        // /
	tLt                         // <
	tLe                         // <=
	tGt                         // >
	tGe                         // >=
	tEq                         // ==
	tNe                         // !=
	tMerge                      // | as an operator (the lexer's only spelling of |)
	tAnd                        // &&
	tOr                         // ||
	tErrCoalesce                // ??
	tLBracket                   // [
	tLBrace                     // {
	tLParen                     // (
	tRBracket                   // ]
	tRBrace                     // }
	tRParen                     // )
	numTerminals
)

// Tokens that are not grammar terminals.
const (
	tEOF      = numTerminals + iota
	tBadOp    // an operator run that is not an operator, such as "=-"
	tEscape   // a stray backslash
	tQuestion // a lone ?
)

// termNames are the terminal names as VRL's parser prints them in
// "expected one of" lists.
var termNames = [numTerminals]string{
	`"identifier"`, `"path field"`, `"string literal"`, `"raw string literal"`,
	`"integer literal"`, `"float literal"`, `"regex literal"`, `"timestamp literal"`,
	`"function call"`, `"invalid token"`, `"reserved identifier"`, `"path literal"`, `RQuery`,
	`"if"`, `"else"`, `"null"`, `"true"`, `"false"`, `"abort"`, `"return"`,
	`";"`, `"\n"`, `"|"`, `"="`, `"|="`, `","`, `"_"`, `":"`, `"."`, `"&"`, `"!"`, `"->"`, `"%"`,
	`"+"`, `"*"`, `"-"`, `"/"`, `"<"`, `"<="`, `">"`, `">="`, `"=="`, `"!="`, `"|"`,
	`"&&"`, `"||"`, `"??"`, `"["`, `"{"`, `"("`, `"]"`, `"}"`, `")"`,
}

// tokenName is how VRL's parser names a token it did not expect
// ("unexpected syntax token: \"Identifier\"").
func (k tokKind) tokenName() string {
	switch k {
	case tIdent:
		return "Identifier"
	case tPathField:
		return "PathField"
	case tString:
		return "StringLiteral"
	case tRawString:
		return "RawStringLiteral"
	case tInt:
		return "IntegerLiteral"
	case tFloat:
		return "FloatLiteral"
	case tRegex:
		return "RegexLiteral"
	case tTimestamp:
		return "TimestampLiteral"
	case tFuncCall:
		return "FunctionCall"
	case tInvalid:
		return "InvalidToken"
	case tReserved:
		return "ReservedIdentifier"
	case tLQuery:
		return "LQuery"
	case tRQuery:
		return "RQuery"
	case tIf:
		return "If"
	case tElse:
		return "Else"
	case tNull:
		return "Null"
	case tTrue:
		return "True"
	case tFalse:
		return "False"
	case tAbort:
		return "Abort"
	case tReturn:
		return "Return"
	case tSemi:
		return "SemiColon"
	case tNewline:
		return "Newline"
	case tAssign:
		return "Equals"
	case tMergeAssign:
		return "MergeEquals"
	case tComma:
		return "Comma"
	case tUnderscore:
		return "Underscore"
	case tColon:
		return "Colon"
	case tDot:
		return "Dot"
	case tAmp:
		return "Ampersand"
	case tBang:
		return "Bang"
	case tArrow:
		return "Arrow"
	case tPercent:
		return "Percent"
	case tLBracket:
		return "LBracket"
	case tLBrace:
		return "LBrace"
	case tLParen:
		return "LParen"
	case tRBracket:
		return "RBracket"
	case tRBrace:
		return "RBrace"
	case tRParen:
		return "RParen"
	case tEscape:
		return "Escape"
	case tQuestion:
		return "Question"
	case tEOF:
		return "EOF"
	default:
		// Every operator, valid or not, is one token kind upstream.
		return "Operator"
	}
}

// isOperatorKind reports whether k is a binary operator token.
func (k tokKind) isOperatorKind() bool { return k >= tAdd && k <= tErrCoalesce }

// token is one lexical token: its kind and byte range. Literal values are
// decoded from the source by the parser when it builds the node, so
// lexing allocates nothing.
type token struct {
	kind       tokKind
	start, end int
}

// termSet is a set of grammar terminals, used for "expected one of" lists.
type termSet uint64

func setOf(ks ...tokKind) termSet {
	var s termSet
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

func (s termSet) has(k tokKind) bool { return k < numTerminals && s&(1<<k) != 0 }

// list renders the set in declaration order, dropping the names VRL drops
// when all of the "any identifier" alternatives are present.
func (s termSet) list() string {
	anyIdent := setOf(tReserved, tElse, tFalse, tNull, tTrue, tIf)
	if s&anyIdent == anyIdent {
		s &^= anyIdent
	}
	out := ""
	for k := tokKind(0); k < numTerminals; k++ {
		if s.has(k) {
			if out != "" {
				out += ", "
			}
			out += termNames[k]
		}
	}
	return out
}
