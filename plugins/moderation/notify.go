package moderation

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// defaultTemplates are the DMs sent when a guild has not written its own.
var defaultTemplates = map[CaseType]string{
	TypeWarn:    "You were warned in {guild}: {reason} (case {case}, {points} points)",
	TypeTimeout: "You were timed out in {guild} for {duration}: {reason} (case {case})",
	TypeKick:    "You were kicked from {guild}: {reason} (case {case})",
	TypeBan:     "You were banned from {guild} ({duration}): {reason} (case {case})",
	TypeSoftban: "You were removed from {guild} and your recent messages deleted: {reason} (case {case})",
}

// renderDM fills a template for a case; ok is false when the type sends no
// DM (notes and unbans).
func renderDM(cfg *Config, in *Infraction, guildName string) (string, bool) {
	tpl, ok := cfg.DMTemplates[in.Type]
	if !ok {
		if tpl, ok = defaultTemplates[in.Type]; !ok {
			return "", false
		}
	}
	reason := in.Reason
	if reason == "" {
		reason = "no reason given"
	}
	if guildName == "" {
		guildName = "the server"
	}
	return strings.NewReplacer(
		"{user}", "<@"+in.TargetID+">",
		"{guild}", guildName,
		"{type}", string(in.Type),
		"{reason}", reason,
		"{duration}", humanDuration(in.DurationSeconds),
		"{case}", "#"+strconv.FormatInt(in.Number, 10),
		"{points}", strconv.Itoa(in.Points),
	).Replace(tpl), true
}

// humanDuration writes a duration for members and moderators: "5 minutes",
// "1 day 2 hours", "permanent" for none. It names the two largest units.
func humanDuration(seconds int64) string {
	if seconds <= 0 {
		return "permanent"
	}
	units := []struct {
		name string
		size int64
	}{{"week", 7 * 86400}, {"day", 86400}, {"hour", 3600}, {"minute", 60}, {"second", 1}}
	var parts []string
	for _, u := range units {
		if n := seconds / u.size; n > 0 && len(parts) < 2 {
			seconds -= n * u.size
			name := u.name
			if n > 1 {
				name += "s"
			}
			parts = append(parts, strconv.FormatInt(n, 10)+" "+name)
		} else if len(parts) > 0 {
			break // "1 day 30 seconds" says too little: stop at a gap
		}
	}
	return strings.Join(parts, " ")
}

// sendDM tells the member about the case when the guild wants it. It is
// best-effort: members may block DMs, which must not undo the case.
func (s *Service) sendDM(ctx context.Context, dc Enforcer, cfg *Config, in *Infraction, target TargetInfo) {
	if dc == nil || !cfg.DMOnAction {
		return
	}
	msg, ok := renderDM(cfg, in, target.GuildName)
	if !ok {
		return
	}
	if err := dc.DM(ctx, in.TargetID, msg); err != nil {
		s.log.Info("case DM not delivered", "guild", in.GuildID, "case", in.Number, "err", err)
	}
}

// postModLog posts the case to the guild's mod-log channel, best-effort.
func (s *Service) postModLog(ctx context.Context, dc Enforcer, cfg *Config, in *Infraction) {
	if dc == nil || cfg.ModLogChannelID == "" {
		return
	}
	if err := dc.Send(ctx, cfg.ModLogChannelID, modLogLine(in)); err != nil {
		s.log.Warn("mod-log post failed", "guild", in.GuildID, "case", in.Number, "err", err)
	}
}

func modLogLine(in *Infraction) string {
	by := "<@" + in.ModeratorID + ">"
	switch {
	case in.RuleName != "":
		by = "automod rule \"" + in.RuleName + "\""
	case in.ModeratorID == "":
		by = in.Source
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**Case #%d** · %s · <@%s> by %s", in.Number, in.Type, in.TargetID, by)
	if in.DurationSeconds > 0 {
		fmt.Fprintf(&b, " · %s", humanDuration(in.DurationSeconds))
	}
	if in.Points > 0 {
		fmt.Fprintf(&b, " · %d points", in.Points)
	}
	if in.Status == StatusFailed {
		fmt.Fprintf(&b, " · FAILED: %s", in.Error)
	}
	if in.Reason != "" {
		fmt.Fprintf(&b, "\nReason: %s", in.Reason)
	}
	return b.String()
}

// truncate cuts s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
