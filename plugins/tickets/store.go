package tickets

import (
	"context"
	"errors"
	"fmt"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Collection names, stored as "tickets_<name>".
const (
	collTickets  = "tickets"
	collPanels   = "panels"
	collMessages = "messages"
	collSlots    = "slots"
)

// Every query the plugin makes runs on one of these indexes.
var (
	ticketIndexes = []store.Index{
		// Ticket numbers, and the list newest first.
		{Name: "guild_number", Fields: []string{"guildId", "number"}, Unique: true},
		// The list filtered by status (and category, claimedBy).
		{Name: "guild_status_number", Fields: []string{"guildId", "status", "number"}},
		{Name: "guild_category_number", Fields: []string{"guildId", "category", "number"}},
		{Name: "guild_claimed_number", Fields: []string{"guildId", "claimedBy", "number"}},
		// A message's ticket.
		{Name: "channel", Fields: []string{"channelId"}},
		// Stats over a window.
		{Name: "guild_created", Fields: []string{"guildId", "createdAt"}},
		// The scheduler: warnings and closes due, interrupted openings.
		{Name: "status_due", Fields: []string{"status", "dueAt"}},
		{Name: "status_created", Fields: []string{"status", "createdAt"}},
	}
	panelIndexes = []store.Index{
		{Name: "guild_name", Fields: []string{"guildId", "name"}, Unique: true},
		{Name: "guild_created", Fields: []string{"guildId", "createdAt"}},
	}
	messageIndexes = []store.Index{
		{Name: "ticket_at", Fields: []string{"ticketId", "at"}},
		{Name: "message", Fields: []string{"messageId"}},
	}
)

// slot holds a member's one open ticket of a category: its id is
// guild:panel:category:user, so a second insert fails on every instance
// at once (the store's unique id), which is what refuses a second ticket.
type slot struct {
	store.Meta
	TicketID string `json:"ticketId"`
}

func slotID(guildID, panelID, category, userID string) string {
	return guildID + ":" + panelID + ":" + category + ":" + userID
}

// collections are the plugin's collections.
type collections struct {
	tickets  *store.Collection[Ticket]
	panels   *store.Collection[Panel]
	messages *store.Collection[LoggedMessage]
	slots    *store.Collection[slot]
}

func declareCollections(pc *core.Context) (*collections, error) {
	var st collections
	var err error
	if st.tickets, err = core.Declare[Ticket](pc, collTickets, ticketIndexes...); err != nil {
		return nil, err
	}
	if st.panels, err = core.Declare[Panel](pc, collPanels, panelIndexes...); err != nil {
		return nil, err
	}
	if st.messages, err = core.Declare[LoggedMessage](pc, collMessages, messageIndexes...); err != nil {
		return nil, err
	}
	if st.slots, err = core.Declare[slot](pc, collSlots); err != nil {
		return nil, err
	}
	return &st, nil
}

// ticketByNumber returns a guild's ticket, or a NOT_FOUND error.
func (s *collections) ticketByNumber(ctx context.Context, guildID string, number int64) (*Ticket, error) {
	t, err := s.tickets.FindOne(ctx, store.Where("guildId", guildID).Where("number", number))
	if errors.Is(err, store.ErrNotFound) || err == nil && t.Status == StatusOpening {
		return nil, core.Errorf(core.CodeNotFound, "ticket #%d does not exist", number)
	}
	if err != nil {
		return nil, fmt.Errorf("ticket #%d of guild %s: %w", number, guildID, err)
	}
	return t, nil
}

// ticketByChannel returns the ticket whose channel or thread this is.
func (s *collections) ticketByChannel(ctx context.Context, channelID string) (*Ticket, error) {
	t, err := s.tickets.FindOne(ctx, store.Where("channelId", channelID))
	if err != nil {
		return nil, err
	}
	return t, nil
}

// updateTicket applies change to the ticket if its status is one of from
// (none: any), and returns it; ok is false when the status had moved.
func (s *collections) updateTicket(ctx context.Context, id string, from []Status, change func(t *Ticket) error) (*Ticket, bool, error) {
	t, err := s.tickets.Update(ctx, id, func(t *Ticket) error {
		if len(from) > 0 && !statusIn(t.Status, from) {
			return errStatusMoved
		}
		return change(t)
	})
	if errors.Is(err, errStatusMoved) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return t, true, nil
}

func statusIn(s Status, in []Status) bool {
	for _, x := range in {
		if s == x {
			return true
		}
	}
	return false
}
