package plugintest_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// ideas is a test-only plugin the size of a small suggestions plugin: a
// slash command with subcommands, a list route and a status route, and two
// events. The kit's own tests and the example run against it.
type ideas struct {
	pc   *core.Context
	coll *store.Collection[idea]
}

type idea struct {
	store.Meta
	GuildID  string    `json:"guildId"`
	Number   int64     `json:"number"`
	AuthorID string    `json:"authorId"`
	Text     string    `json:"text"`
	Status   string    `json:"status"`
	Votes    int       `json:"votes"`
	PostedAt time.Time `json:"postedAt"`
}

func init() {
	core.RegisterPlugin(core.PluginInfo{ID: "ideas", Name: "Ideas", Description: "Members post ideas; staff rate them.",
		New: func() core.Plugin { return new(ideas) }})
}

func (p *ideas) PluginInfo() core.PluginInfo { info, _ := core.LookupPlugin("ideas"); return info }

func (p *ideas) Events() []core.EventSpec {
	return []core.EventSpec{
		{Name: "ideas:idea_posted", Description: "A member posted an idea.", Example: idea{Number: 1, Text: "dark mode", Status: "open"}},
		{Name: "ideas:status_changed", Description: "Staff changed an idea's status.", Example: idea{Number: 1, Status: "accepted"}},
	}
}

func (p *ideas) Provision(pc *core.Context) (err error) {
	p.pc = pc
	p.coll, err = core.Declare[idea](pc, "ideas", store.Index{Name: "guild_number", Fields: []string{"guildId", "number"}, Unique: true})
	return err
}

func (p *ideas) Commands() []core.Command {
	text := core.CommandOption{Type: core.OptionString, Name: "text", Description: "The idea", Required: true}
	number := core.CommandOption{Type: core.OptionInteger, Name: "number", Description: "The idea's number", Required: true}
	return []core.Command{{
		Name: "idea", Description: "Ideas for the server", Options: []core.CommandOption{
			{Type: core.OptionSubcommand, Name: "post", Description: "Post an idea", Options: []core.CommandOption{text}},
			{Type: core.OptionSubcommand, Name: "show", Description: "Show an idea", Options: []core.CommandOption{number}},
		},
		Handle: p.handle,
	}}
}

func (p *ideas) handle(ctx context.Context, inv *core.Interaction) error {
	if inv.Subcommand == "show" {
		it, err := p.coll.FindOne(ctx, store.Where("guildId", inv.GuildID).Where("number", inv.Int("number")))
		if err != nil {
			return inv.Reply(ctx, fmt.Sprintf("There is no idea #%d.", inv.Int("number")), true)
		}
		return inv.Respond(ctx, core.Response{Content: fmt.Sprintf("Idea #%d (%s): %s", it.Number, it.Status, it.Text),
			Components: []core.ActionRow{{
				core.Button{CustomID: fmt.Sprintf("ideas:vote:%d", it.Number), Label: "Vote"},
				core.Button{CustomID: fmt.Sprintf("ideas:edit:%d", it.Number), Label: "Edit"},
			}}})
	}
	it := idea{GuildID: inv.GuildID, AuthorID: inv.UserID, Text: inv.String("text"), Status: "open", PostedAt: time.Now().UTC()}
	if _, err := p.coll.InsertNumbered(ctx, &it, "number"); err != nil {
		return fmt.Errorf("ideas: post: %w", err)
	}
	if err := p.pc.Broadcast(inv.GuildID, "ideas:idea_posted", it); err != nil {
		return fmt.Errorf("ideas: post: %w", err)
	}
	return inv.Reply(ctx, fmt.Sprintf("Idea #%d posted.", it.Number), false)
}

func (p *ideas) MountAPI(r core.APIRouter) {
	r.HandleFunc("GET", "", func(w http.ResponseWriter, r *http.Request) {
		all, err := p.coll.Find(r.Context(), store.Where("guildId", r.PathValue("guildId")).OrderBy("number"))
		if err != nil {
			core.WriteError(w, err)
			return
		}
		core.WriteJSON(w, http.StatusOK, all)
	})
	r.HandleFunc("PUT", "/{number}/status", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Status string `json:"status"`
		}
		if err := core.ReadJSON(r, &body); err != nil {
			core.WriteError(w, err)
			return
		}
		guild := r.PathValue("guildId")
		n, err := strconv.ParseInt(r.PathValue("number"), 10, 64)
		if err != nil {
			core.WriteError(w, core.BadRequest("number: want an idea number, got %q", r.PathValue("number")))
			return
		}
		it, err := p.coll.FindOne(r.Context(), store.Where("guildId", guild).Where("number", n))
		if err == nil {
			it, err = p.coll.Update(r.Context(), it.ID, func(d *idea) error { d.Status = body.Status; return nil })
		}
		if err == nil {
			err = p.pc.Broadcast(guild, "ideas:status_changed", it)
		}
		if err != nil {
			core.WriteError(w, err)
			return
		}
		core.WriteJSON(w, http.StatusOK, it)
	})
}

// HandleComponent counts a vote (updating the message) or opens the edit
// modal.
func (p *ideas) HandleComponent(ctx context.Context, inv *core.Interaction) error {
	parts := strings.Split(inv.CustomID, ":")
	n, _ := strconv.ParseInt(parts[len(parts)-1], 10, 64)
	it, err := p.coll.FindOne(ctx, store.Where("guildId", inv.GuildID).Where("number", n))
	if err != nil {
		return err
	}
	if parts[1] == "edit" {
		return inv.OpenModal(ctx, core.Modal{CustomID: fmt.Sprintf("ideas:edit:%d", n), Title: "Edit the idea",
			Inputs: []core.TextInput{{CustomID: "text", Label: "Idea", Value: it.Text, Required: true}}})
	}
	it, err = p.coll.Update(ctx, it.ID, func(d *idea) error { d.Votes++; return nil })
	if err != nil {
		return err
	}
	return inv.Update(ctx, core.Response{Content: fmt.Sprintf("Idea #%d: %d votes", it.Number, it.Votes)})
}

// HandleModal saves an edited idea.
func (p *ideas) HandleModal(ctx context.Context, inv *core.Interaction) error {
	n, _ := strconv.ParseInt(strings.TrimPrefix(inv.CustomID, "ideas:edit:"), 10, 64)
	it, err := p.coll.FindOne(ctx, store.Where("guildId", inv.GuildID).Where("number", n))
	if err == nil {
		_, err = p.coll.Update(ctx, it.ID, func(d *idea) error { d.Text = inv.Field("text"); return nil })
	}
	if err != nil {
		return err
	}
	return inv.Reply(ctx, fmt.Sprintf("Idea #%d is now: %s", n, inv.Field("text")), true)
}

var (
	_ core.ComponentHandler = (*ideas)(nil)
	_ core.ModalHandler     = (*ideas)(nil)
	_ core.Provisioner      = (*ideas)(nil)
	_ core.EventDeclarer    = (*ideas)(nil)
	_ core.CommandProvider  = (*ideas)(nil)
	_ core.APIMounter       = (*ideas)(nil)
)
