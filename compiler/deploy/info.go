package deploy

import (
	"context"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
)

// StackInfo is one stack as `matano info` shows it.
type StackInfo struct {
	Name    string            `json:"name"`
	Exists  bool              `json:"exists"`
	Status  string            `json:"status,omitempty"`
	Outputs map[string]string `json:"outputs,omitempty"`
}

// Info describes the project's stacks; a stack that does not exist is
// listed with Exists false.
func (c *Client) Info(ctx context.Context) ([]StackInfo, error) {
	var out []StackInfo
	for _, name := range []string{c.project.StorageStack(), c.project.PipelineStack()} {
		st, err := c.describeStack(ctx, name)
		if err != nil {
			return nil, err
		}
		out = append(out, StackInfo{Name: name, Exists: st.Exists, Status: st.Status, Outputs: st.Outputs})
	}
	return out, nil
}

// RenderInfo prints stacks and their outputs, outputs sorted by name.
func RenderInfo(w io.Writer, p Project, stacks []StackInfo) error {
	fmt.Fprintf(w, "account %s, region %s, asset bucket %s\n", p.Account, p.Region, p.AssetBucket())
	for _, s := range stacks {
		if !s.Exists {
			fmt.Fprintf(w, "\n%s: not deployed\n", s.Name)
			continue
		}
		fmt.Fprintf(w, "\n%s: %s\n", s.Name, s.Status)
		keys := make([]string, 0, len(s.Outputs))
		for k := range s.Outputs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, k := range keys {
			fmt.Fprintf(tw, "  %s\t%s\n", k, s.Outputs[k])
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
