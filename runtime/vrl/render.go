package vrl

import (
	"strings"

	"github.com/matano-go/matano/compiler/diag"
)

// RenderDiagnostics renders diagnostics in VRL's text format (the format
// of `matano vrl check` and of the conformance corpus), with ANSI colours
// when color is set.
func RenderDiagnostics(diags diag.List, color bool) string {
	var b strings.Builder
	diag.RenderText(&b, diags, diag.TextOptions{Color: color})
	return b.String()
}
