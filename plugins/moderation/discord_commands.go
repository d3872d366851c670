package moderation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warden-bot/warden/core"
)

// Discord permission bits the commands check (Discord's values).
const (
	permKick     = uint64(1) << 1
	permBan      = uint64(1) << 2
	permModerate = uint64(1) << 40
)

func userOpt(desc string) core.CommandOption {
	return core.CommandOption{Type: core.OptionUser, Name: "user", Description: desc, Required: true}
}

func reasonOpt(required bool) core.CommandOption {
	return core.CommandOption{Type: core.OptionString, Name: "reason", Description: "Why (shown in the case and the DM)", Required: required, MaxLength: ptr(maxReasonLen)}
}

func intOpt(name, desc string, lo, hi int, required bool) core.CommandOption {
	return core.CommandOption{Type: core.OptionInteger, Name: name, Description: desc, Required: required, MinValue: ptr(float64(lo)), MaxValue: ptr(float64(hi))}
}

func caseOpt() core.CommandOption {
	return intOpt("number", "The case number", 1, 1<<30, true)
}

func subcommand(name, desc string, opts ...core.CommandOption) core.CommandOption {
	return core.CommandOption{Type: core.OptionSubcommand, Name: name, Description: desc, Options: opts}
}

func ptr[T any](v T) *T { return &v }

// Commands implements core.CommandProvider.
func (p *Plugin) Commands() []core.Command {
	action := func(name, desc string, t CaseType, opts ...core.CommandOption) core.Command {
		return core.Command{
			Name: name, Description: desc, Options: opts, DeferEphemeral: true,
			Handle: func(ctx context.Context, inv *core.Interaction) error { return p.runAction(ctx, inv, t) },
		}
	}
	return []core.Command{
		action("warn", "Warn a member", TypeWarn, userOpt("Who to warn"), reasonOpt(false), intOpt("points", "Warning points (default from config)", 0, maxPoints, false)),
		action("note", "Add a private note to a member's record", TypeNote, userOpt("Who the note is about"), reasonOpt(true)),
		action("timeout", "Time a member out", TypeTimeout, userOpt("Who to time out"), intOpt("minutes", "How long", 1, int(maxTimeout/time.Minute), true), reasonOpt(false)),
		action("kick", "Kick a member", TypeKick, userOpt("Who to kick"), reasonOpt(false)),
		action("ban", "Ban a user", TypeBan, userOpt("Who to ban"), reasonOpt(false),
			intOpt("minutes", "Temporary ban length; leave out for a permanent ban", 1, int(maxBan/time.Minute), false),
			intOpt("delete_days", "Delete their messages of the last days (0-7)", 0, 7, false)),
		action("softban", "Ban and unban at once to delete a member's messages", TypeSoftban, userOpt("Who to softban"), reasonOpt(false),
			intOpt("delete_days", "Delete their messages of the last days (1-7)", 1, 7, false)),
		action("unban", "Lift a ban", TypeUnban, userOpt("Who to unban"), reasonOpt(false)),
		{
			Name: "case", Description: "Show, edit or pardon a case", DeferEphemeral: true, Options: []core.CommandOption{
				subcommand("show", "Show a case", caseOpt()),
				subcommand("edit", "Change a case's reason", caseOpt(), reasonOpt(true)),
				subcommand("pardon", "Pardon a case: its points stop counting and a timeout or ban is lifted", caseOpt()),
			},
			Handle: p.runCase,
		},
		{
			Name: "cases", Description: "List cases", DeferEphemeral: true, Options: []core.CommandOption{
				subcommand("user", "List a user's latest cases", userOpt("Whose cases")),
			},
			Handle: p.runCases,
		},
	}
}

// requiredPerm is the Discord permission that allows a case type.
func requiredPerm(t CaseType) (uint64, string) {
	switch t {
	case TypeKick:
		return permKick, "Kick Members"
	case TypeBan, TypeUnban, TypeSoftban:
		return permBan, "Ban Members"
	}
	return permModerate, "Timeout Members"
}

// authorize lets administrators, members with the action's Discord
// permission, and members with a configured moderator role through.
func (p *Plugin) authorize(ctx context.Context, inv *core.Interaction, t CaseType) error {
	if inv.GuildID == "" {
		return core.BadRequest("moderation commands work in a server, not in DMs")
	}
	perm, name := requiredPerm(t)
	if inv.Permissions&(perm|core.PermAdministrator) != 0 {
		return nil
	}
	cfg, err := p.svc.Config(ctx, inv.GuildID)
	if err != nil {
		return err
	}
	if len(cfg.ModeratorRoles) > 0 {
		m, err := p.pc.Discord().Member(ctx, inv.GuildID, inv.UserID)
		if err != nil {
			return err
		}
		for _, r := range m.Roles {
			if slices.Contains(cfg.ModeratorRoles, r) {
				return nil
			}
		}
	}
	return core.Errorf(core.CodeForbidden, "you need the %s permission or a moderator role to do that", name)
}

func (p *Plugin) runAction(ctx context.Context, inv *core.Interaction, t CaseType) error {
	if err := p.authorize(ctx, inv, t); err != nil {
		return err
	}
	req := ActionRequest{GuildID: inv.GuildID, Type: t, TargetID: inv.UserOption("user"), ModeratorID: inv.UserID,
		Reason: inv.String("reason"), DurationSeconds: int64(inv.Int("minutes")) * 60, DeleteMessageDays: inv.Int("delete_days")}
	if t == TypeWarn && inv.Int("points") > 0 {
		req.Points = ptr(inv.Int("points"))
	}
	// The reply is ephemeral, success or not: the public record of a case
	// is the mod-log post. Deferring buys time for the Discord calls.
	if err := inv.Defer(ctx, true); err != nil {
		return err
	}
	in, err := p.svc.Act(ctx, req)
	if err != nil {
		return inv.Reply(ctx, "❌ "+core.AsUserError(err).Message, true)
	}
	return inv.Reply(ctx, "✅ "+caseSummary(in), true)
}

func (p *Plugin) runCase(ctx context.Context, inv *core.Interaction) error {
	if err := p.authorize(ctx, inv, TypeWarn); err != nil {
		return err
	}
	n := int64(inv.Int("number"))
	var in *Infraction
	var err error
	switch inv.Subcommand {
	case "show":
		in, err = p.svc.Case(ctx, inv.GuildID, n)
	case "edit":
		reason := inv.String("reason")
		if reason == "" {
			return core.BadRequest("give the new reason")
		}
		in, err = p.svc.EditCase(ctx, inv.GuildID, n, CasePatch{Reason: &reason}, inv.UserID)
	case "pardon":
		st := StatusPardoned
		in, err = p.svc.EditCase(ctx, inv.GuildID, n, CasePatch{Status: &st}, inv.UserID)
	default:
		return core.BadRequest("unknown subcommand /case %s: use show, edit or pardon", inv.Subcommand)
	}
	if err != nil {
		return err
	}
	return inv.Reply(ctx, caseSummary(in), true)
}

func (p *Plugin) runCases(ctx context.Context, inv *core.Interaction) error {
	if err := p.authorize(ctx, inv, TypeWarn); err != nil {
		return err
	}
	if inv.Subcommand != "user" {
		return core.BadRequest("unknown subcommand /cases %s: use /cases user", inv.Subcommand)
	}
	page, err := p.svc.Cases(ctx, inv.GuildID, CaseFilter{UserID: inv.UserOption("user"), Limit: 10})
	if err != nil {
		return err
	}
	if len(page.Items) == 0 {
		return inv.Reply(ctx, fmt.Sprintf("<@%s> has no cases.", inv.UserOption("user")), true)
	}
	lines := make([]string, 0, len(page.Items))
	for i := range page.Items {
		lines = append(lines, caseSummary(&page.Items[i]))
	}
	return inv.Reply(ctx, truncate(strings.Join(lines, "\n"), 1900), true)
}

func caseSummary(in *Infraction) string {
	s := fmt.Sprintf("Case #%d · %s · <@%s> · %s", in.Number, in.Type, in.TargetID, in.Status)
	if in.DurationSeconds > 0 {
		s += " · " + humanDuration(in.DurationSeconds)
	}
	if in.Points > 0 {
		s += fmt.Sprintf(" · %d points", in.Points)
	}
	if in.Reason != "" {
		s += " · " + in.Reason
	}
	return s
}

var _ core.CommandProvider = (*Plugin)(nil)
