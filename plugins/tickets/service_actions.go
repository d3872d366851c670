package tickets

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/warden-bot/warden/core"
)

// Ticket returns a guild's ticket by number.
func (s *Service) Ticket(ctx context.Context, guildID string, number int64) (*Ticket, error) {
	return s.st.ticketByNumber(ctx, guildID, number)
}

// TicketInChannel returns the ticket whose channel or thread this is, or a
// NOT_FOUND error that says where ticket commands work.
func (s *Service) TicketInChannel(ctx context.Context, channelID string) (*Ticket, error) {
	t, err := s.st.ticketByChannel(ctx, channelID)
	if err != nil || t.Status == StatusOpening || t.Status == StatusDeleted {
		return nil, core.Errorf(core.CodeNotFound, "this is not a ticket channel; run ticket commands inside a ticket")
	}
	return t, nil
}

// category returns the ticket's category as its panel has it now (nil
// when the panel or category was deleted since).
func (s *Service) category(ctx context.Context, t *Ticket) *Category {
	p, err := s.panels.Get(ctx, t.GuildID, t.PanelID)
	if err != nil {
		return nil
	}
	c, _ := p.category(t.Category)
	return c
}

// IsStaff reports whether the user handles the ticket's category.
func (s *Service) IsStaff(ctx context.Context, t *Ticket, userID string, perms uint64) bool {
	return s.isStaff(ctx, t.GuildID, userID, perms, s.category(ctx, t))
}

// update writes a change to an open (or, with from, another status)
// ticket, stamping who made it, and broadcasts event.
func (s *Service) update(ctx context.Context, t *Ticket, by, event string, from []Status, change func(t *Ticket) error) (*Ticket, error) {
	now := s.clock()
	saved, ok, err := s.st.updateTicket(ctx, t.ID, from, func(d *Ticket) error {
		if err := change(d); err != nil {
			return err
		}
		d.UpdatedAt, d.UpdatedBy = now, by
		return nil
	})
	if err != nil {
		if ue := (*core.Error)(nil); errors.As(err, &ue) {
			return nil, err
		}
		return nil, fmt.Errorf("tickets: update ticket #%d of guild %s: %w", t.Number, t.GuildID, err)
	}
	if !ok {
		return nil, core.Errorf(core.CodeConflict, "ticket #%d is %s; refresh and try again", t.Number, s.currentStatus(ctx, t))
	}
	if event != "" {
		s.broadcast(saved.GuildID, event, saved)
	}
	s.stats.Mark(saved.GuildID)
	return saved, nil
}

func (s *Service) currentStatus(ctx context.Context, t *Ticket) Status {
	if cur, err := s.st.tickets.Get(ctx, t.ID); err == nil {
		return cur.Status
	}
	return t.Status
}

var openOnly = []Status{StatusOpen}

// Claim makes by the ticket's handler. Of staff claiming at once exactly
// one wins: the write is a compare-and-set on the ticket, and the others
// are told who holds it.
func (s *Service) Claim(ctx context.Context, t *Ticket, by string) (*Ticket, error) {
	now := s.clock()
	saved, err := s.update(ctx, t, by, "", openOnly, func(d *Ticket) error {
		if d.ClaimedBy != "" {
			if d.ClaimedBy == by {
				return core.Errorf(core.CodeConflict, "you have already claimed ticket #%d", d.Number)
			}
			return &core.Error{Code: core.CodeConflict, Message: fmt.Sprintf("ticket #%d is already claimed by <@%s>", d.Number, d.ClaimedBy), Err: errClaimed}
		}
		d.ClaimedBy, d.ClaimedAt = by, &now
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.broadcast(saved.GuildID, EventTicketClaimed, saved)
	s.post(ctx, saved, fmt.Sprintf("🙋 <@%s> claimed this ticket and will help you.", by))
	return saved, nil
}

// Unclaim gives the ticket back to the whole staff.
func (s *Service) Unclaim(ctx context.Context, t *Ticket, by string) (*Ticket, error) {
	return s.update(ctx, t, by, EventTicketUpdated, openOnly, func(d *Ticket) error {
		if d.ClaimedBy == "" {
			return core.Errorf(core.CodeConflict, "ticket #%d is not claimed", d.Number)
		}
		d.ClaimedBy, d.ClaimedAt = "", nil
		return nil
	})
}

// AddMember lets a member see and write in the ticket.
func (s *Service) AddMember(ctx context.Context, t *Ticket, userID, by string) (*Ticket, error) {
	if !core.IsSnowflake(userID) {
		return nil, core.BadRequest("userId: %q is not a user id", userID)
	}
	if t.hasMember(userID) {
		return nil, core.Errorf(core.CodeConflict, "<@%s> is already in ticket #%d", userID, t.Number)
	}
	if len(t.Members) >= 20 {
		return nil, core.BadRequest("a ticket holds at most 20 added members")
	}
	m, err := s.dc().Member(ctx, t.GuildID, userID)
	if err != nil {
		return nil, err
	}
	if !m.IsMember {
		return nil, core.Errorf(core.CodeNotFound, "<@%s> is not a member of the server", userID)
	}
	next := *t
	next.Members = append(slices.Clone(t.Members), userID)
	if err := s.applyAccess(ctx, &next, true, userID, true); err != nil {
		return nil, err
	}
	saved, err := s.update(ctx, t, by, EventTicketUpdated, openOnly, func(d *Ticket) error {
		if !d.hasMember(userID) {
			d.Members = append(d.Members, userID)
		}
		return nil
	})
	s.settleAccess(ctx, t, &next, saved, err)
	if err == nil {
		s.post(ctx, saved, fmt.Sprintf("➕ <@%s> added <@%s> to the ticket.", by, userID))
	}
	return saved, err
}

// RemoveMember takes an added member out of the ticket.
func (s *Service) RemoveMember(ctx context.Context, t *Ticket, userID, by string) (*Ticket, error) {
	if userID == t.OpenerID {
		return nil, core.BadRequest("the member who opened ticket #%d cannot be removed from it; close it instead", t.Number)
	}
	if !slices.Contains(t.Members, userID) {
		return nil, core.Errorf(core.CodeNotFound, "<@%s> is not in ticket #%d", userID, t.Number)
	}
	next := *t
	next.Members = slices.DeleteFunc(slices.Clone(t.Members), func(m string) bool { return m == userID })
	if err := s.applyAccess(ctx, &next, true, userID, false); err != nil {
		return nil, err
	}
	saved, err := s.update(ctx, t, by, EventTicketUpdated, openOnly, func(d *Ticket) error {
		d.Members = slices.DeleteFunc(d.Members, func(m string) bool { return m == userID })
		return nil
	})
	s.settleAccess(ctx, t, &next, saved, err)
	if err == nil {
		s.post(ctx, saved, fmt.Sprintf("➖ <@%s> removed <@%s> from the ticket.", by, userID))
	}
	return saved, err
}

// settleAccess makes a channel's overwrites agree with the stored ticket
// after an add or remove. Those set the overwrites before their write (so
// that a refusal by Discord saves nothing) from the ticket as read; when
// the write then lost to another change (a member added at the same
// moment, a close) or failed, the overwrites are set again from the
// ticket as stored, so no one keeps or loses access by the race.
func (s *Service) settleAccess(ctx context.Context, read, applied, saved *Ticket, writeErr error) {
	if read.Mode == ModeThread {
		return // thread members are added and removed one by one
	}
	if writeErr == nil && saved.Status == StatusOpen && slices.Equal(saved.Members, applied.Members) {
		return
	}
	cur, err := s.st.tickets.Get(ctx, read.ID)
	if err != nil {
		s.log.Warn("ticket access not settled", "guild", read.GuildID, "ticket", read.Number, "err", err)
		return
	}
	if err := s.applyAccess(ctx, cur, cur.Status == StatusOpen, "", false); err != nil {
		s.log.Warn("ticket access not settled", "guild", read.GuildID, "ticket", read.Number, "err", err)
	}
}

// Rename renames the ticket's channel or thread.
func (s *Service) Rename(ctx context.Context, t *Ticket, name, by string) (*Ticket, error) {
	name = channelName(strings.TrimSpace(name), t.Number, "", t.Category)
	if err := checkLen("name", name, maxChannelName, true); err != nil {
		return nil, err
	}
	dc := s.dc()
	var err error
	if t.Mode == ModeThread {
		err = dc.EditThread(ctx, t.ChannelID, core.ThreadEdit{Name: &name}, "ticket renamed")
	} else {
		err = dc.EditChannel(ctx, t.ChannelID, core.ChannelEdit{Name: &name}, "ticket renamed")
	}
	if err != nil {
		return nil, err
	}
	return s.update(ctx, t, by, EventTicketUpdated, []Status{StatusOpen, StatusClosed}, func(d *Ticket) error { d.Name = name; return nil })
}

// applyAccess brings the channel's permissions (or the thread's members)
// in line with the ticket: changed is the member added (add) or removed.
func (s *Service) applyAccess(ctx context.Context, t *Ticket, open bool, changed string, add bool) error {
	dc := s.dc()
	if t.Mode == ModeThread {
		if changed == "" {
			return nil
		}
		if add {
			return dc.AddThreadMember(ctx, t.ChannelID, changed)
		}
		return dc.RemoveThreadMember(ctx, t.ChannelID, changed)
	}
	cfg, err := s.Config(ctx, t.GuildID)
	if err != nil {
		return err
	}
	c := s.category(ctx, t)
	if c == nil {
		c = &Category{}
	}
	ow := overwrites(t, c, cfg, dc.BotID(), open)
	return dc.EditChannel(ctx, t.ChannelID, core.ChannelEdit{Overwrites: &ow}, fmt.Sprintf("ticket #%d access", t.Number))
}

// post sends a notice in the ticket's channel; a failure is logged, as
// the change it tells of has been made.
func (s *Service) post(ctx context.Context, t *Ticket, text string) {
	if t.ChannelID == "" {
		return
	}
	if _, err := s.dc().Send(ctx, t.ChannelID, core.Response{Content: text, Mentions: core.NoMentions}); err != nil {
		s.log.Warn("ticket notice not posted", "guild", t.GuildID, "ticket", t.Number, "err", err)
	}
}

// welcome posts the ticket's first message: the welcome text, the
// answers, and the Claim and Close buttons.
func (s *Service) welcome(ctx context.Context, t *Ticket, c *Category) {
	text := c.Welcome
	if text == "" {
		text = "Hello {user}, thank you for reaching out. Staff will be with you shortly."
	}
	text = strings.ReplaceAll(text, "{user}", "<@"+t.OpenerID+">")
	emb := core.Embed{Title: fmt.Sprintf("Ticket #%d: %s", t.Number, t.CategoryLabel), Color: 0x5865F2}
	for _, a := range t.Answers {
		v := a.Answer
		if v == "" {
			v = "—"
		}
		if len(v) > 1024 {
			v = v[:1021] + "…"
		}
		emb.Fields = append(emb.Fields, core.EmbedField{Name: a.Question, Value: v})
	}
	mentions := &core.AllowedMentions{Users: []string{t.OpenerID}}
	if t.Mode == ModeThread && c != nil {
		// Mentioning the staff roles (the category's and the guild-wide
		// ones) brings their members into the private thread.
		roles := slices.Clone(c.StaffRoles)
		if cfg, err := s.Config(ctx, t.GuildID); err == nil {
			for _, r := range cfg.StaffRoles {
				if !slices.Contains(roles, r) {
					roles = append(roles, r)
				}
			}
		}
		mentions.Roles = roles
		for _, r := range roles {
			text += " <@&" + r + ">"
		}
	}
	_, err := s.dc().Send(ctx, t.ChannelID, core.Response{Content: text, Embeds: []core.Embed{emb}, Mentions: mentions,
		Components: []core.ActionRow{ticketButtons(t)}})
	if err != nil {
		s.log.Warn("ticket welcome not posted", "guild", t.GuildID, "ticket", t.Number, "err", err)
	}
}

// ticketButtons are the buttons under a ticket's welcome message.
func ticketButtons(t *Ticket) core.ActionRow {
	return core.ActionRow{
		core.Button{Style: core.ButtonSuccess, Label: "Claim", Emoji: "🙋", CustomID: actionID("claim", t.ID)},
		core.Button{Style: core.ButtonDanger, Label: "Close", Emoji: "🔒", CustomID: actionID("close", t.ID)},
	}
}
