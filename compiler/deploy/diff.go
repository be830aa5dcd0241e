package deploy

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Diff previews what deploy would change, one change set per stack, and
// deletes the change sets afterwards (a stack that only existed for its
// CREATE change set is deleted too). It writes the templates to the asset
// bucket, creating the bucket if needed, because CloudFormation reads
// templates of this size only from S3; Lambda code is not uploaded.
//
// While the storage stack does not exist the pipeline stack cannot be
// previewed by CloudFormation (it imports the storage stack's outputs),
// so its template's resources are listed as additions.
func (c *Client) Diff(ctx context.Context, b *Build) (*Preview, error) {
	if _, err := c.EnsureAssetBucket(ctx); err != nil {
		return nil, err
	}
	if _, err := c.Upload(ctx, &Build{Dir: b.Dir, Templates: b.Templates}); err != nil {
		return nil, err
	}
	storage, err := c.prepare(ctx, c.project.StorageStack(), b.Storage, nil)
	if err != nil {
		return nil, err
	}
	c.drop(ctx, storage)
	pv := &Preview{}
	var pipeline *StackDiff
	if storage.Create {
		changes, err := templateResources(b.Pipeline.Body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.Pipeline.Name, err)
		}
		pipeline = &StackDiff{Stack: c.project.PipelineStack(), Create: true, Changes: changes,
			Note: "created after the storage stack, whose outputs it imports"}
		if pv.Tables, err = c.PlanTables(ctx, nil); err != nil {
			return nil, err
		}
	} else {
		pipeline, err = c.prepare(ctx, c.project.PipelineStack(), b.Pipeline, c.pipelineParams())
		if err != nil {
			return nil, err
		}
		c.drop(ctx, pipeline)
		st, err := c.describeStack(ctx, c.project.StorageStack())
		if err != nil {
			return nil, err
		}
		if pv.Tables, err = c.PlanTables(ctx, st.Outputs); err != nil {
			return nil, err
		}
	}
	pv.Stacks = []StackDiff{*storage, *pipeline}
	return pv, nil
}

// Preview is what diff shows: the stacks' changes and the Iceberg
// tables deploy will create or evolve.
type Preview struct {
	Stacks []StackDiff   `json:"stacks"`
	Tables []TableChange `json:"tables"`
}

// Empty reports a preview with nothing to do.
func (p *Preview) Empty() bool {
	for _, d := range p.Stacks {
		if !d.Empty() {
			return false
		}
	}
	return len(p.Tables) == 0
}

func (t TableChange) String() string {
	if t.Create {
		return "+ " + t.Table + " (new table)"
	}
	var parts []string
	if len(t.Added) > 0 {
		parts = append(parts, "add "+strings.Join(t.Added, ", "))
	}
	if len(t.Changed) > 0 {
		parts = append(parts, "change "+strings.Join(t.Changed, ", ")+" (checked by deploy: only Iceberg promotions are allowed)")
	}
	return "~ " + t.Table + ": " + strings.Join(parts, "; ")
}

func (c *Client) pipelineParams() map[string]string {
	return map[string]string{"AssetBucket": c.project.AssetBucket()}
}

// sign is the one-character marker of a change kind, as in a unified
// diff (GitHub colours + and - lines of a ```diff block).
func sign(k Kind) string {
	switch k {
	case KindAdd, KindImport:
		return "+"
	case KindRemove:
		return "-"
	case KindReplace:
		return "!"
	}
	return "~"
}

// Summary counts the changes of diffs by kind.
type Summary struct {
	Add, Modify, Replace, Remove int
	Dangerous                    []Change
}

// Summarize counts the changes of diffs.
func Summarize(diffs []StackDiff) Summary {
	var s Summary
	for _, d := range diffs {
		for _, c := range d.Changes {
			switch c.Kind {
			case KindAdd, KindImport:
				s.Add++
			case KindModify:
				s.Modify++
			case KindReplace:
				s.Replace++
			case KindRemove:
				s.Remove++
			}
		}
		s.Dangerous = append(s.Dangerous, d.Dangerous()...)
	}
	return s
}

// String is the one-line total.
func (s Summary) String() string {
	if s.Add+s.Modify+s.Replace+s.Remove == 0 {
		return "no changes"
	}
	return fmt.Sprintf("%d to add, %d to modify, %d to replace, %d to remove", s.Add, s.Modify, s.Replace, s.Remove)
}

func (c Change) detail() string {
	var parts []string
	if c.Kind == KindReplace {
		parts = append(parts, "replacement: "+c.Replacement)
	}
	if len(c.Properties) > 0 {
		parts = append(parts, strings.Join(c.Properties, ", "))
	}
	if c.Dangerous() {
		if c.Kind == KindRemove {
			parts = append(parts, "STATEFUL: its data is deleted unless retained")
		} else {
			parts = append(parts, "STATEFUL: a new empty resource replaces it")
		}
	}
	return strings.Join(parts, "; ")
}

// RenderText prints a preview for a terminal; color highlights stateful
// replacements and removals in red.
func RenderText(w io.Writer, pv *Preview, color bool) error {
	diffs := pv.Stacks
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return "\033[" + code + "m" + s + "\033[0m"
	}
	for _, d := range diffs {
		head := d.Stack
		if d.Create {
			head += " (new stack)"
		}
		if d.Empty() {
			fmt.Fprintf(w, "%s: no changes\n", head)
			continue
		}
		fmt.Fprintf(w, "%s:\n", head)
		if d.Note != "" {
			fmt.Fprintf(w, "  (%s)\n", d.Note)
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, c := range d.Changes {
			line := fmt.Sprintf("  %s %s\t%s\t%s", sign(c.Kind), c.LogicalID, c.Type, c.detail())
			line = strings.TrimRight(line, "\t")
			switch {
			case c.Dangerous():
				line = paint("1;31", line)
			case c.Kind == KindAdd:
				line = paint("32", line)
			case c.Kind == KindRemove:
				line = paint("31", line)
			case c.Kind == KindReplace:
				line = paint("33", line)
			}
			fmt.Fprintln(tw, line)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(pv.Tables) > 0 {
		fmt.Fprintln(w, "tables:")
		for _, t := range pv.Tables {
			fmt.Fprintf(w, "  %s\n", t)
		}
	}
	s := Summarize(diffs)
	fmt.Fprintf(w, "\n%s", s)
	if len(pv.Tables) > 0 {
		fmt.Fprintf(w, "; %d table(s) to create or evolve", len(pv.Tables))
	}
	fmt.Fprintln(w)
	if len(s.Dangerous) > 0 {
		fmt.Fprintln(w, paint("1;31", fmt.Sprintf("warning: %d stateful resource(s) would be replaced or removed: %s",
			len(s.Dangerous), listChanges(s.Dangerous))))
	}
	return nil
}

// RenderMarkdown prints a preview as a GitHub comment: a ```diff block
// per stack (GitHub colours the + and - lines), the table changes and a
// warning callout for stateful replacements.
func RenderMarkdown(w io.Writer, pv *Preview) error {
	diffs := pv.Stacks
	s := Summarize(diffs)
	fmt.Fprintf(w, "### matano diff\n\n%s", s)
	if len(pv.Tables) > 0 {
		fmt.Fprintf(w, "; %d table(s) to create or evolve", len(pv.Tables))
	}
	fmt.Fprintln(w)
	if len(s.Dangerous) > 0 {
		fmt.Fprintf(w, "\n> [!WARNING]\n> %d stateful resource(s) would be replaced or removed: %s\n",
			len(s.Dangerous), listChanges(s.Dangerous))
	}
	for _, d := range diffs {
		head := "`" + d.Stack + "`"
		if d.Create {
			head += " (new stack)"
		}
		if d.Empty() {
			fmt.Fprintf(w, "\n**%s**: no changes\n", head)
			continue
		}
		fmt.Fprintf(w, "\n**%s**", head)
		if d.Note != "" {
			fmt.Fprintf(w, " — %s", d.Note)
		}
		fmt.Fprint(w, "\n\n```diff\n")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, c := range d.Changes {
			fmt.Fprintln(tw, strings.TrimRight(fmt.Sprintf("%s %s\t%s\t%s", sign(c.Kind), c.LogicalID, c.Type, c.detail()), "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprint(w, "```\n")
	}
	if len(pv.Tables) > 0 {
		fmt.Fprint(w, "\n**Iceberg tables**\n\n```diff\n")
		for _, t := range pv.Tables {
			fmt.Fprintln(w, t)
		}
		fmt.Fprint(w, "```\n")
	}
	return nil
}

func listChanges(cs []Change) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s (%s, %s)", c.LogicalID, c.Type, c.Kind))
	}
	return strings.Join(parts, ", ")
}
