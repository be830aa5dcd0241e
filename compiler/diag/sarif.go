package diag

import (
	"encoding/json"
	"io"
	"sort"
)

// SARIF 2.1.0 output, for code-scanning tools (GitHub code scanning
// uploads it with github/codeql-action/upload-sarif).

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// SARIFTool names the producing tool in SARIF output.
type SARIFTool struct {
	Name, Version, InformationURI string
	// RuleDescription returns the one-line meaning of a code.
	RuleDescription func(code string) string
}

// RenderSARIF writes diagnostics as one SARIF 2.1.0 log.
func RenderSARIF(w io.Writer, l List, tool SARIFTool) error {
	ruleIndex := map[string]int{}
	var codes []string
	for _, d := range l {
		c := sarifRuleID(d)
		if _, ok := ruleIndex[c]; !ok {
			ruleIndex[c] = 0
			codes = append(codes, c)
		}
	}
	sort.Strings(codes)
	drv := sarifDriver{Name: tool.Name, Version: tool.Version, InformationURI: tool.InformationURI, Rules: []sarifRule{}}
	for i, c := range codes {
		ruleIndex[c] = i
		desc := c
		if tool.RuleDescription != nil {
			if s := tool.RuleDescription(c); s != "" {
				desc = s
			}
		}
		drv.Rules = append(drv.Rules, sarifRule{ID: c, ShortDescription: sarifMessage{desc}})
	}
	run := sarifRun{Tool: sarifTool{drv}, Results: []sarifResult{}}
	for _, d := range l {
		level := "error"
		switch d.Severity {
		case Warning:
			level = "warning"
		case Hint:
			level = "note"
		}
		msg := d.Summary
		if d.Hint != "" {
			msg += " (" + d.Hint + ")"
		}
		res := sarifResult{RuleID: sarifRuleID(d), RuleIndex: ruleIndex[sarifRuleID(d)], Level: level, Message: sarifMessage{msg}}
		if r := SpanRange(d.Subject); r != nil {
			res.Locations = []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: r.Filename},
				Region:           sarifRegion{StartLine: r.Start.Line, StartColumn: r.Start.Column, EndLine: r.End.Line, EndColumn: r.End.Column},
			}}}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}

func sarifRuleID(d Diagnostic) string {
	if d.Code != "" {
		return d.Code
	}
	return "matano"
}
