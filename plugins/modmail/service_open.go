package modmail

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/disgoorg/snowflake/v2"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Incoming is a member's direct message to the bot.
type Incoming struct {
	UserID, UserName, ChannelID, MessageID, Content string
	Attachments                                     []Attachment
	At                                              time.Time
}

// maxChoices is Discord's limit on a select menu's options.
const maxChoices = 25

// maxDraftFiles bounds the files kept with a pending message.
const maxDraftFiles = 10

// HandleDM routes a member's DM: into their open conversation, or towards
// opening one (the server, the department, the confirmation). What the
// member must see is sent to them by DM.
func (s *Service) HandleDM(ctx context.Context, in Incoming) error {
	if in.Content == "" && len(in.Attachments) == 0 {
		return nil
	}
	conv, err := s.openOf(ctx, in.UserID)
	if err != nil {
		return err
	}
	if conv != nil {
		_, err := s.relayUser(ctx, conv, in)
		return err
	}
	guilds, err := s.candidates(ctx, in.UserID)
	if err != nil {
		return err
	}
	if len(guilds) == 0 {
		return s.tell(ctx, in.UserID, core.Response{Content: "No server we share has modmail turned on, so there is no staff I can pass your message to."})
	}
	if pending, err := s.st.drafts.Get(ctx, in.UserID); err == nil && pending.CreatedAt.After(s.now().Add(-draftTTL)) {
		// The member has a choice open above: keep this message with the
		// first instead of asking again (a burst of DMs asks once).
		pending.Content = clip(strings.TrimSpace(pending.Content+"\n"+in.Content), maxContentLen)
		pending.Attachments = append(pending.Attachments, in.Attachments...)
		if len(pending.Attachments) > maxDraftFiles {
			pending.Attachments = pending.Attachments[:maxDraftFiles]
		}
		if err := s.st.drafts.Replace(ctx, pending); err != nil {
			return fmt.Errorf("modmail: add to the draft of %s: %w", in.UserID, err)
		}
		return nil
	}
	draft := &Draft{UserID: in.UserID, UserName: in.UserName, Content: in.Content, Attachments: in.Attachments, MessageID: in.MessageID, CreatedAt: s.now()}
	if len(guilds) == 1 {
		draft.GuildID = guilds[0].ID
	}
	if err := s.saveDraft(ctx, draft); err != nil {
		return err
	}
	if len(guilds) > 1 {
		return s.tell(ctx, in.UserID, guildChoice(guilds))
	}
	resp, err := s.Proceed(ctx, in.UserID, guilds[0].ID, "", false)
	if err != nil {
		return s.tellError(ctx, in.UserID, err)
	}
	return s.tell(ctx, in.UserID, resp)
}

// tell sends the member a DM.
func (s *Service) tell(ctx context.Context, userID string, r core.Response) error {
	if _, _, err := s.dc().SendDMMessage(ctx, userID, r); err != nil {
		return fmt.Errorf("modmail: DM %s: %w", userID, err)
	}
	return nil
}

// tellError tells the member why their message went nowhere (a user
// error's message, or a generic line) and returns err for the log.
func (s *Service) tellError(ctx context.Context, userID string, err error) error {
	msg := "Something went wrong passing your message on; please try again in a minute."
	if ue := core.AsUserError(err); ue.Code != core.CodeInternal {
		msg = "Your message was not passed on: " + ue.Message + "."
	}
	if terr := s.tell(ctx, userID, core.Response{Content: msg}); terr != nil {
		s.log.Warn("tell the member", "user", userID, "err", terr)
	}
	return err
}

func guildChoice(guilds []core.GuildSummary) core.Response {
	menu := core.SelectMenu{CustomID: ID + ":guild", Placeholder: "Choose a server"}
	for i, g := range guilds {
		if i == maxChoices {
			break
		}
		menu.Options = append(menu.Options, core.SelectOption{Label: clip(g.Name, 95), Value: g.ID})
	}
	return core.Response{Content: "We share several servers. Which server's staff do you want to reach?", Components: []core.ActionRow{{menu}}}
}

// openOf returns the member's open (or opening) conversation, if any.
func (s *Service) openOf(ctx context.Context, userID string) (*Conversation, error) {
	for _, st := range []Status{StatusOpen, StatusOpening} {
		c, err := s.st.convs.FindOne(ctx, store.Where("userId", userID).Where("status", st).OrderBy("-lastMessageAt"))
		if err == nil {
			return c, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("modmail: open conversation of %s: %w", userID, err)
		}
	}
	return nil, nil
}

// candidates are the guilds with modmail on that the member is in.
func (s *Service) candidates(ctx context.Context, userID string) ([]core.GuildSummary, error) {
	all, err := s.pc.Guilds(ctx)
	if err != nil {
		return nil, fmt.Errorf("modmail: the bot's guilds: %w", err)
	}
	var out []core.GuildSummary
	for _, g := range all {
		cfg, err := s.Config(ctx, g.ID)
		if err != nil || !cfg.Enabled {
			continue
		}
		if m, err := s.dc().Member(ctx, g.ID, userID); err == nil && m.IsMember {
			out = append(out, g)
		}
	}
	return out, nil
}

func (s *Service) saveDraft(ctx context.Context, d *Draft) error {
	_, err := s.st.drafts.Upsert(ctx, d.UserID, func(cur *Draft, _ bool) error {
		meta := cur.Meta
		*cur = *d
		cur.Meta = meta
		return nil
	})
	if err != nil {
		return fmt.Errorf("modmail: keep the draft of %s: %w", d.UserID, err)
	}
	return nil
}

// errDraftExpired answers a choice whose pending message is gone.
var errDraftExpired = core.Errorf(core.CodeNotFound, "that choice has expired: send your message again")

func (s *Service) draft(ctx context.Context, userID string) (*Draft, error) {
	d, err := s.st.drafts.Get(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errDraftExpired
	}
	if err != nil {
		return nil, fmt.Errorf("modmail: draft of %s: %w", userID, err)
	}
	return d, nil
}

// Proceed takes a member's pending message one step further once the
// server (and, with several, the department) is known: a refusal, the
// department menu, the confirmation, or the opened conversation's
// greeting. confirmed is the member's click on the confirmation. The
// answer is what the member sees.
func (s *Service) Proceed(ctx context.Context, userID, guildID, department string, confirmed bool) (core.Response, error) {
	d, err := s.draft(ctx, userID)
	if err != nil {
		if cur, cerr := s.openOf(ctx, userID); cerr == nil && cur != nil {
			return core.Response{}, errOpeningUnderWay // a second click, after the first took the draft
		}
		return core.Response{}, err
	}
	cfg, err := s.Config(ctx, guildID)
	if err != nil {
		return core.Response{}, err
	}
	if refusal := s.refusal(ctx, cfg, guildID, userID); refusal != "" {
		s.log.Info("conversation refused", "guild", guildID, "user", userID, "why", refusal)
		_, _ = s.st.drafts.Delete(ctx, userID, 0)
		return core.Response{Content: refusal}, nil
	}
	if department != "" {
		if _, err := cfg.department(department); err != nil {
			return core.Response{}, err
		}
	}
	name := s.guildName(ctx, guildID)
	if department == "" && len(cfg.Departments) > 1 {
		menu := core.SelectMenu{CustomID: ID + ":dept:" + guildID, Placeholder: "Choose a department"}
		for _, dep := range cfg.Departments {
			menu.Options = append(menu.Options, core.SelectOption{Label: dep.Name, Value: dep.Name, Description: dep.Description})
		}
		return core.Response{Content: fmt.Sprintf("Who at **%s** should read your message?", name), Components: []core.ActionRow{{menu}}}, nil
	}
	if department == "" && len(cfg.Departments) == 1 {
		department = cfg.Departments[0].Name
	}
	if cfg.Confirm && !confirmed {
		return core.Response{Content: cfg.message("confirm", "<@"+userID+">", name), Components: []core.ActionRow{{
			core.Button{Style: core.ButtonPrimary, Label: "Open a conversation", CustomID: ID + ":confirm:" + guildID + ":" + department},
			core.Button{Style: core.ButtonSecondary, Label: "Cancel", CustomID: ID + ":cancel"},
		}}}, nil
	}
	if d, err = s.claimDraft(ctx, userID); err != nil {
		if errors.Is(err, errOpeningUnderWay) {
			if cur, cerr := s.openOf(ctx, userID); cerr == nil && cur == nil {
				return core.Response{}, errDraftExpired // nothing is opening: the draft lapsed
			}
		}
		return core.Response{}, err
	}
	conv, err := s.Open(ctx, d, guildID, department)
	if err != nil {
		// The member is told to try again: their next DM starts afresh.
		s.Cancel(ctx, userID)
		return core.Response{}, err
	}
	return core.Response{Content: cfg.message("greeting", "<@"+userID+">", name) + fmt.Sprintf("\n-# Conversation #%d", conv.Number)}, nil
}

// claimDraft takes the member's draft for one opening. Deleting it at the
// version read means that of two clicks on the confirm button (or two
// instances handling them) at once, only one opens a conversation; the
// other is told it is under way. A draft that grew meanwhile (another DM)
// is read again, so no message is left behind.
func (s *Service) claimDraft(ctx context.Context, userID string) (*Draft, error) {
	for range 5 {
		d, err := s.st.drafts.Get(ctx, userID)
		if errors.Is(err, store.ErrNotFound) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("modmail: draft of %s: %w", userID, err)
		}
		_, err = s.st.drafts.Delete(ctx, userID, d.Version)
		switch {
		case err == nil:
			return d, nil
		case errors.Is(err, store.ErrNotFound):
			return nil, errOpeningUnderWay
		case !errors.Is(err, store.ErrConflict):
			return nil, fmt.Errorf("modmail: take the draft of %s: %w", userID, err)
		}
	}
	return nil, errOpeningUnderWay
}

// errOpeningUnderWay answers a second click while the first one opens.
var errOpeningUnderWay = core.Errorf(core.CodeConflict, "your conversation is already being opened; write here once it is")

// Cancel drops the member's pending message.
func (s *Service) Cancel(ctx context.Context, userID string) {
	if _, err := s.st.drafts.Delete(ctx, userID, 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Warn("drop draft", "user", userID, "err", err)
	}
}

// refusal is why the member may not open a conversation now, or "".
func (s *Service) refusal(ctx context.Context, cfg *Config, guildID, userID string) string {
	now := s.now()
	if !cfg.Enabled {
		return "This server's modmail is turned off."
	}
	if b, err := s.st.blocks.FindOne(ctx, store.Where("guildId", guildID).Where("userId", userID)); err == nil && b.active(now) {
		msg := "You cannot open conversations with this server's staff"
		if b.Reason != "" {
			msg += ": " + b.Reason
		}
		if b.ExpiresAt != nil {
			msg += fmt.Sprintf(" (until <t:%d:f>)", b.ExpiresAt.Unix())
		}
		return msg + "."
	}
	if cfg.MinAccountAgeDays > 0 {
		if id, err := snowflake.Parse(userID); err == nil {
			ready := id.Time().AddDate(0, 0, cfg.MinAccountAgeDays)
			if now.Before(ready) {
				return fmt.Sprintf("Your Discord account is too new to contact this server's staff: accounts must be %d days old. You may write again <t:%d:R>.", cfg.MinAccountAgeDays, ready.Unix())
			}
		}
	}
	if cfg.CooldownSeconds > 0 {
		last, err := s.st.convs.FindOne(ctx, store.Where("guildId", guildID).Where("userId", userID).OrderBy("-number"))
		if err == nil && last.ClosedAt != nil {
			ready := last.ClosedAt.Add(time.Duration(cfg.CooldownSeconds) * time.Second)
			if now.Before(ready) {
				return fmt.Sprintf("Your last conversation closed a moment ago; you may open another <t:%d:R>.", ready.Unix())
			}
		}
	}
	return ""
}

// channelName names a conversation's channel.
func channelName(user string, number int64) string {
	out := make([]rune, 0, len(user))
	for _, r := range user {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			out = append(out, r)
		case r >= 'A' && r <= 'Z':
			out = append(out, r+('a'-'A'))
		}
	}
	if len(out) == 0 {
		out = []rune("member")
	}
	if len(out) > 80 {
		out = out[:80]
	}
	return string(out) + "-" + strconv.FormatInt(number, 10)
}
