package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Audit page sizes.
const (
	defaultAuditPage = 50
	maxAuditPage     = 100
)

type auditRecord struct {
	ID      bson.ObjectID `bson:"_id"`
	GuildID string        `bson:"guildId"`
	UserID  string        `bson:"userId"`
	Plugin  string        `bson:"plugin"`
	Action  string        `bson:"action"`
	Status  int           `bson:"status"`
	Before  string        `bson:"before,omitempty"`
	After   string        `bson:"after,omitempty"`
	At      time.Time     `bson:"at"`
}

func (r auditRecord) entry() core.AuditEntry {
	e := core.AuditEntry{ID: r.ID.Hex(), GuildID: r.GuildID, UserID: r.UserID, Plugin: r.Plugin,
		Action: r.Action, Status: r.Status, At: r.At}
	if r.Before != "" {
		e.Before = json.RawMessage(r.Before)
	}
	if r.After != "" {
		e.After = json.RawMessage(r.After)
	}
	return e
}

type auditStore struct{ coll *mongo.Collection }

func (s *auditStore) insert(ctx context.Context, e core.AuditEntry) error {
	rec := auditRecord{ID: bson.NewObjectID(), GuildID: e.GuildID, UserID: e.UserID, Plugin: e.Plugin,
		Action: e.Action, Status: e.Status, Before: string(e.Before), After: string(e.After),
		At: e.At.UTC().Truncate(time.Millisecond)}
	if _, err := s.coll.InsertOne(ctx, rec); err != nil {
		return fmt.Errorf("audit entry in guild %s: %w", e.GuildID, core.StoreError(err))
	}
	return nil
}

// AuditPage is one page of a guild's audit log, newest first.
type AuditPage struct {
	Entries []core.AuditEntry `json:"entries"`
	// NextCursor fetches the next (older) page; null on the last page.
	NextCursor *string `json:"nextCursor"`
}

// page returns up to limit entries older than cursor (empty: the newest).
func (s *auditStore) page(ctx context.Context, guildID, cursor string, limit int) (AuditPage, error) {
	filter := bson.D{{Key: "guildId", Value: guildID}}
	if cursor != "" {
		oid, err := bson.ObjectIDFromHex(cursor)
		if err != nil {
			return AuditPage{}, core.BadRequest("cursor %q: use the nextCursor of the previous page", cursor)
		}
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$lt", Value: oid}}})
	}
	cur, err := s.coll.Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "_id", Value: -1}}).SetLimit(int64(limit+1)))
	if err != nil {
		return AuditPage{}, fmt.Errorf("audit log of guild %s: %w", guildID, core.StoreError(err))
	}
	var recs []auditRecord
	if err := cur.All(ctx, &recs); err != nil {
		return AuditPage{}, fmt.Errorf("audit log of guild %s: %w", guildID, core.StoreError(err))
	}
	page := AuditPage{Entries: make([]core.AuditEntry, 0, len(recs))}
	if len(recs) > limit {
		recs = recs[:limit]
		next := recs[limit-1].ID.Hex()
		page.NextCursor = &next
	}
	for _, r := range recs {
		page.Entries = append(page.Entries, r.entry())
	}
	return page, nil
}
