package ast

import (
	"strconv"
	"strings"
)

// Format prints e in a canonical VRL form: one line, single spaces around
// binary operators, blocks as "{ a; b }". Parsing the output yields a tree
// that formats to the same text, which the parser's round-trip tests rely
// on. Parentheses appear only where the tree has a *Group.
func Format(e Expr) string {
	var p printer
	p.expr(e)
	return p.String()
}

// FormatProgram prints every root expression of p, one per line.
func FormatProgram(p *Program) string {
	var pr printer
	for i, e := range p.Exprs {
		if i > 0 {
			pr.WriteByte('\n')
		}
		pr.expr(e)
	}
	return pr.String()
}

type printer struct {
	strings.Builder
}

func (p *printer) expr(e Expr) {
	switch e := e.(type) {
	case nil:
		p.WriteString("<nil>")
	case *Bad:
		p.WriteString("<bad>")
	case *String:
		p.WriteByte('"')
		for _, s := range e.Segments {
			if s.Template {
				p.WriteString("{{ ")
				p.WriteString(s.Text)
				p.WriteString(" }}")
			} else {
				p.WriteString(QuoteStringBody(s.Text))
			}
		}
		p.WriteByte('"')
	case *RawString:
		p.WriteString("s'")
		p.WriteString(e.Value)
		p.WriteByte('\'')
	case *Integer:
		p.WriteString(strconv.FormatInt(e.Value, 10))
	case *Float:
		p.WriteString(FormatFloat(e.Value))
	case *Bool:
		p.WriteString(strconv.FormatBool(e.Value))
	case *Null:
		p.WriteString("null")
	case *Regex:
		p.WriteString("r'")
		p.WriteString(strings.ReplaceAll(e.Pattern, "'", `\'`))
		p.WriteByte('\'')
	case *Timestamp:
		p.WriteString("t'")
		p.WriteString(e.Raw)
		p.WriteByte('\'')
	case *Array:
		p.WriteByte('[')
		for i, x := range e.Elems {
			if i > 0 {
				p.WriteString(", ")
			}
			p.expr(x)
		}
		p.WriteByte(']')
	case *Object:
		if len(e.Pairs) == 0 {
			p.WriteString("{}")
			return
		}
		p.WriteString("{ ")
		for i, kv := range e.Pairs {
			if i > 0 {
				p.WriteString(", ")
			}
			p.WriteByte('"')
			p.WriteString(QuoteStringBody(kv.Key))
			p.WriteString(`": `)
			p.expr(kv.Value)
		}
		p.WriteString(" }")
	case *Block:
		p.block(e)
	case *Group:
		p.WriteByte('(')
		p.expr(e.X)
		p.WriteByte(')')
	case *Variable:
		p.WriteString(e.Name)
	case *Noop:
		p.WriteByte('_')
	case *Query:
		p.query(e)
	case *Binary:
		p.expr(e.Left)
		p.WriteByte(' ')
		p.WriteString(e.Op.String())
		p.WriteByte(' ')
		p.expr(e.Right)
	case *Not:
		p.WriteByte('!')
		p.expr(e.X)
	case *Assignment:
		p.expr(e.Target)
		if e.Err != nil {
			p.WriteString(", ")
			p.expr(e.Err)
		}
		p.WriteByte(' ')
		p.WriteString(e.Op.String())
		p.WriteByte(' ')
		p.expr(e.Value)
	case *Call:
		p.WriteString(e.Name)
		if e.Abort {
			p.WriteByte('!')
		}
		p.WriteByte('(')
		for i, a := range e.Args {
			if i > 0 {
				p.WriteString(", ")
			}
			if a.Name != "" {
				p.WriteString(a.Name)
				p.WriteString(": ")
			}
			p.expr(a.Value)
		}
		p.WriteByte(')')
		if c := e.Closure; c != nil {
			p.WriteString(" -> |")
			for i, v := range c.Params {
				if i > 0 {
					p.WriteString(", ")
				}
				if v.Name == "" {
					p.WriteByte('_')
				} else {
					p.WriteString(v.Name)
				}
			}
			p.WriteString("| ")
			p.block(c.Body)
		}
	case *If:
		p.WriteString("if ")
		if _, isAssign := e.Cond[0].(*Assignment); len(e.Cond) == 1 && isAssign {
			// Only the parenthesized form admits an assignment.
			p.WriteByte('(')
			p.expr(e.Cond[0])
			p.WriteString(";)")
		} else if len(e.Cond) == 1 {
			p.expr(e.Cond[0])
		} else {
			p.WriteByte('(')
			for i, c := range e.Cond {
				if i > 0 {
					p.WriteString("; ")
				}
				p.expr(c)
			}
			p.WriteByte(')')
		}
		p.WriteByte(' ')
		p.block(e.Then)
		if e.Else != nil {
			p.WriteString(" else ")
			p.expr(e.Else)
		}
	case *Abort:
		p.WriteString("abort")
		if e.Message != nil {
			p.WriteByte(' ')
			p.expr(e.Message)
		}
	case *Return:
		p.WriteString("return ")
		p.expr(e.X)
	default:
		p.WriteString("<unknown>")
	}
}

func (p *printer) block(b *Block) {
	if b == nil || len(b.Exprs) == 0 {
		// An empty block is not valid VRL ("{}" is an empty object); print
		// null so the output still parses.
		p.WriteString("{ null }")
		return
	}
	p.WriteString("{ ")
	for i, x := range b.Exprs {
		if i > 0 {
			p.WriteString("; ")
		}
		p.expr(x)
	}
	p.WriteString(" }")
}

func (p *printer) query(q *Query) {
	switch q.Prefix {
	case PrefixEvent:
		p.WriteByte('.')
	case PrefixMetadata:
		p.WriteByte('%')
	default:
		p.expr(q.Target)
	}
	for i, s := range q.Path {
		// After the bare "." or "%" prefix the first field needs no dot.
		leadingDot := !(i == 0 && q.Prefix != PrefixExpr)
		p.segment(s, leadingDot)
	}
}

func (p *printer) segment(s PathSegment, leadingDot bool) {
	switch s.Kind {
	case SegIndex:
		p.WriteByte('[')
		p.WriteString(strconv.FormatInt(s.Index, 10))
		p.WriteByte(']')
	case SegCoalesce:
		if leadingDot {
			p.WriteByte('.')
		}
		p.WriteByte('(')
		for i, f := range s.Fields {
			if i > 0 {
				p.WriteString(" | ")
			}
			p.fieldName(f.Field)
		}
		p.WriteByte(')')
	default:
		if leadingDot {
			p.WriteByte('.')
		}
		p.fieldName(s.Field)
	}
}

func (p *printer) fieldName(name string) {
	if IsPlainField(name) {
		p.WriteString(name)
		return
	}
	p.WriteByte('"')
	p.WriteString(QuoteStringBody(name))
	p.WriteByte('"')
}

// IsPlainField reports whether a path field can be written without quotes:
// it starts with a letter, '_' or '@' and continues with those or digits.
// (VRL's lexer also accepts a digit-led name such as 0x, but a canonical
// printer quotes it to stay clear of numeric literals.)
func IsPlainField(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_' || c == '@' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'):
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// QuoteStringBody escapes s for use between double quotes in VRL source.
// Braces are escaped so literal "{{" is not read back as a template.
func QuoteStringBody(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case 0:
			b.WriteString(`\0`)
		case '{':
			b.WriteString(`\{`)
		case '}':
			b.WriteString(`\}`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// FormatFloat prints a float so that VRL reads it back as a float: always
// with a fractional part, never in exponent form (VRL has no exponent
// syntax).
func FormatFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}
