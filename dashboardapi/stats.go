package dashboardapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

const (
	// statsCacheTTL is how long computed figures are reused: the stats
	// routes and the global room's updates read the cache, not the store.
	statsCacheTTL = 2 * time.Second
	// statsPushEvery is how often the global room's figures are recomputed
	// and pushed when they changed.
	statsPushEvery = 2 * time.Second
	// guildCountsCollection keeps the guild count last seen in each month.
	guildCountsCollection = "api_guild_counts"
)

// statsService computes and caches the stats figures.
type statsService struct {
	s     *Server
	ping  pingHistory
	coll  *store.Collection[guildCount]
	mu    sync.Mutex
	cache map[string]cachedFigures

	// countMu serialises recording the month's guild count, so that one
	// instance writes it once per change.
	countMu      sync.Mutex
	lastCount    int64
	lastCountKey string
}

type cachedFigures struct {
	at time.Time
	f  core.ActivityFigures
}

// guildCount is the bot's guild count last seen in a month (id "2006-01").
type guildCount struct {
	store.Meta
	Count int64     `json:"count"`
	At    time.Time `json:"at"`
}

func newStatsService(ctx context.Context, s *Server) (*statsService, error) {
	coll, err := store.Declare[guildCount](ctx, s.core.Store(), guildCountsCollection)
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	return &statsService{s: s, coll: coll, cache: map[string]cachedFigures{}, lastCount: -1}, nil
}

// figures returns the activity figures of a guild (or bot-wide, guildID
// empty), computed at most once per statsCacheTTL.
func (st *statsService) figures(ctx context.Context, guildID string) (core.ActivityFigures, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.s.conf.now()
	if c, ok := st.cache[guildID]; ok && now.Sub(c.at) < statsCacheTTL && !now.Before(c.at) {
		return c.f, nil
	}
	f, err := st.s.core.ActivityFigures(ctx, guildID, now)
	if err != nil {
		return core.ActivityFigures{}, err
	}
	if len(st.cache) > 10_000 {
		st.cache = map[string]cachedFigures{}
	}
	st.cache[guildID] = cachedFigures{at: now, f: f}
	return f, nil
}

// dashboard computes the bot-wide DashboardStats.
func (st *statsService) dashboard(ctx context.Context) (DashboardStats, error) {
	f, err := st.figures(ctx, "")
	if err != nil {
		return DashboardStats{}, err
	}
	now := st.s.conf.now()
	guilds, err := st.guildFigures(ctx, now)
	if err != nil {
		return DashboardStats{}, err
	}
	avg, change := st.ping.figures(now)
	return DashboardStats{
		Guilds:           guilds,
		Users:            UserFigures{Active: f.UsersThisMonth, ChangePercentFromLastMonth: core.PercentChange(f.UsersPrevWindow, f.UsersThisMonth)},
		Commands:         CommandFigures{Total: f.CommandsThisMonth, ChangePercentFromLastMonth: core.PercentChange(f.CommandsPrevWindow, f.CommandsThisMonth)},
		Ping:             PingFigures{Avg: avg, ChangeFromLastHour: change},
		RecentEvents:     recentEvents(f.Recent),
		ActivityOverview: f.Hourly,
	}, nil
}

// guildFigures counts the bot's guilds, records the count for this month,
// and compares it with the count last seen in the previous month.
func (st *statsService) guildFigures(ctx context.Context, now time.Time) (GuildFigures, error) {
	dir := st.s.dir()
	if dir == nil {
		return GuildFigures{}, nil
	}
	gs, err := dir.Guilds(ctx)
	if err != nil {
		return GuildFigures{}, fmt.Errorf("guild count: %w", err)
	}
	count := int64(len(gs))
	cur, prev, _ := core.MonthWindows(now)
	curKey, prevKey := cur.Format("2006-01"), prev.Format("2006-01")
	if err := st.recordGuildCount(ctx, count, curKey, now); err != nil {
		return GuildFigures{}, err
	}
	prevDoc, err := st.coll.Get(ctx, prevKey)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return GuildFigures{Count: count}, nil
	case err != nil:
		return GuildFigures{}, fmt.Errorf("guild count of %s: %w", prevKey, err)
	}
	return GuildFigures{Count: count, ChangeFromLastMonth: count - prevDoc.Count}, nil
}

// recordGuildCount stores this month's guild count when it changed.
func (st *statsService) recordGuildCount(ctx context.Context, count int64, curKey string, now time.Time) error {
	st.countMu.Lock()
	defer st.countMu.Unlock()
	st.mu.Lock()
	changed := count != st.lastCount || curKey != st.lastCountKey
	st.mu.Unlock()
	if !changed {
		return nil
	}
	_, err := st.coll.Upsert(ctx, curKey, func(d *guildCount, _ bool) error {
		d.Count, d.At = count, now.UTC()
		return nil
	})
	if err != nil {
		return fmt.Errorf("record guild count: %w", err)
	}
	st.mu.Lock()
	st.lastCount, st.lastCountKey = count, curKey
	st.mu.Unlock()
	return nil
}

// run samples the latency and pushes dashboard:stats_updated to the global
// room when a figure changed, until ctx ends.
func (st *statsService) run(ctx context.Context) {
	sample := time.NewTicker(pingSampleEvery)
	push := time.NewTicker(statsPushEvery)
	defer sample.Stop()
	defer push.Stop()
	st.samplePing()
	var last []byte
	for {
		select {
		case <-ctx.Done():
			return
		case <-sample.C:
			st.samplePing()
		case <-push.C:
			last = st.push(ctx, last)
		}
	}
}

func (st *statsService) samplePing() {
	if l := st.s.latency(); l != nil {
		st.ping.add(st.s.conf.now(), l.Latency())
	}
}

func (st *statsService) push(ctx context.Context, last []byte) []byte {
	ctx, cancel := context.WithTimeout(ctx, handlerTimeout)
	defer cancel()
	d, err := st.dashboard(ctx)
	if err != nil {
		st.s.log.Warn("stats not computed", "err", err)
		return last
	}
	raw, err := json.Marshal(d)
	if err != nil || bytes.Equal(raw, last) {
		return last
	}
	_ = st.s.core.Broadcast(core.GlobalRoom, core.EventStatsUpdated, json.RawMessage(raw))
	return raw
}

// getStats serves GET /api/stats to superusers.
func (s *Server) getStats(w http.ResponseWriter, r *http.Request) {
	caller, _ := core.CallerFrom(r.Context())
	if !s.cfg.IsSuperuser(caller.UserID) {
		core.WriteError(w, core.Errorf(core.CodeForbidden, "bot-wide stats are for superusers (SUPERUSERS)"))
		return
	}
	d, err := s.stats.dashboard(r.Context())
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, d)
}

// getGuildStats serves GET /api/guilds/{guildId}/stats.
func (s *Server) getGuildStats(w http.ResponseWriter, r *http.Request) {
	guildID := r.PathValue("guildId")
	f, err := s.stats.figures(r.Context(), guildID)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, GuildStats{
		GuildID:          guildID,
		Users:            UserFigures{Active: f.UsersThisMonth, ChangePercentFromLastMonth: core.PercentChange(f.UsersPrevWindow, f.UsersThisMonth)},
		Commands:         CommandFigures{Total: f.CommandsThisMonth, ChangePercentFromLastMonth: core.PercentChange(f.CommandsPrevWindow, f.CommandsThisMonth)},
		RecentEvents:     recentEvents(f.Recent),
		ActivityOverview: f.Hourly,
	})
}
