package tickets

import (
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Event names. Each is broadcast by the service after its write commits.
const (
	EventTicketCreated = "tickets:ticket_created"
	EventTicketClaimed = "tickets:ticket_claimed"
	EventTicketUpdated = "tickets:ticket_updated"
	EventTicketClosed  = "tickets:ticket_closed"
	EventTicketDeleted = "tickets:ticket_deleted"
	EventMessageLogged = "tickets:message_logged"
	EventPanelCreated  = "tickets:panel_created"
	EventPanelUpdated  = "tickets:panel_updated"
	EventPanelDeleted  = "tickets:panel_deleted"
	EventConfigUpdated = "tickets:config_updated"
	EventStatsUpdated  = "tickets:stats_updated"
)

// Example ids, the demo world's.
const (
	exGuild   = "300000000000000001"
	exStaff   = "100000000000000002"
	exUser    = "200000000000000003"
	exChannel = "400000000000000009"
	exPanel   = "6650f0c2a1b2c3d4e5f60801"
	exTicket  = "6650f0c2a1b2c3d4e5f60802"
)

func events() []core.EventSpec {
	at := time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC)
	claimed, closed := at.Add(4*time.Minute), at.Add(42*time.Minute)
	cfg := defaultConfig(exGuild)
	cfg.ConfigMeta = core.ConfigMeta{Version: 3, UpdatedBy: exStaff, UpdatedAt: at}
	cfg.TranscriptChannelID, cfg.InactivitySeconds = "400000000000000010", 48*3600
	panel := Panel{Meta: store.Meta{ID: exPanel, Version: 2}, Stamp: core.Stamp{UpdatedAt: at, UpdatedBy: exStaff}, GuildID: exGuild,
		MessageID: "500000000000000001", CreatedAt: at, PanelInput: PanelInput{Name: "Support", ChannelID: "400000000000000008",
			Title: "Need help?", Description: "Pick what your ticket is about.", Style: StyleButtons, Categories: []Category{{
				Key: "billing", Label: "Billing", Emoji: "💳", Mode: ModeChannel, ParentID: "400000000000000007", StaffRoles: []string{"600000000000000002"},
				NameTemplate: "ticket-{number}", Questions: []Question{{Label: "What is your order number?", Required: true, MaxLength: 40}}}}}}
	open := Ticket{Meta: store.Meta{ID: exTicket, Version: 3}, GuildID: exGuild, Number: 17, PanelID: exPanel, Category: "billing",
		CategoryLabel: "Billing", OpenerID: exUser, Status: StatusOpen, Mode: ModeChannel, ChannelID: exChannel, Name: "ticket-0017",
		Answers: []Answer{{Question: "What is your order number?", Answer: "A-1042"}}, Members: []string{},
		CreatedAt: at, UpdatedAt: at, UpdatedBy: exUser, LastActivityAt: at, Messages: 1}
	claimedT := open
	claimedT.ClaimedBy, claimedT.ClaimedAt, claimedT.UpdatedAt, claimedT.UpdatedBy = exStaff, &claimed, claimed, exStaff
	updated := claimedT
	updated.Name, updated.Members = "billing-a1042", []string{"200000000000000004"}
	closedT := claimedT
	closedT.Status, closedT.ClosedAt, closedT.ClosedBy, closedT.CloseReason = StatusClosed, &closed, exStaff, "refund issued"
	closedT.UpdatedAt, closedT.Messages = closed, 12
	deleted := closedT
	deleted.Status = StatusDeleted
	msg := LoggedMessage{Meta: store.Meta{ID: "6650f0c2a1b2c3d4e5f60803", Version: 1}, GuildID: exGuild, TicketID: exTicket, Number: 17,
		ChannelID: exChannel, MessageID: "500000000000000002", AuthorID: exUser, AuthorName: "alex", Content: "Hi, I was charged twice.",
		Embeds: []LoggedEmbed{}, Attachments: []Attachment{{Name: "receipt.png", URL: "https://cdn.discordapp.com/attachments/1/2/receipt.png", ContentType: "image/png", Size: 48213}}, At: at.Add(time.Minute)}
	stats := Stats{PerDay: []DayCount{{Date: "2026-01-07", Opened: 4, Closed: 3}, {Date: "2026-01-08", Opened: 6, Closed: 5}},
		Open: 2, MedianClaimSeconds: 240, MedianCloseSeconds: 2520,
		ByCategory: []GroupStats{{Key: "billing", Label: "Billing", Tickets: 7, Closed: 6, MedianClaimSeconds: 180, MedianCloseSeconds: 1800}},
		ByStaff:    []GroupStats{{Key: exStaff, Tickets: 5, Closed: 5, MedianClaimSeconds: 200, MedianCloseSeconds: 2100}}}
	link := "p/tickets?ticket={number}"
	return []core.EventSpec{
		{Name: EventTicketCreated, Sentence: "{@openerId} opened ticket #{number} ({categoryLabel})", Link: link, Description: "A ticket was opened and its channel or thread created (status open). The payload is the ticket.", Example: open},
		{Name: EventTicketClaimed, Sentence: "{@claimedBy} claimed ticket #{number}", Link: link, Description: "A staff member claimed a ticket, from Discord or the dashboard. Of staff claiming at once exactly one wins. The payload is the ticket.", Example: claimedT},
		{Name: EventTicketUpdated, Sentence: "{@updatedBy} changed ticket #{number}", Link: link, Description: "A ticket was renamed, had a member added or removed, was unclaimed, reopened, or warned of its auto-close (duePhase close, updatedBy system). The payload is the ticket.", Example: updated},
		{Name: EventTicketClosed, Sentence: "{@closedBy} closed ticket #{number}", Link: link, Description: "A ticket was closed with its reason, by staff, its member or the auto-close (closedBy system); its transcript is ready. The payload is the ticket.", Example: closedT},
		{Name: EventTicketDeleted, Sentence: "{@updatedBy} deleted ticket #{number}'s channel", Link: link, Description: "A ticket's channel was deleted; the ticket and its transcript stay (status deleted). The payload is the ticket.", Example: deleted},
		{Name: EventMessageLogged, Quiet: true, Sentence: "{@authorId} wrote in ticket #{ticketNumber}", Link: "p/tickets?ticket={ticketNumber}", Description: "A message in a ticket channel was logged, edited or deleted (deleted true). The payload is the logged message with its ticket's id and number; the dashboard's ticket view shows it live.", Example: msg},
		{Name: EventPanelCreated, Sentence: "{@updatedBy} posted the ticket panel “{name}”", Link: "p/tickets", Description: "A ticket panel was created and posted in its channel. The payload is the saved panel.", Example: panel},
		{Name: EventPanelUpdated, Sentence: "{@updatedBy} changed the ticket panel “{name}”", Link: "p/tickets", Description: "A ticket panel was edited (its Discord message was edited to match) or reposted. The payload is the saved panel.", Example: panel},
		{Name: EventPanelDeleted, Sentence: "{@updatedBy} deleted the ticket panel “{name}”", Link: "p/tickets", Description: "A ticket panel and its message were deleted; its tickets stay.", Example: Deleted{ID: exPanel, Name: "Support", UpdatedBy: exStaff}},
		{Name: EventConfigUpdated, Sentence: "{@updatedBy} saved the ticket settings (version {version})", Link: "p/tickets", Description: "The guild's ticket settings were saved (the whole document, with version and updatedBy).", Example: cfg},
		{Name: EventStatsUpdated, Description: "The guild's ticket figures changed: opened and closed per day, median time to claim and to close, per category and per staff member.", Example: stats},
	}
}
