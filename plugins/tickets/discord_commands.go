package tickets

import (
	"context"
	"fmt"
	"strings"

	"github.com/warden-bot/warden/core"
)

func ptr[T any](v T) *T { return &v }

func subcommand(name, desc string, opts ...core.CommandOption) core.CommandOption {
	return core.CommandOption{Type: core.OptionSubcommand, Name: name, Description: desc, Options: opts}
}

// Commands implements core.CommandProvider: /ticket and its subcommands,
// run inside a ticket channel (open: anywhere).
func (p *Plugin) Commands() []core.Command {
	user := func(desc string) core.CommandOption {
		return core.CommandOption{Type: core.OptionUser, Name: "user", Description: desc, Required: true}
	}
	return []core.Command{{
		Name: "ticket", Description: "Open and handle support tickets", DeferEphemeral: true,
		Options: []core.CommandOption{
			subcommand("open", "Open a support ticket",
				core.CommandOption{Type: core.OptionString, Name: "subject", Description: "What you need help with", Required: true, MaxLength: ptr(maxAnswer)},
				core.CommandOption{Type: core.OptionString, Name: "category", Description: "The kind of ticket (default: the first)", MaxLength: ptr(maxButtonLabel)}),
			subcommand("claim", "Claim this ticket: you will handle it"),
			subcommand("unclaim", "Give this ticket back to the whole staff"),
			subcommand("add", "Add a member to this ticket", user("Who to add")),
			subcommand("remove", "Remove a member from this ticket", user("Who to remove")),
			subcommand("rename", "Rename this ticket's channel",
				core.CommandOption{Type: core.OptionString, Name: "name", Description: "The new name", Required: true, MaxLength: ptr(maxChannelName)}),
			subcommand("close", "Close this ticket (asks for confirmation)",
				core.CommandOption{Type: core.OptionString, Name: "reason", Description: "Why (shown in the transcript)", MaxLength: ptr(maxReason)}),
			subcommand("reopen", "Reopen this closed ticket"),
			subcommand("delete", "Delete this ticket's channel (the transcript stays)"),
		},
		Handle: p.runTicket,
	}}
}

// runTicket runs a /ticket subcommand.
func (p *Plugin) runTicket(ctx context.Context, inv *core.Interaction) error {
	if inv.Subcommand == "open" {
		return p.runOpen(ctx, inv)
	}
	t, err := p.svc.TicketInChannel(ctx, inv.ChannelID)
	if err != nil {
		return err
	}
	staff := p.svc.IsStaff(ctx, t, inv.UserID, inv.Permissions)
	if inv.Subcommand == "close" && (staff || inv.UserID == t.OpenerID) {
		return p.askClose(ctx, inv, t, inv.String("reason"))
	}
	if !staff {
		return core.Errorf(core.CodeForbidden, "only staff can %s a ticket", inv.Subcommand)
	}
	var done *Ticket
	switch inv.Subcommand {
	case "claim":
		done, err = p.svc.Claim(ctx, t, inv.UserID)
	case "unclaim":
		done, err = p.svc.Unclaim(ctx, t, inv.UserID)
	case "add":
		done, err = p.svc.AddMember(ctx, t, inv.UserOption("user"), inv.UserID)
	case "remove":
		done, err = p.svc.RemoveMember(ctx, t, inv.UserOption("user"), inv.UserID)
	case "rename":
		done, err = p.svc.Rename(ctx, t, inv.String("name"), inv.UserID)
	case "reopen":
		done, err = p.svc.Reopen(ctx, t, inv.UserID)
	case "delete":
		return p.deleteFromDiscord(ctx, inv, t)
	default:
		return core.BadRequest("unknown subcommand %q", inv.Subcommand)
	}
	if err != nil {
		return err
	}
	return inv.Reply(ctx, fmt.Sprintf("Ticket #%d: %s done.", done.Number, inv.Subcommand), true)
}

// runOpen opens a ticket from /ticket open: in the named category (by key
// or label) of the guild's panels, or the first open one. The subject
// answers the category's first question; a category asking more shows
// its modal instead.
func (p *Plugin) runOpen(ctx context.Context, inv *core.Interaction) error {
	panels, err := p.svc.ListPanels(ctx, inv.GuildID, PanelsQuery(inv.GuildID).Limit(maxPanelsPerGuild))
	if err != nil {
		return err
	}
	want := strings.ToLower(strings.TrimSpace(inv.String("category")))
	var panel *Panel
	var cat *Category
	var open []string
	for i := range panels.Items {
		for j := range panels.Items[i].Categories {
			c := &panels.Items[i].Categories[j]
			named := want != "" && (c.Key == want || strings.ToLower(c.Label) == want)
			if named && c.Closed {
				return core.Errorf(core.CodeConflict, "the %s tickets are closed for now; try again later or ask staff", c.Label)
			}
			if c.Closed {
				continue
			}
			open = append(open, c.Key)
			if named || cat == nil && want == "" {
				panel, cat = &panels.Items[i], c
			}
		}
	}
	if cat == nil && want != "" && len(open) > 0 {
		return core.Errorf(core.CodeNotFound, "there is no open ticket category %q; the open ones are: %s", want, strings.Join(open, ", "))
	}
	if cat == nil {
		return core.Errorf(core.CodeNotFound, "this server has no ticket categories open; ask staff to set up a ticket panel")
	}
	if len(cat.Questions) > 1 {
		return inv.OpenModal(ctx, ticketModal(panel, cat, inv.String("subject")))
	}
	if err := inv.Defer(ctx, true); err != nil {
		return err
	}
	answers := map[string]string{}
	if len(cat.Questions) == 1 {
		answers[questionID(0)] = inv.String("subject")
	}
	return p.open(ctx, inv, panel.ID, cat.Key, answers)
}

// open opens the ticket and tells the member where it is.
func (p *Plugin) open(ctx context.Context, inv *core.Interaction, panelID, key string, answers map[string]string) error {
	t, err := p.svc.Open(ctx, OpenRequest{GuildID: inv.GuildID, PanelID: panelID, Category: key, UserID: inv.UserID,
		Username: inv.Username, Answers: answers})
	if err != nil {
		p.pc.Logger.Info("ticket not opened", "guild", inv.GuildID, "user", inv.UserID, "category", key, "err", err)
		return err
	}
	return inv.Reply(ctx, fmt.Sprintf("Your ticket #%d is open: <#%s>", t.Number, t.ChannelID), true)
}

// askClose records the close request and shows its confirmation buttons.
func (p *Plugin) askClose(ctx context.Context, inv *core.Interaction, t *Ticket, reason string) error {
	t, err := p.svc.RequestClose(ctx, t, reason, inv.UserID)
	if err != nil {
		return err
	}
	text := fmt.Sprintf("Close ticket #%d?", t.Number)
	if reason != "" {
		text += " Reason: " + reason
	}
	return inv.Respond(ctx, core.Response{Content: text, Ephemeral: true, Mentions: core.NoMentions, Components: []core.ActionRow{{
		core.Button{Style: core.ButtonDanger, Label: "Close", CustomID: actionID("confirm", t.ID)},
		core.Button{Style: core.ButtonSecondary, Label: "Close with a reason", CustomID: actionID("reason", t.ID)},
	}}})
}

var _ core.CommandProvider = (*Plugin)(nil)

// deleteFromDiscord answers first, then deletes: the answer could not
// reach the channel once it is gone.
func (p *Plugin) deleteFromDiscord(ctx context.Context, inv *core.Interaction, t *Ticket) error {
	if err := inv.Reply(ctx, fmt.Sprintf("Deleting ticket #%d; its transcript stays on the dashboard.", t.Number), true); err != nil {
		return err
	}
	if _, err := p.svc.Delete(ctx, t, inv.UserID); err != nil {
		p.pc.Logger.Warn("ticket not deleted", "guild", t.GuildID, "ticket", t.Number, "err", err)
		return inv.Followup(ctx, "Ticket #"+fmt.Sprint(t.Number)+" was not deleted: "+core.AsUserError(err).Message, true)
	}
	return nil
}
