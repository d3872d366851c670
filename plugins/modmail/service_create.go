package modmail

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/disgoorg/snowflake/v2"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Open opens a conversation from a member's pending message, so that
// nothing is half-created: the record is inserted "opening" (which claims
// its number), the channel is created and noted on it, the card and the
// first message are posted, and only then is it marked open and
// announced. When Discord refuses the channel the record is removed and
// the member told why; an opening interrupted by a crash is settled by the
// scheduler (sweepOpenings).
func (s *Service) Open(ctx context.Context, d *Draft, guildID, department string) (*Conversation, error) {
	cfg, err := s.Config(ctx, guildID)
	if err != nil {
		return nil, err
	}
	if why := s.refusal(ctx, cfg, guildID, d.UserID); why != "" {
		return nil, core.Errorf(core.CodeForbidden, "%s", why)
	}
	if cur, err := s.openOf(ctx, d.UserID); err != nil {
		return nil, err
	} else if cur != nil {
		return nil, core.Errorf(core.CodeConflict, "you already have an open conversation (#%d); write here to add to it", cur.Number)
	}
	dep, err := cfg.department(department)
	if err != nil {
		return nil, err
	}
	now := s.now()
	conv := &Conversation{GuildID: guildID, UserID: d.UserID, UserName: d.UserName, Status: StatusOpening, Waiting: true,
		Department: dep.Name, Priority: "normal", CreatedAt: now, UpdatedAt: now, UpdatedBy: d.UserID, LastMessageAt: now, Actions: []Action{}}
	if _, err := s.st.convs.InsertNumbered(ctx, conv, "number"); err != nil {
		return nil, fmt.Errorf("modmail: insert a conversation in guild %s: %w", guildID, err)
	}
	channelID, thread, err := s.createChannel(ctx, cfg, dep, conv)
	if err != nil {
		s.abandon(ctx, conv, err)
		return nil, openError(err)
	}
	conv, _, err = s.st.update(ctx, conv.ID, []Status{StatusOpening}, func(c *Conversation) error {
		c.ChannelID, c.Thread = channelID, thread
		return nil
	})
	if err != nil || conv == nil {
		return nil, fmt.Errorf("modmail: note the channel of a new conversation in guild %s: %v", guildID, err)
	}
	s.postCard(ctx, conv, dep)
	return s.finishOpening(ctx, conv, d, cfg)
}

// finishOpening relays the first message and marks the conversation open.
func (s *Service) finishOpening(ctx context.Context, conv *Conversation, d *Draft, cfg *Config) (*Conversation, error) {
	opened, ok, err := s.st.update(ctx, conv.ID, []Status{StatusOpening}, func(c *Conversation) error {
		c.Status = StatusOpen
		s.scheduleIdle(c, cfg)
		return nil
	})
	if err != nil || !ok {
		return nil, fmt.Errorf("modmail: mark conversation #%d of guild %s open: %v", conv.Number, conv.GuildID, err)
	}
	s.Cancel(ctx, d.UserID)
	s.broadcast(opened.GuildID, EventConversationCreated, opened)
	s.stats.Mark(opened.GuildID)
	_ = s.pc.RecordActivity(ctx, core.Activity{Type: core.ActivityInfo, Kind: "conversation", GuildID: opened.GuildID, UserID: opened.UserID,
		Message: fmt.Sprintf("Modmail #%d opened by %s", opened.Number, opened.UserName), Timestamp: opened.CreatedAt})
	if d.Content != "" || len(d.Attachments) > 0 {
		in := Incoming{UserID: d.UserID, UserName: d.UserName, MessageID: d.MessageID, Content: d.Content, Attachments: d.Attachments, At: d.CreatedAt}
		if in.MessageID == "" || !core.IsSnowflake(in.MessageID) {
			in.MessageID = ""
		}
		if _, err := s.relayUser(ctx, opened, in); err != nil {
			s.log.Warn("relay the first message", "guild", opened.GuildID, "conversation", opened.Number, "err", err)
		}
		if cur, err := s.st.convs.Get(ctx, opened.ID); err == nil {
			opened = cur
		}
	}
	return opened, nil
}

// abandon removes the record of a conversation whose channel could not be
// created, and logs why.
func (s *Service) abandon(ctx context.Context, conv *Conversation, why error) {
	s.log.Warn("conversation not opened", "guild", conv.GuildID, "user", conv.UserID, "number", conv.Number, "err", why)
	if _, err := s.st.convs.Delete(ctx, conv.ID, 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Error("remove the record of an unopened conversation", "guild", conv.GuildID, "number", conv.Number, "err", err)
	}
}

// openError is what the member is told when Discord refused the channel.
func openError(err error) error {
	switch {
	case errors.Is(err, core.ErrDiscordLimitReached):
		return core.Errorf(core.CodeUnavailable, "the staff's inbox is full right now (too many open conversations); please try again later")
	case errors.Is(err, core.ErrDiscordMissingPermissions):
		return core.Errorf(core.CodeUnavailable, "the server has not given me the permission to open a conversation channel; please tell a staff member another way")
	case errors.Is(err, errNotConfigured):
		return core.Errorf(core.CodeUnavailable, "the server's modmail is not set up yet (no category); please tell a staff member another way")
	}
	return core.Errorf(core.CodeUnavailable, "I could not open a conversation channel just now; please try again in a minute")
}

var errNotConfigured = errors.New("modmail: no category or threads channel configured")

// createChannel creates the staff channel in the department's category or
// the config's, overflowing into the second category when the first holds
// Discord's 50 channels; or the private thread.
func (s *Service) createChannel(ctx context.Context, cfg *Config, dep Department, conv *Conversation) (string, bool, error) {
	name := channelName(conv.UserName, conv.Number)
	reason := fmt.Sprintf("modmail conversation #%d", conv.Number)
	if cfg.UseThreads {
		if cfg.ThreadChannelID == "" {
			return "", false, errNotConfigured
		}
		id, err := s.dc().CreateThread(ctx, cfg.ThreadChannelID, core.ThreadSpec{Name: name, Private: true, AutoArchive: 7 * 24 * time.Hour}, reason)
		return id, true, err
	}
	parent := dep.CategoryID
	if parent == "" {
		parent = cfg.CategoryID
	}
	if parent == "" {
		return "", false, errNotConfigured
	}
	topic := fmt.Sprintf("Modmail #%d with %s (%s)", conv.Number, conv.UserName, conv.UserID)
	id, err := s.dc().CreateChannel(ctx, conv.GuildID, core.ChannelSpec{Name: name, ParentID: parent, Topic: topic}, reason)
	if errors.Is(err, core.ErrDiscordLimitReached) && cfg.OverflowCategoryID != "" && cfg.OverflowCategoryID != parent {
		s.log.Info("modmail category full; using the overflow category", "guild", conv.GuildID, "category", parent)
		id, err = s.dc().CreateChannel(ctx, conv.GuildID, core.ChannelSpec{Name: name, ParentID: cfg.OverflowCategoryID, Topic: topic}, reason)
	}
	return id, false, err
}

// Card is what staff see of a member when a conversation opens.
type Card struct {
	UserID         string    `json:"userId"`
	UserName       string    `json:"userName"`
	AccountCreated time.Time `json:"accountCreated"`
	// Joined is when the member joined the guild; absent when unknown or
	// not a member.
	Joined *time.Time        `json:"joined,omitempty"`
	Member bool              `json:"member"`
	Roles  []string          `json:"roles"`
	Past   int64             `json:"pastConversations"`
	Notes  []core.MemberNote `json:"notes"`
}

// UserCard gathers the member's card: account age, roles, past
// conversations and what other plugins note about them (moderation's
// active cases, through core.MemberNoter).
func (s *Service) UserCard(ctx context.Context, guildID, userID, userName string) Card {
	c := Card{UserID: userID, UserName: userName, Roles: []string{}, Notes: []core.MemberNote{}}
	if id, err := snowflake.Parse(userID); err == nil {
		c.AccountCreated = id.Time().UTC()
	}
	if m, err := s.dc().Member(ctx, guildID, userID); err == nil && m.IsMember {
		c.Member, c.Roles = true, m.Roles
		if !m.JoinedAt.IsZero() {
			joined := m.JoinedAt.UTC()
			c.Joined = &joined
		}
	}
	if n, err := s.st.convs.Count(ctx, store.Where("guildId", guildID).Where("userId", userID)); err == nil && n > 0 {
		c.Past = n - 1
	}
	if notes := s.pc.MemberNotes(ctx, guildID, userID); notes != nil {
		c.Notes = notes
	}
	return c
}

// postCard heads the channel with the member's card.
func (s *Service) postCard(ctx context.Context, conv *Conversation, dep Department) {
	card := s.UserCard(ctx, conv.GuildID, conv.UserID, conv.UserName)
	fields := []core.EmbedField{
		{Name: "Account created", Value: fmt.Sprintf("<t:%d:R>", card.AccountCreated.Unix()), Inline: true},
		{Name: "Past conversations", Value: fmt.Sprint(card.Past), Inline: true},
	}
	if card.Joined != nil {
		fields = append(fields, core.EmbedField{Name: "Joined the server", Value: fmt.Sprintf("<t:%d:R>", card.Joined.Unix()), Inline: true})
	}
	if dep.Name != "" {
		fields = append(fields, core.EmbedField{Name: "Department", Value: dep.Name, Inline: true})
	}
	if len(card.Roles) > 0 {
		roles := make([]string, 0, len(card.Roles))
		for _, r := range card.Roles {
			roles = append(roles, "<@&"+r+">")
		}
		fields = append(fields, core.EmbedField{Name: "Roles", Value: clip(strings.Join(roles, " "), 1000)})
	}
	if len(card.Notes) > 0 {
		lines := make([]string, 0, len(card.Notes))
		for _, n := range card.Notes {
			lines = append(lines, "• "+n.Text)
		}
		fields = append(fields, core.EmbedField{Name: "Notes", Value: clip(strings.Join(lines, "\n"), 1000)})
	}
	msg := core.Response{Embeds: []core.Embed{{Title: fmt.Sprintf("Modmail #%d: %s", conv.Number, conv.UserName),
		Description: fmt.Sprintf("<@%s> (%s). Answer with /reply, /areply or /note; /modmail close to close.", conv.UserID, conv.UserID),
		Fields:      fields, Color: 0x5865F2}}}
	// The department's role is pinged. A private thread shows only to
	// those it mentions (and Manage Threads), so there every staff role
	// is mentioned too, or staff would never see the conversation.
	roles := []string{}
	if dep.RoleID != "" {
		roles = append(roles, dep.RoleID)
	}
	if conv.Thread {
		if cfg, err := s.Config(ctx, conv.GuildID); err == nil {
			for _, r := range cfg.StaffRoles {
				if !slices.Contains(roles, r) {
					roles = append(roles, r)
				}
			}
		}
	}
	if len(roles) > 0 {
		mentions := make([]string, len(roles))
		for i, r := range roles {
			mentions[i] = "<@&" + r + ">"
		}
		msg.Content = strings.Join(mentions, " ")
		msg.Mentions = &core.AllowedMentions{Roles: roles}
	}
	if _, err := s.dc().Send(ctx, conv.ChannelID, msg); err != nil {
		s.log.Warn("post the user card", "guild", conv.GuildID, "conversation", conv.Number, "err", err)
	}
}
