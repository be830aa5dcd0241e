package ast

// Inspect traverses the tree rooted at e in depth-first source order,
// calling f for each expression. If f returns false, Inspect does not
// descend into that expression's children. Query path segments, call
// arguments, closure bodies and if branches are all visited as their
// contained expressions.
func Inspect(e Expr, f func(Expr) bool) {
	if e == nil || !f(e) {
		return
	}
	switch e := e.(type) {
	case *Array:
		for _, x := range e.Elems {
			Inspect(x, f)
		}
	case *Object:
		for _, kv := range e.Pairs {
			Inspect(kv.Value, f)
		}
	case *Block:
		if e != nil {
			for _, x := range e.Exprs {
				Inspect(x, f)
			}
		}
	case *Group:
		Inspect(e.X, f)
	case *Query:
		if e.Target != nil {
			Inspect(e.Target, f)
		}
	case *Binary:
		Inspect(e.Left, f)
		Inspect(e.Right, f)
	case *Not:
		Inspect(e.X, f)
	case *Assignment:
		Inspect(e.Target, f)
		if e.Err != nil {
			Inspect(e.Err, f)
		}
		Inspect(e.Value, f)
	case *Call:
		for _, a := range e.Args {
			Inspect(a.Value, f)
		}
		if e.Closure != nil && e.Closure.Body != nil {
			Inspect(e.Closure.Body, f)
		}
	case *If:
		for _, c := range e.Cond {
			Inspect(c, f)
		}
		if e.Then != nil {
			Inspect(e.Then, f)
		}
		if e.Else != nil {
			Inspect(e.Else, f)
		}
	case *Abort:
		if e.Message != nil {
			Inspect(e.Message, f)
		}
	case *Return:
		Inspect(e.X, f)
	}
}
