package modmail

import (
	"context"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// demoPastConversation is one conversation of the demo's past: when
// (hours before the end of the week), with which member (an index into
// the world's members), the exchange, and how long staff took.
type demoPastConversation struct {
	hoursAgo      float64
	member        int
	department    string
	lines         []string // member, staff, member, staff, ...
	replyMinutes  int
	closeAfterHrs float64 // zero: still open
}

// demoPast is a week of a server's modmail, oldest first.
var demoPast = []demoPastConversation{
	{165, 1, "", []string{"hi, I was muted and I don't know why", "Hi! You were timed out for repeated links in #general. It ends in an hour.", "ok, sorry about that"}, 6, 2},
	{140, 4, "", []string{"how do I appeal a ban?", "Appeals are reviewed within 48 hours; tell us what happened.", "my friend used my account", "Thanks, we'll look into it."}, 25, 30},
	{118, 6, "", []string{"someone is sending me spam links", "Thanks for the report, we've banned the account."}, 3, 1},
	{96, 2, "", []string{"can I apply to be a moderator?", "Applications open next month; watch #announcements!"}, 42, 5},
	{71, 8, "", []string{"the bot deleted my message", "Automod removes invite links; post it in #partners instead."}, 11, 3},
	{49, 3, "", []string{"is the event still on tonight?", "Yes, 8pm UTC in the Stage channel."}, 4, 1},
	{26, 5, "", []string{"I think my account was hacked", "Please change your password and enable 2FA; we removed the spam."}, 2, 6},
	{6, 7, "", []string{"hi, I was muted and I don't know why", "It was automod: a link in #general. It has ended now."}, 14, 1},
	{2, 9, "", []string{"how do I appeal a ban?", "Hi! Tell us your username on the banned account.", "it's jordan_alt"}, 9, 0.5},
}

// BackfillDemo implements core.DemoHistorian: a week of conversations
// with their messages and the demo moderator's replies, all closed (the
// live DMs open new ones), each recorded as activity at its time. It runs
// before the bot connects, so it writes every demo guild's past. A guild
// with any conversation already has a past and is left alone.
func (p *Plugin) BackfillDemo(ctx context.Context, guildID string, world core.DemoWorld, _, to time.Time) error {
	existing, err := p.svc.st.convs.Find(ctx, store.Where("guildId", guildID).OrderBy("-number").Limit(1))
	if err != nil {
		return fmt.Errorf("modmail: backfill demo guild %s: %w", guildID, err)
	}
	if len(existing) > 0 || len(world.Members) == 0 {
		return nil
	}
	for _, d := range demoPast {
		if err := p.backfillOne(ctx, guildID, world, to, d); err != nil {
			return fmt.Errorf("modmail: backfill demo guild %s: %w", guildID, err)
		}
	}
	p.svc.stats.Mark(guildID)
	return nil
}

func (p *Plugin) backfillOne(ctx context.Context, guildID string, world core.DemoWorld, to time.Time, d demoPastConversation) error {
	at := to.Add(-time.Duration(d.hoursAgo * float64(time.Hour))).UTC().Truncate(time.Millisecond)
	user := world.Members[d.member%len(world.Members)]
	name := "member"
	if n := p.pc.Names(); n != nil {
		if ms, err := n.Members(ctx, guildID, []string{user}); err == nil && len(ms) == 1 {
			name = ms[0].Username
		}
	}
	c := &Conversation{GuildID: guildID, UserID: user, UserName: name, Status: StatusOpen, Priority: "normal", Department: d.department,
		CreatedAt: at, UpdatedAt: at, UpdatedBy: user, LastMessageAt: at, Actions: []Action{}}
	var msgs []*Message
	t := at
	for i, line := range d.lines {
		m := &Message{GuildID: guildID, Kind: KindUser, AuthorID: user, Content: line, CreatedAt: t}
		if i%2 == 1 {
			m.Kind, m.AuthorID = KindReply, world.ModeratorID
			if c.FirstResponseAt == nil {
				first := t
				c.FirstResponseAt, c.FirstResponder = &first, world.ModeratorID
			}
		}
		msgs = append(msgs, m)
		c.LastMessageAt, c.Waiting = t, m.Kind == KindUser
		t = t.Add(time.Duration(d.replyMinutes+1) * time.Minute)
	}
	c.Messages = len(msgs)
	if d.closeAfterHrs > 0 {
		closed := at.Add(time.Duration(d.closeAfterHrs * float64(time.Hour)))
		c.Status, c.ClosedAt, c.ClosedBy, c.Waiting = StatusClosed, &closed, world.ModeratorID, false
		c.act(closed, world.ModeratorID, "close", "")
	}
	if _, err := p.svc.st.convs.InsertNumbered(ctx, c, "number"); err != nil {
		return err
	}
	for _, m := range msgs {
		m.ConversationID, m.Number = c.ID, c.Number
		if err := p.svc.st.insertMessage(ctx, m); err != nil {
			return err
		}
	}
	return p.pc.RecordActivity(ctx, core.Activity{Type: core.ActivityInfo, Kind: "conversation", GuildID: guildID, UserID: user,
		Message: fmt.Sprintf("Modmail #%d opened", c.Number), Timestamp: at})
}

var _ core.DemoHistorian = (*Plugin)(nil)
