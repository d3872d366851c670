package dashboard

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Collection names, stored as dashboard_<name>.
const (
	grantsCollection = "grants"
	auditCollection  = "audit"
)

// maxGrantsPerGuild bounds a guild's grants so that every access check
// stays one small read.
const maxGrantsPerGuild = 200

type grantRecord struct {
	store.Meta
	GuildID   string    `json:"guildId"`
	UserID    string    `json:"userId,omitempty"`
	RoleID    string    `json:"roleId,omitempty"`
	Plugins   []string  `json:"plugins"`
	CreatedBy string    `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
}

func (r grantRecord) grant() core.Grant {
	return core.Grant{ID: r.ID, GuildID: r.GuildID, UserID: r.UserID, RoleID: r.RoleID,
		Plugins: r.Plugins, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt}
}

type grantStore struct {
	coll *store.Collection[grantRecord]
}

func newGrantStore(pc *core.Context) (*grantStore, error) {
	coll, err := core.Declare[grantRecord](pc, grantsCollection,
		store.Index{Name: "guild_created", Fields: []string{"guildId", "createdAt"}})
	return &grantStore{coll: coll}, err
}

func (s *grantStore) list(ctx context.Context, guildID string) ([]core.Grant, error) {
	recs, err := s.coll.Find(ctx, store.Where("guildId", guildID).OrderBy("createdAt").Limit(maxGrantsPerGuild))
	if err != nil {
		return nil, fmt.Errorf("grants of guild %s: %w", guildID, err)
	}
	out := make([]core.Grant, 0, len(recs))
	for _, r := range recs {
		out = append(out, r.grant())
	}
	return out, nil
}

func (s *grantStore) count(ctx context.Context, guildID string) (int64, error) {
	n, err := s.coll.Count(ctx, store.Where("guildId", guildID))
	if err != nil {
		return 0, fmt.Errorf("count grants of guild %s: %w", guildID, err)
	}
	return n, nil
}

func (s *grantStore) insert(ctx context.Context, rec *grantRecord) error {
	if err := s.coll.Insert(ctx, rec); err != nil {
		return fmt.Errorf("add grant in guild %s: %w", rec.GuildID, err)
	}
	return nil
}

// remove deletes a grant and returns it; ErrNotFound when it is not there.
func (s *grantStore) remove(ctx context.Context, guildID, id string) (core.Grant, error) {
	rec, err := s.coll.Get(ctx, id)
	if err == nil && rec.GuildID != guildID {
		err = store.ErrNotFound
	}
	if err == nil {
		rec, err = s.coll.Delete(ctx, id, rec.Version)
	}
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrConflict) {
		return core.Grant{}, fmt.Errorf("grant %q of guild %s: %w", id, guildID, core.ErrNotFound)
	}
	if err != nil {
		return core.Grant{}, fmt.Errorf("remove grant %s of guild %s: %w", id, guildID, err)
	}
	return rec.grant(), nil
}
