package tickets

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// OpenRequest is a member asking for a ticket: from a panel's button or
// menu (and its modal), or /ticket open.
type OpenRequest struct {
	GuildID, PanelID, Category string
	UserID, Username           string
	// Answers are the modal's inputs by custom id ("q0".."q4").
	Answers map[string]string
}

// questionID is a question's input custom id in the modal.
func questionID(i int) string { return "q" + strconv.Itoa(i) }

// OpenTarget returns the panel and category a request names, refusing a
// closed category, so that a button can refuse before showing a modal.
func (s *Service) OpenTarget(ctx context.Context, guildID, panelID, key string) (*Panel, *Category, error) {
	p, err := s.panels.Get(ctx, guildID, panelID)
	if err != nil {
		return nil, nil, core.Errorf(core.CodeNotFound, "this ticket panel no longer exists; ask staff to post a new one")
	}
	c, ok := p.category(key)
	if !ok {
		return nil, nil, core.Errorf(core.CodeNotFound, "this panel has no category %q any more", key)
	}
	if c.Closed {
		return nil, nil, core.Errorf(core.CodeConflict, "%s is not accepting new tickets right now", c.Label)
	}
	return p, c, nil
}

// answers checks the modal's answers against the questions and Discord's
// limits, in the questions' order.
func answers(c *Category, in map[string]string) ([]Answer, error) {
	out := make([]Answer, 0, len(c.Questions))
	for i, q := range c.Questions {
		a := strings.TrimSpace(in[questionID(i)])
		if q.Required && a == "" {
			return nil, core.BadRequest("%q needs an answer", q.Label)
		}
		if n := utf8.RuneCountInString(a); n > q.answerLimit() {
			return nil, core.BadRequest("your answer to %q is %d characters; at most %d fit", q.Label, n, q.answerLimit())
		}
		out = append(out, Answer{Question: q.Label, Answer: a})
	}
	return out, nil
}

// Open opens a ticket. Nothing is left half-made: the one-per-member slot
// is taken, the ticket inserted as "opening" (which claims its number),
// its channel or thread created, and only then is it marked open and
// announced; any failure undoes what was done before it.
func (s *Service) Open(ctx context.Context, req OpenRequest) (*Ticket, error) {
	p, c, err := s.OpenTarget(ctx, req.GuildID, req.PanelID, req.Category)
	if err != nil {
		return nil, err
	}
	ans, err := answers(c, req.Answers)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	t := &Ticket{Meta: store.Meta{ID: store.NewID()}, GuildID: req.GuildID, PanelID: p.ID, Category: c.Key, CategoryLabel: c.Label,
		OpenerID: req.UserID, Status: StatusOpening, Mode: c.Mode, Answers: ans, Members: []string{},
		CreatedAt: now, UpdatedAt: now, UpdatedBy: req.UserID, LastActivityAt: now}
	if !c.AllowMultiple {
		if err := s.takeSlot(ctx, t); err != nil {
			return nil, err
		}
	}
	if _, err := s.st.tickets.InsertNumbered(ctx, t, "number"); err != nil {
		s.releaseSlot(ctx, t)
		return nil, fmt.Errorf("tickets: insert ticket in guild %s: %w", req.GuildID, err)
	}
	t.Name = channelName(c.NameTemplate, t.Number, req.Username, c.Key)
	// The channel is created before its record names it: a failure
	// between the two is settled by the scheduler (settleOpenings).
	channelID, err := s.createChannel(ctx, p, c, t)
	if err != nil {
		s.abandon(ctx, t)
		return nil, err
	}
	opened, err := s.markOpen(ctx, t.ID, channelID, t.Name)
	if err != nil {
		if derr := s.dc().DeleteChannel(ctx, channelID, "ticket not saved"); derr != nil {
			s.log.Warn("ticket channel left after a failed save", "guild", t.GuildID, "channel", channelID, "err", derr)
		}
		s.abandon(ctx, t)
		return nil, err
	}
	s.cacheChannel(channelID, opened.ID)
	s.broadcast(opened.GuildID, EventTicketCreated, opened)
	s.stats.Mark(opened.GuildID)
	s.welcome(ctx, opened, c)
	_ = s.pc.RecordActivity(ctx, core.Activity{Type: core.ActivityInfo, Kind: "ticket", GuildID: opened.GuildID, UserID: opened.OpenerID,
		Plugin: ID, Message: fmt.Sprintf("Ticket #%d opened (%s)", opened.Number, opened.CategoryLabel)})
	return opened, nil
}

// takeSlot holds the member's one ticket of the category, or refuses
// naming the ticket they already have.
func (s *Service) takeSlot(ctx context.Context, t *Ticket) error {
	sl := &slot{Meta: store.Meta{ID: slotID(t.GuildID, t.PanelID, t.Category, t.OpenerID)}, TicketID: t.ID}
	err := s.st.slots.Insert(ctx, sl)
	if !errors.Is(err, store.ErrDuplicate) {
		if err != nil {
			return fmt.Errorf("tickets: hold a ticket slot in guild %s: %w", t.GuildID, err)
		}
		return nil
	}
	held, gerr := s.st.slots.Get(ctx, sl.ID)
	if gerr == nil {
		if other, oerr := s.st.tickets.Get(ctx, held.TicketID); oerr == nil && other.ChannelID != "" {
			return &core.Error{Code: core.CodeConflict, Message: fmt.Sprintf("you already have an open %s ticket: <#%s>", t.CategoryLabel, other.ChannelID), Err: err}
		}
	}
	return &core.Error{Code: core.CodeConflict, Message: fmt.Sprintf("you already have an open %s ticket", t.CategoryLabel), Err: err}
}

// releaseSlot frees the member's slot if this ticket holds it.
func (s *Service) releaseSlot(ctx context.Context, t *Ticket) {
	id := slotID(t.GuildID, t.PanelID, t.Category, t.OpenerID)
	held, err := s.st.slots.Get(ctx, id)
	if err != nil || held.TicketID != t.ID {
		return
	}
	if _, err := s.st.slots.Delete(ctx, id, held.Version); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Warn("ticket slot not released", "guild", t.GuildID, "ticket", t.Number, "err", err)
	}
}

// abandon removes a ticket whose opening failed, and its slot.
func (s *Service) abandon(ctx context.Context, t *Ticket) {
	if _, err := s.st.tickets.Delete(ctx, t.ID, 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Warn("abandoned ticket not removed; the scheduler will", "guild", t.GuildID, "ticket", t.Number, "err", err)
		return
	}
	s.releaseSlot(ctx, t)
}

// markOpen records the ticket's channel and opens it, with its first
// auto-close time.
func (s *Service) markOpen(ctx context.Context, id, channelID, name string) (*Ticket, error) {
	t, ok, err := s.st.updateTicket(ctx, id, []Status{StatusOpening}, func(t *Ticket) error {
		t.ChannelID, t.Status = channelID, StatusOpen
		if name != "" {
			t.Name = name
		}
		return nil
	})
	if err == nil && !ok {
		err = errors.New("the ticket was removed while its channel was being created")
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: open ticket %s: %w", id, err)
	}
	return s.schedule(ctx, t)
}

// createChannel creates the ticket's channel (overflowing into the
// category's overflow when the first is full) or private thread.
func (s *Service) createChannel(ctx context.Context, p *Panel, c *Category, t *Ticket) (string, error) {
	dc := s.dc()
	reason := fmt.Sprintf("ticket #%d opened by %s", t.Number, t.OpenerID)
	if c.Mode == ModeThread {
		parent := c.ParentID
		if parent == "" {
			parent = p.ChannelID
		}
		id, err := dc.CreateThread(ctx, parent, core.ThreadSpec{Name: t.Name, Private: true, AutoArchive: 7 * 24 * time.Hour}, reason)
		if err != nil {
			return "", openError(err)
		}
		if err := dc.AddThreadMember(ctx, id, t.OpenerID); err != nil {
			_ = dc.DeleteChannel(ctx, id, "ticket not opened")
			return "", openError(err)
		}
		return id, nil
	}
	cfg, err := s.Config(ctx, t.GuildID)
	if err != nil {
		return "", err
	}
	spec := core.ChannelSpec{Name: t.Name, ParentID: c.ParentID, Topic: fmt.Sprintf("Ticket #%d: %s", t.Number, c.Label),
		Overwrites: overwrites(t, c, cfg, dc.BotID(), true)}
	id, err := dc.CreateChannel(ctx, t.GuildID, spec, reason)
	if errors.Is(err, core.ErrDiscordLimitReached) && c.OverflowParentID != "" {
		s.log.Info("ticket category full; using the overflow category", "guild", t.GuildID, "category", c.ParentID)
		spec.ParentID = c.OverflowParentID
		id, err = dc.CreateChannel(ctx, t.GuildID, spec, reason)
	}
	if err != nil {
		return "", openError(err)
	}
	return id, nil
}

// openError says what stopped a ticket's channel, for the member and
// staff alike.
func openError(err error) error {
	switch {
	case errors.Is(err, core.ErrDiscordLimitReached):
		return &core.Error{Code: core.CodeConflict, Message: "tickets are full right now (the ticket category has Discord's maximum of 50 channels); please try again later or tell staff", Err: err}
	case errors.Is(err, core.ErrDiscordMissingPermissions):
		return &core.Error{Code: core.CodeForbidden, Message: "Warden lacks the permission to create ticket channels (Manage Channels and Manage Threads); tell staff", Err: err}
	}
	return fmt.Errorf("tickets: create the ticket channel: %w", err)
}

// overwrites are a ticket channel's permissions: hidden from everyone,
// visible to its participants (while open) and staff, and to the bot.
func overwrites(t *Ticket, c *Category, cfg *Config, botID string, open bool) []core.PermissionOverwrite {
	const talk = core.PermViewChannel | core.PermSendMessages | core.PermReadMessageHistory | core.PermAttachFiles
	out := []core.PermissionOverwrite{{ID: t.GuildID, Role: true, Deny: core.PermViewChannel}}
	if botID != "" {
		out = append(out, core.PermissionOverwrite{ID: botID, Allow: talk | core.PermManageChannels | core.PermManageMessages})
	}
	seen := map[string]bool{}
	for _, r := range append(append([]string{}, cfg.StaffRoles...), c.StaffRoles...) {
		if !seen[r] {
			seen[r] = true
			out = append(out, core.PermissionOverwrite{ID: r, Role: true, Allow: talk | core.PermManageMessages})
		}
	}
	for _, u := range t.participants() {
		if open {
			out = append(out, core.PermissionOverwrite{ID: u, Allow: talk})
		} else {
			out = append(out, core.PermissionOverwrite{ID: u, Allow: core.PermViewChannel | core.PermReadMessageHistory, Deny: core.PermSendMessages})
		}
	}
	return out
}

// channelName renders a category's naming template as a channel name.
func channelName(tpl string, number int64, user, key string) string {
	name := strings.NewReplacer("{number}", fmt.Sprintf("%04d", number), "{user}", user, "{category}", key).Replace(tpl)
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	out := b.String()
	if out == "" {
		out = fmt.Sprintf("ticket-%04d", number)
	}
	if len(out) > maxChannelName {
		out = out[:maxChannelName]
	}
	return out
}

// checkSlot refuses early when the member already holds a ticket of the
// category (Open refuses again, atomically).
func (s *Service) checkSlot(ctx context.Context, guildID, panelID string, c *Category, userID string) error {
	held, err := s.st.slots.Get(ctx, slotID(guildID, panelID, c.Key, userID))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if t, err := s.st.tickets.Get(ctx, held.TicketID); err == nil && t.ChannelID != "" {
		return core.Errorf(core.CodeConflict, "you already have an open %s ticket: <#%s>", c.Label, t.ChannelID)
	}
	return core.Errorf(core.CodeConflict, "you already have an open %s ticket", c.Label)
}
