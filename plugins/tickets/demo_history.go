package tickets

import (
	"context"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// demoPastTicket is one ticket of the demo's past: opened hoursAgo (before
// the end of the week) by a member (an index into the world's members),
// claimed and closed so many minutes later (zero: not yet).
type demoPastTicket struct {
	hoursAgo      float64
	member        int
	category      string
	subject       string
	claimMin      int
	closeMin      int
	reason        string
	byAdmin, msgs bool
}

// demoPast is a week of a server's support tickets, oldest first.
var demoPast = []demoPastTicket{
	{164, 2, "help", "How do I get the Member role?", 6, 35, "explained the verification step", false, true},
	{150, 5, "report", "spam in DMs from a new account", 3, 22, "member banned", true, true},
	{139, 3, "help", "The music bot stopped working", 41, 95, "bot restarted", false, true},
	{121, 7, "help", "Can I advertise my server?", 12, 18, "no, see the rules", false, false},
	{110, 1, "report", "slurs in voice chat", 2, 60, "member timed out", true, true},
	{96, 4, "help", "I can't see #announcements", 8, 25, "role fixed", false, true},
	{80, 6, "help", "nickname changed by someone", 30, 70, "explained the nickname policy", true, false},
	{66, 0, "help", "appeal my warning from last week", 15, 240, "warning pardoned", true, true},
	{49, 8, "report", "someone posting scam links", 1, 14, "links removed, member banned", false, true},
	{33, 2, "help", "how do events work?", 20, 44, "pointed to #announcements", false, false},
	{20, 9, "help", "lost access to a channel", 5, 0, "", false, true},
	{7, 3, "report", "harassment in #general", 0, 0, "", false, true},
}

// BackfillDemo implements core.DemoHistorian: a week of past tickets of
// the demo panel's categories,
// claimed and closed by the demo's staff, each recorded as activity at
// its time. A guild that has any ticket is left alone.
func (p *Plugin) BackfillDemo(ctx context.Context, guildID string, world core.DemoWorld, _, to time.Time) error {
	s := p.svc
	existing, err := s.st.tickets.Find(ctx, store.Where("guildId", guildID).OrderBy("number").Limit(1))
	if err != nil {
		return fmt.Errorf("tickets: backfill demo guild %s: %w", guildID, err)
	}
	if len(existing) > 0 || len(world.Members) == 0 {
		return nil
	}
	// The past runs before the bot connects, so before the panel is
	// posted: its tickets name the demo panel's categories, and no panel.
	panel := &Panel{PanelInput: demoPanel(world)}
	for _, d := range demoPast {
		c, ok := panel.category(d.category)
		if !ok {
			continue
		}
		at := to.Add(-time.Duration(d.hoursAgo * float64(time.Hour))).UTC().Truncate(time.Millisecond)
		opener := world.Members[d.member%len(world.Members)]
		staff := world.ModeratorID
		if d.byAdmin {
			staff = world.AdminID
		}
		t := &Ticket{GuildID: guildID, Category: c.Key, CategoryLabel: c.Label, OpenerID: opener,
			Status: StatusOpen, Mode: c.Mode, Answers: []Answer{{Question: c.Questions[0].Label, Answer: d.subject}}, Members: []string{},
			CreatedAt: at, UpdatedAt: at, UpdatedBy: opener, LastActivityAt: at}
		if d.claimMin > 0 {
			claimed := at.Add(time.Duration(d.claimMin) * time.Minute)
			t.ClaimedBy, t.ClaimedAt, t.UpdatedAt, t.UpdatedBy = staff, &claimed, claimed, staff
		}
		if d.closeMin > 0 {
			closed := at.Add(time.Duration(d.closeMin) * time.Minute)
			t.Status, t.ClosedAt, t.ClosedBy, t.CloseReason, t.UpdatedAt, t.UpdatedBy = StatusDeleted, &closed, staff, d.reason, closed, staff
		}
		// Past tickets have no Discord channel any more (their channels
		// were deleted at close); open ones are shown without one.
		t.Name = channelName(c.NameTemplate, 0, "", c.Key)
		if _, err := s.st.tickets.InsertNumbered(ctx, t, "number"); err != nil {
			return fmt.Errorf("tickets: backfill demo guild %s: %w", guildID, err)
		}
		t.Name = channelName(c.NameTemplate, t.Number, "", c.Key)
		if _, err := s.st.tickets.Update(ctx, t.ID, func(d *Ticket) error { d.Name = t.Name; return nil }); err != nil {
			return fmt.Errorf("tickets: backfill demo guild %s: %w", guildID, err)
		}
		if d.msgs {
			if err := s.backfillMessages(ctx, t, staff, d.subject); err != nil {
				return err
			}
		}
		if err := s.pc.RecordActivity(ctx, core.Activity{Type: core.ActivityInfo, Kind: "ticket", GuildID: guildID, UserID: opener,
			Plugin: ID, Message: fmt.Sprintf("Ticket #%d opened (%s)", t.Number, c.Label), Timestamp: at}); err != nil {
			return fmt.Errorf("tickets: backfill demo guild %s: %w", guildID, err)
		}
	}
	return nil
}

// backfillMessages gives a past ticket a short conversation, so that its
// transcript has something to show.
func (s *Service) backfillMessages(ctx context.Context, t *Ticket, staff, subject string) error {
	lines := []struct {
		who, text string
		after     time.Duration
	}{
		{t.OpenerID, "Hi! " + subject, time.Minute},
		{staff, "Thanks for reaching out, looking into it now.", 4 * time.Minute},
		{t.OpenerID, "Thank you 🙏", 6 * time.Minute},
	}
	for i, l := range lines {
		m := &LoggedMessage{GuildID: t.GuildID, TicketID: t.ID, Number: t.Number, MessageID: fmt.Sprintf("demo-%s-%d", t.ID, i),
			AuthorID: l.who, Content: l.text, Embeds: []LoggedEmbed{}, Attachments: []Attachment{}, At: t.CreatedAt.Add(l.after)}
		if err := s.st.messages.Insert(ctx, m); err != nil {
			return fmt.Errorf("tickets: backfill messages of ticket #%d: %w", t.Number, err)
		}
	}
	_, err := s.st.tickets.Update(ctx, t.ID, func(d *Ticket) error { d.Messages = int64(len(lines)); return nil })
	return err
}
