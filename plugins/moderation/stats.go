package moderation

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/warden-bot/warden/core"
)

// Stats are a guild's moderation figures, served at GET stats and pushed as
// moderation:stats_updated.
type Stats struct {
	// CasesPerDay covers the last 30 days (UTC), oldest first.
	CasesPerDay []DayCount `json:"casesPerDay"`
	// ByType counts every case that took effect, by type.
	ByType         map[CaseType]int `json:"byType"`
	ActiveTimeouts int64            `json:"activeTimeouts"`
	ActiveBans     int64            `json:"activeBans"`
	// TopRules are the automod rules matched most often.
	TopRules []RuleCount `json:"topRules"`
}

// DayCount is the cases opened on one day.
type DayCount struct {
	Date  string `json:"date"`
	Count int    `json:"count"`
}

// RuleCount is how often a rule matched.
type RuleCount struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Hits int64  `json:"hits"`
}

const statsDays = 30

// tookEffect matches cases that are neither pending nor failed.
var tookEffect = bson.D{{Key: "$nin", Value: bson.A{StatusPending, StatusFailed}}}

// Stats computes a guild's figures.
func (s *Service) Stats(ctx context.Context, guildID string) (*Stats, error) {
	now := s.now()
	first := now.Truncate(24*time.Hour).AddDate(0, 0, -(statsDays - 1))
	st := &Stats{ByType: map[CaseType]int{}, TopRules: []RuleCount{}}
	days := map[string]int{}
	recent, err := s.st.findCases(ctx, bson.D{{Key: "guildId", Value: guildID}, {Key: "status", Value: tookEffect},
		{Key: "createdAt", Value: bson.D{{Key: "$gte", Value: first}}}},
		options.Find().SetProjection(bson.D{{Key: "createdAt", Value: 1}}).SetLimit(200000))
	if err != nil {
		return nil, fmt.Errorf("stats of guild %s: %w", guildID, err)
	}
	for _, c := range recent {
		days[c.CreatedAt.UTC().Format(time.DateOnly)]++
	}
	for d := first; !d.After(now); d = d.AddDate(0, 0, 1) {
		key := d.Format(time.DateOnly)
		st.CasesPerDay = append(st.CasesPerDay, DayCount{Date: key, Count: days[key]})
	}
	if err := s.countByType(ctx, guildID, st); err != nil {
		return nil, err
	}
	count := func(filter bson.D) (int64, error) {
		n, err := s.st.cases.CountDocuments(ctx, filter)
		return n, core.StoreError(err)
	}
	if st.ActiveTimeouts, err = count(bson.D{{Key: "guildId", Value: guildID}, {Key: "type", Value: TypeTimeout},
		{Key: "status", Value: StatusActive}, {Key: "expiresAt", Value: bson.D{{Key: "$gt", Value: now}}}}); err != nil {
		return nil, fmt.Errorf("active timeouts of guild %s: %w", guildID, err)
	}
	if st.ActiveBans, err = count(bson.D{{Key: "guildId", Value: guildID}, {Key: "type", Value: TypeBan},
		{Key: "status", Value: StatusActive}}); err != nil {
		return nil, fmt.Errorf("active bans of guild %s: %w", guildID, err)
	}
	return st, s.topRules(ctx, guildID, st)
}

func (s *Service) countByType(ctx context.Context, guildID string, st *Stats) error {
	cur, err := s.st.cases.Aggregate(ctx, bson.A{
		bson.D{{Key: "$match", Value: bson.D{{Key: "guildId", Value: guildID}, {Key: "status", Value: tookEffect}}}},
		bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$type"}, {Key: "n", Value: bson.D{{Key: "$sum", Value: 1}}}}}},
	})
	if err != nil {
		return fmt.Errorf("cases by type of guild %s: %w", guildID, core.StoreError(err))
	}
	var rows []struct {
		Type CaseType `bson:"_id"`
		N    int      `bson:"n"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return fmt.Errorf("read cases by type of guild %s: %w", guildID, core.StoreError(err))
	}
	for _, t := range CaseTypes {
		st.ByType[t] = 0
	}
	for _, r := range rows {
		st.ByType[r.Type] = r.N
	}
	return nil
}

func (s *Service) topRules(ctx context.Context, guildID string, st *Stats) error {
	cur, err := s.st.rules.Find(ctx, bson.D{{Key: "guildId", Value: guildID}, {Key: "hits", Value: bson.D{{Key: "$gt", Value: 0}}}},
		options.Find().SetSort(bson.D{{Key: "hits", Value: -1}}).SetLimit(5).SetProjection(bson.D{{Key: "name", Value: 1}, {Key: "hits", Value: 1}}))
	if err != nil {
		return fmt.Errorf("top rules of guild %s: %w", guildID, core.StoreError(err))
	}
	var rules []Rule
	if err := cur.All(ctx, &rules); err != nil {
		return fmt.Errorf("read top rules of guild %s: %w", guildID, core.StoreError(err))
	}
	for _, r := range rules {
		st.TopRules = append(st.TopRules, RuleCount{ID: r.ID, Name: r.Name, Hits: r.Hits})
	}
	return nil
}

// runStats recomputes and broadcasts the figures of guilds whose cases
// changed, at most once a second per guild: a burst of cases costs one
// computation, and the bus coalesces what goes out.
func (s *Service) runStats(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	due := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return
		case g := <-s.statsDue:
			due[g] = true
		case <-tick.C:
			for g := range due {
				st, err := s.Stats(ctx, g)
				if err != nil {
					s.log.Warn("stats not computed", "guild", g, "err", err)
					continue
				}
				s.broadcast(g, EventStatsUpdated, st)
			}
			clear(due)
		}
	}
}
