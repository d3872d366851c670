package core

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// guildConfigCollection holds every plugin's per-guild config document.
const guildConfigCollection = "guild_configs"

// ConfigMeta is embedded in every versioned config document. Its fields are
// kept beside the document, not inside it, so the plugin's own struct stays
// plain.
type ConfigMeta struct {
	// Version counts saves from 1; 0 means the defaults were never saved.
	Version int64 `json:"version"`
	// UpdatedBy is the user id (or "system") of the last save.
	UpdatedBy string `json:"updatedBy,omitempty"`
	// UpdatedAt is the time of the last save.
	UpdatedAt time.Time `json:"updatedAt,omitzero"`
}

// Meta returns the metadata; it makes every embedding struct a ConfigDoc.
func (m *ConfigMeta) Meta() *ConfigMeta { return m }

// ConfigDoc is a versioned config document.
type ConfigDoc interface {
	Meta() *ConfigMeta
}

// ConflictError is returned by a save whose version is stale. Current is the
// stored document, so the caller can show who changed it and to what.
type ConflictError struct {
	Current ConfigDoc
}

func (e *ConflictError) Error() string {
	m := e.Current.Meta()
	return fmt.Sprintf("version conflict: the stored document is at version %d (updated by %s)", m.Version, m.UpdatedBy)
}

func (e *ConflictError) Unwrap() error { return ErrVersionConflict }

// ConfigStore is the type-erased face of a GuildConfig, used by the
// dashboard API to serve GET|PUT /api/guilds/{guildId}/{plugin}/config.
type ConfigStore interface {
	// PluginID returns the owning plugin's id.
	PluginID() string
	// GetDoc returns the guild's document, or the defaults at version 0.
	GetDoc(ctx context.Context, guildID string) (ConfigDoc, error)
	// PutJSON decodes body strictly, validates it, and saves it if its
	// version is the stored one. It returns the saved and previous documents.
	PutJSON(ctx context.Context, guildID string, body []byte, updatedBy string) (saved, previous ConfigDoc, err error)
}

// GuildConfig stores one plugin's versioned per-guild config document of
// type T. A T may implement Validate() error; Put refuses what fails it.
//
// Put is the one path a config document is saved by, from the API or from
// the plugin: it validates, saves at the version the caller read, writes
// the audit entry (before and after) in the same store transaction when
// the save is an API request's, and broadcasts the plugin's
// "<plugin>:config_updated" (or the event set with Event) when the plugin
// declared it.
type GuildConfig[T any, PT interface {
	*T
	ConfigDoc
}] struct {
	pc       *Context
	plugin   string
	coll     *store.Collection[configRecord[T]]
	defaults func(guildID string) T
	now      func() time.Time
	event    string
	check    func(ctx context.Context, guildID string, doc PT) error
	saved    func(guildID string)
}

// NewGuildConfig returns the config store of pc's plugin. defaults returns
// the document a guild has before its first save.
func NewGuildConfig[T any, PT interface {
	*T
	ConfigDoc
}](pc *Context, defaults func(guildID string) T) *GuildConfig[T, PT] {
	return &GuildConfig[T, PT]{
		pc:       pc,
		plugin:   pc.ID,
		coll:     store.View[configRecord[T]](pc.core.store, guildConfigCollection),
		defaults: defaults,
		now:      pc.core.now,
		event:    pc.ID + ":config_updated",
	}
}

// Event sets the event a save broadcasts (the dashboard's settings send
// dashboard:settings_updated); empty sends none. Call it from Provision.
func (g *GuildConfig[T, PT]) Event(name string) *GuildConfig[T, PT] {
	g.event = name
	return g
}

// Check adds a check that needs more than the document (ids that must be
// in the guild), run after Validate on every save. Call it from Provision.
func (g *GuildConfig[T, PT]) Check(fn func(ctx context.Context, guildID string, doc PT) error) *GuildConfig[T, PT] {
	g.check = fn
	return g
}

// OnSaved runs fn after every committed save, before the broadcast (to
// drop a cache). Call it from Provision.
func (g *GuildConfig[T, PT]) OnSaved(fn func(guildID string)) *GuildConfig[T, PT] {
	g.saved = fn
	return g
}

// configRecord is how a config document is stored: the plugin's document
// under data, its version in the store's Meta.
type configRecord[T any] struct {
	store.Meta
	Plugin    string    `json:"plugin"`
	GuildID   string    `json:"guildId"`
	UpdatedBy string    `json:"updatedBy"`
	UpdatedAt time.Time `json:"updatedAt"`
	Data      T         `json:"data"`
}

// guildConfigIndexes lets every plugin's configs be listed per guild.
var guildConfigIndexes = []store.Index{{Name: "guild_plugin", Fields: []string{"guildId", "plugin"}, Unique: true}}

func (g *GuildConfig[T, PT]) id(guildID string) string { return g.plugin + ":" + guildID }

// PluginID implements ConfigStore.
func (g *GuildConfig[T, PT]) PluginID() string { return g.plugin }

func (g *GuildConfig[T, PT]) fromRecord(rec *configRecord[T]) PT {
	doc := PT(&rec.Data)
	*doc.Meta() = ConfigMeta{Version: rec.Version, UpdatedBy: rec.UpdatedBy, UpdatedAt: rec.UpdatedAt}
	return doc
}

// Get returns the guild's document, or the defaults at version 0.
func (g *GuildConfig[T, PT]) Get(ctx context.Context, guildID string) (PT, error) {
	rec, err := g.coll.Get(ctx, g.id(guildID))
	if errors.Is(err, store.ErrNotFound) {
		d := g.defaults(guildID)
		return PT(&d), nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s config of guild %s: %w", g.plugin, guildID, err)
	}
	return g.fromRecord(rec), nil
}

// Put saves doc if doc's Version is the stored version, and returns the
// saved document (Version + 1) and the previous one. A stale version
// returns a *ConflictError carrying the stored document. The version check
// is the store's: of two saves at one version, exactly one succeeds. After
// the save it broadcasts the config's event.
func (g *GuildConfig[T, PT]) Put(ctx context.Context, guildID string, doc PT, updatedBy string) (saved, previous PT, err error) {
	saved, previous, err = g.put(ctx, guildID, doc, updatedBy)
	if err != nil {
		return nil, nil, err
	}
	if g.saved != nil {
		g.saved(guildID)
	}
	if g.event != "" && g.declared() {
		_ = g.pc.Broadcast(guildID, g.event, saved)
	}
	return saved, previous, nil
}

func (g *GuildConfig[T, PT]) put(ctx context.Context, guildID string, doc PT, updatedBy string) (saved, previous PT, err error) {
	if v, ok := any(doc).(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			var ue *Error
			if errors.As(err, &ue) {
				return nil, nil, err
			}
			return nil, nil, BadRequest("%s config: %v", g.plugin, err)
		}
	}
	expected := doc.Meta().Version
	if expected < 0 {
		return nil, nil, BadRequest("version: must not be negative")
	}
	if g.check != nil {
		if err := g.check(ctx, guildID, doc); err != nil {
			return nil, nil, err
		}
	}
	now := g.now().UTC().Truncate(time.Millisecond)
	rec := &configRecord[T]{Meta: store.Meta{ID: g.id(guildID), Version: expected},
		Plugin: g.plugin, GuildID: guildID, UpdatedBy: updatedBy, UpdatedAt: now, Data: *doc}
	err = g.pc.core.auditedWrite(ctx, guildID, g.plugin, g.auditAction(), 200, func(ctx context.Context) (any, any, error) {
		// The previous document is read in the write's transaction, so
		// the audit entry's "before" is the document this save replaced.
		prev, err := g.Get(ctx, guildID)
		if err != nil {
			return nil, nil, err
		}
		if prev.Meta().Version != expected {
			return nil, nil, &ConflictError{Current: prev}
		}
		previous = prev
		if expected == 0 {
			err = g.coll.Insert(ctx, rec)
		} else {
			err = g.coll.Replace(ctx, rec)
		}
		if err != nil {
			return nil, nil, err
		}
		return prev, g.fromRecord(rec), nil
	})
	var ce *ConflictError
	if errors.As(err, &ce) {
		return nil, nil, err
	}
	if store.IsDuplicate(err, "") || errors.Is(err, store.ErrConflict) {
		return nil, nil, g.conflict(ctx, guildID)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("save %s config of guild %s: %w", g.plugin, guildID, err)
	}
	return g.fromRecord(rec), previous, nil
}

// auditAction names a save in the audit log: "config.update", or
// "settings.update" for the dashboard's settings.
func (g *GuildConfig[T, PT]) auditAction() string {
	if g.event == EventSettingsUpdated {
		return "settings.update"
	}
	return "config.update"
}

func (g *GuildConfig[T, PT]) conflict(ctx context.Context, guildID string) error {
	cur, err := g.Get(ctx, guildID)
	if err != nil {
		return err
	}
	return &ConflictError{Current: cur}
}

// GetDoc implements ConfigStore.
func (g *GuildConfig[T, PT]) GetDoc(ctx context.Context, guildID string) (ConfigDoc, error) {
	return g.Get(ctx, guildID)
}

// PutJSON implements ConfigStore.
func (g *GuildConfig[T, PT]) PutJSON(ctx context.Context, guildID string, body []byte, updatedBy string) (ConfigDoc, ConfigDoc, error) {
	var doc T
	if err := DecodeJSONStrict(body, &doc); err != nil {
		return nil, nil, err
	}
	saved, prev, err := g.Put(ctx, guildID, PT(&doc), updatedBy)
	if err != nil {
		return nil, nil, err
	}
	return saved, prev, nil
}

func (g *GuildConfig[T, PT]) declared() bool {
	_, ok := g.pc.core.catalog.Lookup(g.event)
	return ok
}
