package tickets

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// ticketModal is a category's questions as a modal; prefill answers the
// first question.
func ticketModal(p *Panel, c *Category, prefill string) core.Modal {
	m := core.Modal{CustomID: formID(p.ID, c.Key), Title: truncate("Ticket: "+c.Label, 45)}
	for i, q := range c.Questions {
		in := core.TextInput{CustomID: questionID(i), Label: q.Label, Placeholder: q.Placeholder, Paragraph: q.Paragraph,
			Required: q.Required, MaxLength: q.answerLimit()}
		if i == 0 && prefill != "" {
			in.Value = truncate(prefill, q.answerLimit())
		}
		m.Inputs = append(m.Inputs, in)
	}
	return m
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// HandleComponent implements core.ComponentHandler: the panel's buttons
// and menu, and the buttons in ticket channels.
func (p *Plugin) HandleComponent(ctx context.Context, inv *core.Interaction) error {
	parts := strings.Split(inv.CustomID, ":")
	if len(parts) < 3 {
		return core.BadRequest("unknown button")
	}
	switch parts[1] {
	case "open":
		if len(parts) != 4 {
			return core.BadRequest("unknown button")
		}
		return p.startOpen(ctx, inv, parts[2], parts[3])
	case "select":
		if len(inv.Values) != 1 {
			return core.BadRequest("choose one kind of ticket")
		}
		return p.startOpen(ctx, inv, parts[2], inv.Values[0])
	}
	t, err := p.ticketOf(ctx, inv.GuildID, parts[2])
	if err != nil {
		return err
	}
	staff := p.svc.IsStaff(ctx, t, inv.UserID, inv.Permissions)
	mayClose := staff || inv.UserID == t.OpenerID
	switch {
	case parts[1] == "close" && mayClose:
		return p.askClose(ctx, inv, t, "")
	case parts[1] == "reason" && mayClose:
		return inv.OpenModal(ctx, core.Modal{CustomID: actionID("closeform", t.ID), Title: fmt.Sprintf("Close ticket #%d", t.Number),
			Inputs: []core.TextInput{{CustomID: "reason", Label: "Reason", Paragraph: true, MaxLength: maxReason}}})
	case parts[1] == "confirm" && mayClose:
		return p.reply(ctx, inv, "closed", func() (*Ticket, error) { return p.svc.ConfirmClose(ctx, t, inv.UserID) })
	case !staff:
		return core.Errorf(core.CodeForbidden, "only staff can do that")
	case parts[1] == "claim":
		return p.reply(ctx, inv, "claimed", func() (*Ticket, error) { return p.svc.Claim(ctx, t, inv.UserID) })
	case parts[1] == "reopen":
		return p.reply(ctx, inv, "reopened", func() (*Ticket, error) { return p.svc.Reopen(ctx, t, inv.UserID) })
	case parts[1] == "delete":
		return p.deleteFromDiscord(ctx, inv, t)
	}
	return core.BadRequest("unknown button")
}

// reply defers, runs an action and tells the clicker it is done.
func (p *Plugin) reply(ctx context.Context, inv *core.Interaction, what string, act func() (*Ticket, error)) error {
	t, err := act()
	if err != nil {
		return err
	}
	return inv.Reply(ctx, fmt.Sprintf("Ticket #%d %s.", t.Number, what), true)
}

// ticketOf returns the guild's ticket with the id a button carries.
func (p *Plugin) ticketOf(ctx context.Context, guildID, id string) (*Ticket, error) {
	t, err := p.svc.st.tickets.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && t.GuildID != guildID {
		return nil, core.Errorf(core.CodeNotFound, "this ticket no longer exists")
	}
	return t, err
}

// startOpen answers a panel's button or menu: the category's modal, or
// the ticket at once when it asks nothing. Refusals (a closed category,
// a ticket already open) come before the modal, so nobody fills it in
// for nothing.
func (p *Plugin) startOpen(ctx context.Context, inv *core.Interaction, panelID, key string) error {
	panel, cat, err := p.svc.OpenTarget(ctx, inv.GuildID, panelID, key)
	if err != nil {
		return err
	}
	if !cat.AllowMultiple {
		if err := p.svc.checkSlot(ctx, inv.GuildID, panelID, cat, inv.UserID); err != nil {
			return err
		}
	}
	if len(cat.Questions) > 0 {
		return inv.OpenModal(ctx, ticketModal(panel, cat, ""))
	}
	// No defer here: a component's defer is an update of the panel, and
	// the member's answer is a message of its own (the layer defers a
	// slow opening on its own).
	return p.open(ctx, inv, panelID, key, nil)
}

// HandleModal implements core.ModalHandler: a category's questions, and
// the close reason.
func (p *Plugin) HandleModal(ctx context.Context, inv *core.Interaction) error {
	parts := strings.Split(inv.CustomID, ":")
	switch {
	case len(parts) == 4 && parts[1] == "form":
		if err := inv.Defer(ctx, true); err != nil {
			return err
		}
		return p.open(ctx, inv, parts[2], parts[3], inv.Fields)
	case len(parts) == 3 && parts[1] == "closeform":
		t, err := p.ticketOf(ctx, inv.GuildID, parts[2])
		if err != nil {
			return err
		}
		if !p.svc.IsStaff(ctx, t, inv.UserID, inv.Permissions) && inv.UserID != t.OpenerID {
			return core.Errorf(core.CodeForbidden, "only staff and the ticket's member can close it")
		}
		return p.reply(ctx, inv, "closed", func() (*Ticket, error) { return p.svc.Close(ctx, t, inv.Field("reason"), inv.UserID) })
	}
	return core.BadRequest("unknown form")
}

var (
	_ core.ComponentHandler = (*Plugin)(nil)
	_ core.ModalHandler     = (*Plugin)(nil)
)
