package modmail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/warden-bot/warden/core"
)

// relayUser stores a member's message in their conversation, posts it in
// the staff channel (attachments within the size limit re-uploaded, the
// others named with why), and announces it.
func (s *Service) relayUser(ctx context.Context, conv *Conversation, in Incoming) (*Message, error) {
	cfg, err := s.Config(ctx, conv.GuildID)
	if err != nil {
		return nil, err
	}
	content := clip(in.Content, maxContentLen)
	files, atts := s.gather(ctx, in.Attachments, cfg.attachLimit())
	msg := &Message{GuildID: conv.GuildID, ConversationID: conv.ID, Number: conv.Number, Kind: KindUser, AuthorID: in.UserID,
		Content: content, Attachments: atts, DMMessageID: in.MessageID, CreatedAt: s.now()}
	post := core.Response{Content: clip(fmt.Sprintf("**%s**: %s%s", conv.UserName, content, skippedLines(atts)), 2000), Files: files, Mentions: core.NoMentions}
	if conv.ChannelID != "" {
		id, err := s.dc().Send(ctx, conv.ChannelID, post)
		if err != nil && len(files) > 0 {
			// Discord refused the upload: staff still get the text, with
			// the files named.
			s.log.Warn("a member's files not relayed", "guild", conv.GuildID, "conversation", conv.Number, "err", err)
			for i := range msg.Attachments {
				if msg.Attachments[i].Skipped == "" {
					msg.Attachments[i].Skipped = "Discord refused the upload"
				}
			}
			post.Files = nil
			post.Content = clip(fmt.Sprintf("**%s**: %s%s", conv.UserName, content, skippedLines(msg.Attachments)), 2000)
			id, err = s.dc().Send(ctx, conv.ChannelID, post)
		}
		if err != nil {
			s.log.Warn("post a member's message in the staff channel", "guild", conv.GuildID, "conversation", conv.Number, "err", err)
		}
		msg.ChannelMessageID = id
	}
	if err := s.st.insertMessage(ctx, msg); err != nil {
		return nil, err
	}
	if tooBig := skippedLines(msg.Attachments); tooBig != "" {
		_ = s.tell(ctx, in.UserID, core.Response{Content: "Some of your files were not passed on:" + tooBig})
	}
	updated, _, err := s.st.update(ctx, conv.ID, []Status{StatusOpen, StatusOpening}, func(c *Conversation) error {
		c.Messages++
		c.Waiting, c.LastMessageAt = true, msg.CreatedAt
		if in.UserName != "" {
			c.UserName = in.UserName
		}
		if c.DMChannelID == "" {
			c.DMChannelID = in.ChannelID
		}
		s.scheduleIdle(c, cfg)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("modmail: note a message on conversation #%d: %w", conv.Number, err)
	}
	s.broadcast(conv.GuildID, EventMessageReceived, msg)
	if updated != nil {
		s.broadcast(conv.GuildID, EventConversationUpdated, updated)
	}
	s.stats.Mark(conv.GuildID)
	return msg, nil
}

// skippedLines lists the attachments that were not relayed, one a line.
func skippedLines(atts []Attachment) string {
	var b strings.Builder
	for _, a := range atts {
		if a.Skipped != "" {
			fmt.Fprintf(&b, "\n-# %s was not passed on: %s", a.Name, a.Skipped)
		}
	}
	return b.String()
}

// gather downloads the attachments within the limit, which bounds the
// files of one message together (what Discord takes in one upload, and
// what Warden holds in memory for it); the others are kept with why they
// were skipped.
func (s *Service) gather(ctx context.Context, in []Attachment, limit int) ([]core.File, []Attachment) {
	var files []core.File
	out := make([]Attachment, 0, len(in))
	total := 0
	for _, a := range in {
		switch {
		case a.Size > limit:
			a.Skipped = fmt.Sprintf("it is %s, above the %s limit", humanSize(a.Size), humanSize(limit))
		case total+a.Size > limit:
			a.Skipped = fmt.Sprintf("with the files before it, the message is above the %s limit", humanSize(limit))
		case a.URL == "":
			a.Skipped = "it has no address"
		default:
			data, err := s.dc().DownloadAttachment(ctx, a.URL, limit)
			if err != nil {
				a.Skipped = "it could not be downloaded"
				s.log.Warn("fetch an attachment", "name", a.Name, "err", err)
				break
			}
			files = append(files, core.File{Name: a.Name, Data: data})
			total += len(data)
		}
		out = append(out, a)
	}
	return files, out
}

func humanSize(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}

// ReplyInput is a staff answer: text or a snippet's, named or anonymous.
type ReplyInput struct {
	Content   string `json:"content"`
	Snippet   string `json:"snippet"`
	Anonymous bool   `json:"anonymous"`
}

// Reply sends the member a staff answer by DM and copies it to the staff
// channel. When Discord refuses the DM (the member closed their DMs)
// nothing is stored and the error says so.
func (s *Service) Reply(ctx context.Context, guildID string, number int64, by string, in ReplyInput) (*Message, error) {
	conv, err := s.st.byNumber(ctx, guildID, number)
	if err != nil {
		return nil, err
	}
	if conv.Status != StatusOpen {
		return nil, core.Errorf(core.CodeConflict, "conversation #%d is %s; replies go to open conversations", number, conv.Status)
	}
	guild := s.guildName(ctx, guildID)
	staff := s.staffName(ctx, guildID, by)
	text, err := s.replyText(ctx, guildID, in, conv, guild, staff)
	if err != nil {
		return nil, err
	}
	kind, shown := KindReply, staff
	if in.Anonymous {
		kind, shown = KindAnonymous, "Staff"
	}
	dmText := clip(fmt.Sprintf("**%s** (%s): %s", shown, guild, text), 2000)
	dmChannel, dmID, err := s.dc().SendDMMessage(ctx, conv.UserID, core.Response{Content: dmText, Mentions: core.NoMentions})
	if err != nil {
		if errors.Is(err, core.ErrDiscordDMsRefused) {
			return nil, core.Errorf(core.CodeConflict, "the member does not accept direct messages from the bot; nothing was sent")
		}
		return nil, fmt.Errorf("modmail: DM a reply on conversation #%d: %w", number, err)
	}
	label := "reply from **" + staff + "**"
	if in.Anonymous {
		label = "anonymous reply by **" + staff + "**"
	}
	msg := &Message{GuildID: guildID, ConversationID: conv.ID, Number: conv.Number, Kind: kind, AuthorID: by, Content: text,
		DMMessageID: dmID, CreatedAt: s.now()}
	msg.ChannelMessageID = s.postCopy(ctx, conv, fmt.Sprintf("↩ %s: %s", label, text))
	return msg, s.recordStaff(ctx, conv, msg, func(c *Conversation) {
		c.Waiting = false
		c.DMChannelID = dmChannel
		if c.FirstResponseAt == nil {
			at := msg.CreatedAt
			c.FirstResponseAt, c.FirstResponder = &at, by
		}
	})
}

// replyText is the text of a reply: its own or its snippet's, rendered.
func (s *Service) replyText(ctx context.Context, guildID string, in ReplyInput, conv *Conversation, guild, staff string) (string, error) {
	if in.Snippet == "" {
		return checkContent("content", in.Content)
	}
	if in.Content != "" {
		return "", core.BadRequest("content: give either content or a snippet, not both")
	}
	cfg, err := s.Config(ctx, guildID)
	if err != nil {
		return "", err
	}
	sn, err := cfg.snippet(in.Snippet)
	if err != nil {
		return "", err
	}
	return checkContent("snippet", render(sn.Text, conv.UserName, guild, staff))
}

// Note adds a note to the conversation that only staff see.
func (s *Service) Note(ctx context.Context, guildID string, number int64, by, content string) (*Message, error) {
	text, err := checkContent("content", content)
	if err != nil {
		return nil, err
	}
	conv, err := s.st.byNumber(ctx, guildID, number)
	if err != nil {
		return nil, err
	}
	msg := &Message{GuildID: guildID, ConversationID: conv.ID, Number: conv.Number, Kind: KindNote, AuthorID: by, Content: text, CreatedAt: s.now()}
	if conv.Status == StatusOpen {
		msg.ChannelMessageID = s.postCopy(ctx, conv, fmt.Sprintf("📝 note by **%s**: %s", s.staffName(ctx, guildID, by), text))
	}
	return msg, s.recordStaff(ctx, conv, msg, func(*Conversation) {})
}

// postCopy posts a line in the staff channel and returns its id ("" when
// Discord refused; the message is kept all the same).
func (s *Service) postCopy(ctx context.Context, conv *Conversation, text string) string {
	if conv.ChannelID == "" {
		return ""
	}
	id, err := s.dc().Send(ctx, conv.ChannelID, core.Response{Content: clip(text, 2000), Mentions: core.NoMentions})
	if err != nil {
		s.log.Warn("post in the staff channel", "guild", conv.GuildID, "conversation", conv.Number, "err", err)
	}
	return id
}

// recordStaff stores a staff message, updates the conversation and
// announces both.
func (s *Service) recordStaff(ctx context.Context, conv *Conversation, msg *Message, change func(c *Conversation)) error {
	if err := s.st.insertMessage(ctx, msg); err != nil {
		return err
	}
	cfg, err := s.Config(ctx, conv.GuildID)
	if err != nil {
		return err
	}
	updated, err := s.st.convs.Update(ctx, conv.ID, func(c *Conversation) error {
		c.Messages++
		c.UpdatedAt, c.UpdatedBy = msg.CreatedAt, msg.AuthorID
		if msg.Kind != KindNote {
			c.LastMessageAt = msg.CreatedAt
			if c.Status == StatusOpen {
				s.scheduleIdle(c, cfg)
			}
		}
		change(c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("modmail: note a staff message on conversation #%d: %w", conv.Number, err)
	}
	s.broadcast(conv.GuildID, EventMessageSent, msg)
	s.broadcast(conv.GuildID, EventConversationUpdated, updated)
	s.stats.Mark(conv.GuildID)
	return nil
}

// scheduleIdle sets the conversation's next inactivity step from its last
// message: the warning, then the close.
func (s *Service) scheduleIdle(c *Conversation, cfg *Config) {
	c.IdleAt, c.Warned = nil, false
	if cfg.AutoCloseSeconds <= 0 {
		return
	}
	auto := time.Duration(cfg.AutoCloseSeconds) * time.Second
	warn := time.Duration(cfg.WarnBeforeSeconds) * time.Second
	at := c.LastMessageAt.Add(auto)
	if warn > 0 && warn < auto {
		at = at.Add(-warn)
	} else {
		c.Warned = true
	}
	c.IdleAt = &at
}
