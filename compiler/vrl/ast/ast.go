// Package ast declares the syntax tree of the Vector Remap Language (VRL
// 0.35) as produced by compiler/vrl/parse and consumed by the type checker
// (compiler/vrl/check) and the interpreter (runtime/vrl).
//
// Every node records byte offsets into its source file (Pos and End);
// line and column are computed only when a diagnostic is rendered. Input
// that cannot be parsed becomes a *Bad node so a tree always comes back.
package ast

import (
	"time"

	"github.com/matano-go/matano/compiler/diag"
)

// Node is anything with a source range [Pos, End).
type Node interface {
	Pos() int
	End() int
}

// Expr is an expression node. All VRL constructs, including assignments,
// if-statements and abort/return, are expressions.
type Expr interface {
	Node
	exprNode()
}

// Span is a byte range [Start, Stop) embedded in every node; it provides
// Pos and End.
type Span struct {
	Start, Stop int
}

// Pos returns the offset of the first byte of the node.
func (s Span) Pos() int { return s.Start }

// End returns the offset just after the last byte of the node.
func (s Span) End() int { return s.Stop }

// Program is a parsed VRL source file: its root expressions in order. A
// program that failed to parse still lists every root expression, with
// *Bad nodes where input was unparseable.
type Program struct {
	File  *diag.File
	Exprs []Expr
}

// ---------------------------------------------------------------------------
// literals

// Bad stands for input that could not be parsed. The parser has reported a
// diagnostic covering it; later stages should skip it silently.
type Bad struct {
	Span
}

// String is a double-quoted string literal. Escapes are already decoded.
// A string without "{{ }}" templates has exactly one Literal segment (or
// none when empty).
type String struct {
	Span
	Segments []StringSegment
}

// StringSegment is one piece of a String: either literal text or a
// template. VRL 0.35 keeps the template as trimmed source text and compiles
// it as a variable reference ("{{ name }}" reads variable name), so the
// text is stored rather than parsed.
type StringSegment struct {
	Span
	// Template reports whether this segment was written as "{{ ... }}".
	Template bool
	// Text is the decoded literal text, or the trimmed template source.
	Text string
}

// Value returns the literal value of a string without templates, and
// false if the string contains a template.
func (s *String) Value() (string, bool) {
	switch len(s.Segments) {
	case 0:
		return "", true
	case 1:
		if !s.Segments[0].Template {
			return s.Segments[0].Text, true
		}
	}
	for _, seg := range s.Segments {
		if seg.Template {
			return "", false
		}
	}
	// Several literal segments only arise from escaped braces; join them.
	out := ""
	for _, seg := range s.Segments {
		out += seg.Text
	}
	return out, true
}

// RawString is a raw string literal s'...': no escapes are decoded except
// that the lexer keeps \' as written (VRL does not unescape it either).
type RawString struct {
	Span
	Value string
}

// Integer is an integer literal (a leading '-' is part of the literal, VRL
// has no unary minus).
type Integer struct {
	Span
	Value int64
}

// Float is a floating point literal such as 1.5 or -0.25.
type Float struct {
	Span
	Value float64
}

// Bool is true or false.
type Bool struct {
	Span
	Value bool
}

// Null is the null literal.
type Null struct {
	Span
}

// Regex is a regular expression literal r'...'. Pattern is the source
// text with \' replaced by ' (as VRL does); the parser has verified that it
// compiles.
type Regex struct {
	Span
	Pattern string
}

// Timestamp is a timestamp literal t'...', already parsed (RFC 3339, UTC
// when the text has no offset).
type Timestamp struct {
	Span
	Raw   string
	Value time.Time
}

// ---------------------------------------------------------------------------
// containers

// Array is an array literal [a, b, c].
type Array struct {
	Span
	Elems []Expr
}

// Object is an object literal {"k": v, ...}. Pairs keep source order; a
// duplicated key is kept as written and the later pair wins at run time
// (VRL builds a map in which later keys overwrite earlier ones).
type Object struct {
	Span
	Pairs []Pair
}

// Pair is one key/value entry of an Object. KeySpan covers the quoted key.
type Pair struct {
	KeySpan Span
	Key     string
	Value   Expr
}

// Block is { expr; expr ... }: its value is the value of the last
// expression.
type Block struct {
	Span
	Exprs []Expr
}

// Group is a parenthesized expression ( expr ).
type Group struct {
	Span
	X Expr
}

// ---------------------------------------------------------------------------
// queries and variables

// Variable reads a local variable.
type Variable struct {
	Span
	Name string
}

// Noop is the assignment target "_", which discards the value.
type Noop struct {
	Span
}

// Prefix says what a Query starts from.
type Prefix uint8

const (
	// PrefixExpr queries the value of Query.Target.
	PrefixExpr Prefix = iota
	// PrefixEvent queries the event (".").
	PrefixEvent
	// PrefixMetadata queries the metadata ("%").
	PrefixMetadata
)

// Query reads a path from a target: ".foo.bar[0]", "%meta", "x.y",
// "parse_json!(s).a", "[1,2][0]", "{...}.a". A bare "." or "%" is a Query
// with an empty Path.
type Query struct {
	Span
	Prefix Prefix
	// Target is nil for PrefixEvent and PrefixMetadata; otherwise one of
	// *Variable, *Call, *Array, *Object, *Group or *Block.
	Target Expr
	Path   []PathSegment
}

// SegmentKind distinguishes field, index and coalesce path segments.
type SegmentKind uint8

const (
	// SegField is .name or ."quoted name".
	SegField SegmentKind = iota
	// SegIndex is [n]; n may be negative (counted from the end).
	SegIndex
	// SegCoalesce is .(a | b): the first field that exists. VRL 0.35's
	// grammar does not produce it; it exists for paths built elsewhere.
	SegCoalesce
)

// PathSegment is one step of a Query path.
type PathSegment struct {
	Span
	Kind SegmentKind
	// Field is the field name (SegField), decoded if it was quoted.
	Field string
	// Quoted reports that the field was written as a string literal.
	Quoted bool
	// Index is the array index (SegIndex).
	Index int64
	// Fields are the alternatives of a SegCoalesce.
	Fields []PathSegment
}

// ---------------------------------------------------------------------------
// operators

// Op is a binary operator.
type Op uint8

const (
	OpErr   Op = iota // ??  error coalesce (lowest precedence)
	OpOr              // ||
	OpAnd             // &&  (same level as ||)
	OpEq              // ==
	OpNe              // !=
	OpGt              // >
	OpGe              // >=
	OpLt              // <
	OpLe              // <=
	OpMerge           // |   object merge
	OpAdd             // +
	OpSub             // -
	OpMul             // *
	OpDiv             // /   (highest binary precedence)
)

var opText = [...]string{"??", "||", "&&", "==", "!=", ">", ">=", "<", "<=", "|", "+", "-", "*", "/"}

// String returns the operator as written in VRL.
func (o Op) String() string {
	if int(o) < len(opText) {
		return opText[o]
	}
	return "?"
}

// Precedence returns the binding strength of o: higher binds tighter.
// Levels follow VRL's grammar: ?? < (|| &&) < (== !=) < (> >= < <=) < | <
// (+ -) < (* /).
func (o Op) Precedence() int {
	switch o {
	case OpErr:
		return 1
	case OpOr, OpAnd:
		return 2
	case OpEq, OpNe:
		return 3
	case OpGt, OpGe, OpLt, OpLe:
		return 4
	case OpMerge:
		return 5
	case OpAdd, OpSub:
		return 6
	default:
		return 7
	}
}

// IsComparison reports whether o is one of == != > >= < <=; VRL rejects a
// chain of them (E650).
func (o Op) IsComparison() bool { return o >= OpEq && o <= OpLe }

// Binary is Left Op Right. All binary operators are left-associative.
type Binary struct {
	Span
	Op Op
	// OpSpan covers the operator token.
	OpSpan Span
	Left   Expr
	Right  Expr
}

// Not is the unary negation !X.
type Not struct {
	Span
	X Expr
}

// ---------------------------------------------------------------------------
// assignment

// AssignOp is = or |=.
type AssignOp uint8

const (
	// Assign is "=".
	Assign AssignOp = iota
	// MergeAssign is "|=": merge the object value into the target.
	MergeAssign
)

func (o AssignOp) String() string {
	if o == MergeAssign {
		return "|="
	}
	return "="
}

// Assignment is "target = value" or, for fallible values, "ok, err =
// value". Targets are *Noop, *Variable or *Query (a Query target whose
// Prefix is PrefixExpr has a *Variable Target; the checker rejects others).
type Assignment struct {
	Span
	Op     AssignOp
	Target Expr
	// Err is the error target of the two-target form; nil otherwise.
	Err   Expr
	Value Expr
}

// ---------------------------------------------------------------------------
// calls

// Call is a function call name(args) or name!(args), optionally with a
// closure.
type Call struct {
	Span
	Name     string
	NameSpan Span
	// Abort is set for name!(...): a runtime error aborts the program.
	Abort   bool
	Args    []Arg
	Closure *Closure
}

// Arg is one call argument, positional (Name == "") or keyword.
type Arg struct {
	Span
	Name     string
	NameSpan Span
	Value    Expr
}

// Closure is "-> |a, b| { ... }" after a call.
type Closure struct {
	Span
	// Params are the closure variables; "_" is recorded with Name "".
	Params []Param
	Body   *Block
}

// Param is one closure parameter.
type Param struct {
	Span
	Name string
}

// ---------------------------------------------------------------------------
// control flow

// If is "if cond { } else if cond { } else { }". An else-if chain is
// nested: Else holds an *If.
type If struct {
	Span
	// Cond holds the predicate. Normally one expression; the form
	// "if (a; b) { }" gives several, evaluated in order, the last being the
	// predicate. CondSpan covers the whole predicate (with parentheses for
	// the multi-expression form).
	Cond     []Expr
	CondSpan Span
	Then     *Block
	// Else is nil, a *Block or an *If.
	Else Expr
}

// Abort stops the program with an error, with an optional message.
type Abort struct {
	Span
	Message Expr
}

// Return stops the program (or closure) successfully with a value.
type Return struct {
	Span
	X Expr
}

func (*Bad) exprNode()        {}
func (*String) exprNode()     {}
func (*RawString) exprNode()  {}
func (*Integer) exprNode()    {}
func (*Float) exprNode()      {}
func (*Bool) exprNode()       {}
func (*Null) exprNode()       {}
func (*Regex) exprNode()      {}
func (*Timestamp) exprNode()  {}
func (*Array) exprNode()      {}
func (*Object) exprNode()     {}
func (*Block) exprNode()      {}
func (*Group) exprNode()      {}
func (*Variable) exprNode()   {}
func (*Noop) exprNode()       {}
func (*Query) exprNode()      {}
func (*Binary) exprNode()     {}
func (*Not) exprNode()        {}
func (*Assignment) exprNode() {}
func (*Call) exprNode()       {}
func (*If) exprNode()         {}
func (*Abort) exprNode()      {}
func (*Return) exprNode()     {}
