package tickets

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

// BenchmarkTicketList is the dashboard's ticket list (a page of 50, newest
// first; unfiltered, and open ones of one category) over 10,000 stored
// tickets of one guild on the embedded store, with p50 and p99 per page.
//
//	go test ./plugins/tickets -run '^$' -bench TicketList -benchtime 2000x
func BenchmarkTicketList(b *testing.B) {
	c := testenv.Core(b, testenv.Config(b), core.Options{})
	pl, ok := c.Plugin(ID)
	if !ok {
		b.Fatal("tickets plugin not running")
	}
	s := pl.(*Plugin).svc
	ctx := context.Background()
	const guild, n = "300000000000000001", 10000
	at := time.Now().UTC().Add(-30 * 24 * time.Hour)
	batch := make([]*Ticket, 0, 500)
	for i := 1; i <= n; i++ {
		t := &Ticket{GuildID: guild, Number: int64(i), PanelID: "p", Category: []string{"billing", "help", "report"}[i%3],
			OpenerID: fmt.Sprint(200000000000000000 + i%500), Status: []Status{StatusClosed, StatusClosed, StatusOpen, StatusDeleted}[i%4],
			ChannelID: fmt.Sprint(400000000000000000 + i), Name: fmt.Sprintf("ticket-%04d", i), Answers: []Answer{{Question: "Subject", Answer: "help"}},
			Members: []string{}, CreatedAt: at.Add(time.Duration(i) * time.Minute)}
		batch = append(batch, t)
		if len(batch) == cap(batch) {
			if err := s.st.tickets.InsertMany(ctx, batch...); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	for _, tc := range []struct {
		name string
		f    ListFilter
	}{{"all", ListFilter{}}, {"open-category", ListFilter{Status: StatusOpen, Category: "help"}}} {
		b.Run(tc.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				page, err := s.List(ctx, guild, tc.f)
				lat = append(lat, time.Since(start))
				if err != nil || len(page.Items) != 50 {
					b.Fatalf("list: %v, %d items", err, len(page.Items))
				}
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}
