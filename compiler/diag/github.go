package diag

import (
	"fmt"
	"io"
	"strings"
)

// RenderGitHub writes diagnostics as GitHub Actions workflow commands, so
// a pull request shows them as annotations on the changed lines:
//
//	::error file=log_sources/x/log_source.yml,line=3,col=5,endLine=3,endColumn=9,title=M101::unknown key ...
func RenderGitHub(w io.Writer, l List) error {
	for _, d := range l {
		cmd := "error"
		switch d.Severity {
		case Warning:
			cmd = "warning"
		case Hint:
			cmd = "notice"
		}
		var props []string
		if r := SpanRange(d.Subject); r != nil {
			props = append(props,
				"file="+ghProp(r.Filename),
				fmt.Sprintf("line=%d", r.Start.Line),
				fmt.Sprintf("col=%d", r.Start.Column),
				fmt.Sprintf("endLine=%d", r.End.Line),
				fmt.Sprintf("endColumn=%d", r.End.Column))
		}
		title := d.Code
		if title == "" {
			title = "matano"
		}
		props = append(props, "title="+ghProp(title))
		msg := d.Summary
		if d.Detail != "" {
			msg += "\n" + d.Detail
		}
		if d.Hint != "" {
			msg += "\nhint: " + d.Hint
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	r := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	return r.Replace(s)
}

// ghProp escapes a workflow command property value.
func ghProp(s string) string {
	r := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	return r.Replace(s)
}
