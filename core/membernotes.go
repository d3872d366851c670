package core

import (
	"context"
	"time"
)

// MemberNoter is an optional plugin capability: lines about a member that
// staff-facing cards show (modmail's user card, for one). Moderation
// contributes the member's active cases. A plugin asks for every running
// plugin's lines with Context.MemberNotes and never imports another
// plugin's package.
//
// MemberNotes answers from the plugin's own store, quickly (the caller
// waits at most memberNotesTimeout for all plugins together), and returns
// at most a few lines; nil when it has nothing to say.
type MemberNoter interface {
	MemberNotes(ctx context.Context, guildID, userID string) ([]MemberNote, error)
}

// MemberNote is one line about a member, by the plugin that knows it.
type MemberNote struct {
	// Plugin is the contributing plugin's id; the core fills it in.
	Plugin string `json:"plugin"`
	Text   string `json:"text"`
	// Link is a dashboard path below the guild ("p/moderation?case=12"),
	// or empty.
	Link string `json:"link,omitempty"`
}

// memberNotesTimeout bounds how long MemberNotes waits for the plugins.
const memberNotesTimeout = 2 * time.Second

// maxNotesPerPlugin bounds the lines one plugin contributes.
const maxNotesPerPlugin = 10

// MemberNotes collects what the running plugins (other than the caller)
// say about a member, in plugin start order. A plugin that fails or
// panics is logged and left out: a card never fails for a note.
func (pc *Context) MemberNotes(ctx context.Context, guildID, userID string) []MemberNote {
	ctx, cancel := context.WithTimeout(ctx, memberNotesTimeout)
	defer cancel()
	var out []MemberNote
	for _, p := range pc.core.Plugins() {
		n, ok := p.(MemberNoter)
		if !ok || p.PluginInfo().ID == pc.ID {
			continue
		}
		out = append(out, pc.notesOf(ctx, p.PluginInfo().ID, n, guildID, userID)...)
	}
	return out
}

func (pc *Context) notesOf(ctx context.Context, id string, n MemberNoter, guildID, userID string) (notes []MemberNote) {
	defer func() {
		if r := recover(); r != nil {
			pc.Logger.Error("member notes panicked", "from", id, "panic", r)
			notes = nil
		}
	}()
	got, err := n.MemberNotes(ctx, guildID, userID)
	if err != nil {
		pc.Logger.Warn("member notes", "from", id, "guild", guildID, "err", err)
		return nil
	}
	if len(got) > maxNotesPerPlugin {
		got = got[:maxNotesPerPlugin]
	}
	for i := range got {
		got[i].Plugin = id
	}
	return got
}
