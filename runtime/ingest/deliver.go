package ingest

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/runtime/alert"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/notify"
)

// Alerts leave the lake the way Matano's alert forwarder sends them: once
// the alert rows of a batch are committed, every row that activated an
// alert (alert.Row.Activation, exactly one per alert) is delivered to the
// rule's destinations. Delivering after the commit means a batch that
// aborts never notifies, and a notification always has its rows in
// matano_alerts to be looked up. A delivery that fails (after notify's
// retries) is in <warehouse>/state/delivery_failures.jsonl for replay and
// is counted, but never fails the ingest: the data and the alert rows are
// already committed, and failing would only make a re-run skip them.
//
// Alerts of severity info are kept in matano_alerts but not delivered, as
// in Matano (compiler/validate rejects an info rule with destinations,
// M206; Forward holds to it for projects that were not validated).

// Forwarder delivers the activated alerts among alert rows and counts the
// outcomes per destination. The ingest Pipeline makes one per run
// (Config.NoNotify turns it off); `matano detect --write` uses one
// directly. It is used by one goroutine at a time.
type Forwarder struct {
	n     *notify.Notifier
	stats DeliveryStats
}

// DeliveryStats count alert deliveries.
type DeliveryStats struct {
	// Alerts counts the activated alerts handed to the Notifier;
	// SkippedInfo the activated alerts of severity info (not delivered).
	Alerts, SkippedInfo int64
	// Delivered and Failed count deliveries by destination name.
	Delivered, Failed map[string]int64
	// FailureLog is where failed deliveries were appended ("" when the
	// notifier has no log).
	FailureLog string
}

// forwardParallel bounds how many alerts are delivered at once (each
// alert's destinations are delivered concurrently by notify.Send).
const forwardParallel = 8

// NewForwarder builds the Notifier from the project's destinations.
// opt.Warehouse defaults to the project's default warehouse (so failures
// land in its state folder) and opt.Region to matano.config.yml's
// aws.region. A destination that cannot be built is an error here, before
// anything is ingested.
func NewForwarder(p *load.Project, opt notify.Options) (*Forwarder, error) {
	if opt.Warehouse == "" {
		opt.Warehouse = lake.DefaultWarehouse(p.Root)
	}
	if opt.Region == "" && p.Config != nil {
		opt.Region = p.Config.AWS.Region
	}
	n, err := notify.New(p.Destinations, opt)
	if err != nil {
		return nil, fmt.Errorf("alert destinations (pass --no-notify to run without delivering alerts): %w", err)
	}
	return &Forwarder{n: n, stats: DeliveryStats{Delivered: map[string]int64{}, Failed: map[string]int64{},
		FailureLog: n.FailureLogPath()}}, nil
}

// AlertOf converts an activating alert row into what notify delivers.
func AlertOf(r *alert.Row) *notify.Alert {
	return &notify.Alert{
		ID: r.AlertID, RuleName: r.Rule.Name, Title: r.Title, Severity: r.Severity,
		Description: r.Description, Runbook: r.Runbook, Reference: r.Reference,
		Context: r.Context, Created: r.Created, MatchCount: r.Count,
		Destinations: r.Destinations, SampleEvent: r.Record,
	}
}

// Forward delivers the activated alerts among rows and waits for every
// delivery to finish. It never fails: outcomes are counted in Stats.
func (f *Forwarder) Forward(ctx context.Context, rows []alert.Row) {
	var alerts []*notify.Alert
	for i := range rows {
		r := &rows[i]
		if !r.Activation || len(r.Destinations) == 0 {
			continue
		}
		if r.Severity == load.DefaultSeverity {
			f.stats.SkippedInfo++
			continue
		}
		alerts = append(alerts, AlertOf(r))
	}
	if len(alerts) == 0 {
		return
	}
	f.stats.Alerts += int64(len(alerts))
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sem = make(chan struct{}, forwardParallel)
	)
	for _, a := range alerts {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			res := f.n.Send(ctx, a)
			mu.Lock()
			defer mu.Unlock()
			for _, r := range res {
				if r.OK() {
					f.stats.Delivered[r.Destination]++
				} else {
					f.stats.Failed[r.Destination]++
				}
			}
		})
	}
	wg.Wait()
}

// Stats returns the counters so far.
func (f *Forwarder) Stats() DeliveryStats {
	s := f.stats
	s.Delivered = maps.Clone(f.stats.Delivered)
	s.Failed = maps.Clone(f.stats.Failed)
	return s
}

// Print writes the delivery part of a summary (nothing when no alert was
// to be delivered).
func (s *DeliveryStats) Print(w io.Writer) {
	if s == nil || s.Alerts == 0 && s.SkippedInfo == 0 {
		return
	}
	var ok, failed int64
	for _, n := range s.Delivered {
		ok += n
	}
	for _, n := range s.Failed {
		failed += n
	}
	fmt.Fprintf(w, "  alert deliveries: %d alert(s), %d delivered, %d failed", s.Alerts, ok, failed)
	if s.SkippedInfo > 0 {
		fmt.Fprintf(w, ", %d info alert(s) not delivered", s.SkippedInfo)
	}
	fmt.Fprintln(w)
	names := slices.Sorted(maps.Keys(s.Delivered))
	for _, d := range slices.Sorted(maps.Keys(s.Failed)) {
		if !slices.Contains(names, d) {
			names = append(names, d)
		}
	}
	slices.Sort(names)
	for _, d := range names {
		fmt.Fprintf(w, "    %s: %d delivered, %d failed\n", d, s.Delivered[d], s.Failed[d])
	}
	if failed > 0 && s.FailureLog != "" {
		fmt.Fprintf(w, "    failed deliveries recorded in %s\n", s.FailureLog)
	}
}

// startForwarder makes the Pipeline's Forwarder when detections run and
// delivery is on.
func (p *Pipeline) startForwarder() error {
	if p.det == nil || p.cfg.NoNotify {
		return nil
	}
	f, err := NewForwarder(p.cfg.Project, p.cfg.Notify)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	p.fwd = f
	return nil
}

// forward delivers the activated alerts of committed rows.
func (p *Pipeline) forward(ctx context.Context, rows []alert.Row) {
	if p.fwd != nil {
		p.fwd.Forward(ctx, rows)
	}
}

// deliveryStats is nil when nothing was forwarded.
func (p *Pipeline) deliveryStats() *DeliveryStats {
	if p.fwd == nil {
		return nil
	}
	st := p.fwd.Stats()
	return &st
}
