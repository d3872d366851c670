package modmail

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store/storetest"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
)

// Benchmarks of the modmail logs at a busy guild's size, as
// docs/benchmarks.md records them:
//
//	go test ./plugins/modmail -run '^$' -bench Modmail -benchtime 200x
//
// The guild holds 10,000 conversations of 100 messages each (1,000,000
// messages) on the embedded SQLite store, seeded with batched InsertMany.
// MODMAIL_BENCH_CONVERSATIONS sets a smaller count for a quick look.

const (
	benchMessagesPer = 100
	benchUsers       = 2_000
	benchSeedBatch   = 5_000
)

func benchConversations() int {
	if n, err := strconv.Atoi(os.Getenv("MODMAIL_BENCH_CONVERSATIONS")); err == nil && n > 0 {
		return n
	}
	return 10_000
}

func benchUser(i int) string { return fmt.Sprintf("2%017d", i%benchUsers) }

// seedBench writes the guild's conversations and messages in batches.
func seedBench(b *testing.B, svc *Service, guildID string, convs int) {
	ctx := context.Background()
	start := time.Now().Add(-90 * 24 * time.Hour).UTC().Truncate(time.Millisecond)
	var cbatch []*Conversation
	var mbatch []*Message
	flush := func(force bool) {
		if len(cbatch) > 0 && (force || len(cbatch) >= benchSeedBatch/benchMessagesPer*10) {
			if err := svc.st.convs.InsertMany(ctx, cbatch...); err != nil {
				b.Fatal(err)
			}
			cbatch = cbatch[:0]
		}
		if len(mbatch) > 0 && (force || len(mbatch) >= benchSeedBatch) {
			if err := svc.st.msgs.InsertMany(ctx, mbatch...); err != nil {
				b.Fatal(err)
			}
			mbatch = mbatch[:0]
		}
	}
	for i := range convs {
		at := start.Add(time.Duration(i) * 7 * time.Minute)
		c := &Conversation{GuildID: guildID, Number: int64(i + 1), UserID: benchUser(i), UserName: "member", Status: StatusClosed,
			Priority: "normal", ChannelID: strconv.Itoa(900_000_000 + i), CreatedAt: at, UpdatedAt: at, LastMessageAt: at, Actions: []Action{}}
		if i >= convs-200 {
			c.Status, c.Waiting = StatusOpen, i%2 == 0
		} else {
			closed := at.Add(2 * time.Hour)
			first := at.Add(10 * time.Minute)
			c.ClosedAt, c.ClosedBy, c.FirstResponseAt, c.FirstResponder = &closed, "100000000000000002", &first, "100000000000000002"
		}
		c.ID = fmt.Sprintf("c%023d", i)
		for j := range benchMessagesPer {
			kind, author := KindUser, c.UserID
			if j%2 == 1 {
				kind, author = KindReply, "100000000000000002"
			}
			mbatch = append(mbatch, &Message{GuildID: guildID, ConversationID: c.ID, Number: c.Number, Seq: int64(j + 1), Kind: kind,
				AuthorID: author, Content: fmt.Sprintf("message %d of conversation %d", j, i), Attachments: []Attachment{}, Edits: []Edit{},
				CreatedAt: at.Add(time.Duration(j) * time.Second)})
		}
		c.Messages = benchMessagesPer
		cbatch = append(cbatch, c)
		flush(false)
	}
	flush(true)
}

func BenchmarkModmail(b *testing.B) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	w := plugintest.Start(b, plugintest.WithLogger(quiet), plugintest.WithPluginConfig(ID, "sweepInterval: 1h"))
	svc := plugintest.Plugin[*Plugin](b, w, ID).svc
	guild := discordsim.GuildID(1).String()
	ctx := context.Background()
	convs := benchConversations()
	t0 := time.Now()
	seedBench(b, svc, guild, convs)
	b.Logf("seeded %d conversations, %d messages in %s", convs, convs*benchMessagesPer, time.Since(t0).Round(time.Second))

	b.Run("list_open", func(b *testing.B) {
		storetest.Timed(b, func(*rand.Rand) error {
			_, err := svc.List(ctx, guild, ListQuery{View: ViewOpen, Limit: 50})
			return err
		})
	})
	b.Run("list_all_page", func(b *testing.B) {
		storetest.Timed(b, func(*rand.Rand) error {
			_, err := svc.List(ctx, guild, ListQuery{View: ViewAll, Limit: 50})
			return err
		})
	})
	b.Run("search_by_user", func(b *testing.B) {
		storetest.Timed(b, func(r *rand.Rand) error {
			res, err := svc.Search(ctx, guild, SearchQuery{User: benchUser(r.IntN(benchUsers))})
			if err == nil && len(res.Conversations) == 0 && convs >= benchUsers {
				return fmt.Errorf("no conversations found")
			}
			return err
		})
	})
	b.Run("thread_100_messages", func(b *testing.B) {
		storetest.Timed(b, func(r *rand.Rand) error {
			_, err := svc.Thread(ctx, guild, int64(1+r.IntN(convs)))
			return err
		})
	})
	b.Run("open_from_dm", func(b *testing.B) { benchOpen(b, w, svc, guild) })
}

// benchOpen opens a conversation from a DM, as the gateway's DM event
// does, and times it; the close after each is not timed. The time
// includes the simulated Discord's REST round trips (create the channel,
// post the card and the message, DM the greeting), so Warden's own time
// is below it.
func benchOpen(b *testing.B, w *plugintest.Warden, svc *Service, guild string) {
	ctx := context.Background()
	g := w.Guild(b, 1)
	cfg, err := svc.Config(ctx, guild)
	if err != nil {
		b.Fatal(err)
	}
	cfg.Enabled, cfg.Confirm, cfg.CategoryID = true, false, g.Channel(b, "Staff").String()
	if _, err := svc.SaveConfig(ctx, guild, cfg, "1"); err != nil {
		b.Fatal(err)
	}
	user := discordsim.UserID(3).String()
	var lat, own []time.Duration
	b.ResetTimer()
	for i := range b.N {
		calls := len(w.Sim.Calls())
		t0 := time.Now()
		err := svc.HandleDM(ctx, Incoming{UserID: user, UserName: "alex", Content: fmt.Sprintf("help %d", i), At: time.Now()})
		took := time.Since(t0)
		lat = append(lat, took)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		// Warden's own time: the opening less the simulator's time on the
		// REST calls it made (all of them awaited in turn). The loopback
		// and disgo's client stay counted as Warden's.
		for _, c := range w.Sim.Calls()[calls:] {
			took -= c.Took
		}
		own = append(own, took)
		c, err := svc.openOf(ctx, user)
		if err != nil || c == nil {
			b.Fatalf("no conversation opened: %v", err)
		}
		if _, err := svc.closeNow(ctx, c.ID, "1", "", true, func(*Conversation) bool { return true }); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	storetest.ReportLatency(b, lat)
	slices.Sort(own)
	pct := func(p float64) float64 { return float64(own[int(p*float64(len(own)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "own-p50-ms")
	b.ReportMetric(pct(0.99), "own-p99-ms")
}
