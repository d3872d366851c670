package tickets

import (
	"slices"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// Status is where a ticket is in its life.
type Status string

// Ticket statuses. "opening" is a ticket whose channel is being created:
// it is never shown as open, and the scheduler removes one left behind by
// an interrupted opening.
const (
	StatusOpening Status = "opening"
	StatusOpen    Status = "open"
	StatusClosed  Status = "closed"
	StatusDeleted Status = "deleted"
)

// Due phases of the auto-close: a warning is due, then the close.
const (
	PhaseWarn  = "warn"
	PhaseClose = "close"
)

// SystemActor is the updatedBy of the plugin's own changes (auto-close).
const SystemActor = "system"

// Ticket is one support ticket: its channel (or private thread), who
// opened and who handles it, and its life.
type Ticket struct {
	store.Meta
	GuildID string `json:"guildId"`
	// Number is the guild's ticket number, from 1, with no gaps.
	Number        int64    `json:"number"`
	PanelID       string   `json:"panelId"`
	Category      string   `json:"category"`
	CategoryLabel string   `json:"categoryLabel"`
	OpenerID      string   `json:"openerId"`
	Status        Status   `json:"status"`
	Mode          string   `json:"mode"`
	ChannelID     string   `json:"channelId"`
	Name          string   `json:"name"`
	Answers       []Answer `json:"answers"`
	// Members are the members added to the ticket besides its opener.
	Members   []string   `json:"members"`
	ClaimedBy string     `json:"claimedBy"`
	ClaimedAt *time.Time `json:"claimedAt"`

	CreatedAt   time.Time  `json:"createdAt"`
	UpdatedAt   time.Time  `json:"updatedAt"`
	UpdatedBy   string     `json:"updatedBy"`
	ClosedAt    *time.Time `json:"closedAt"`
	ClosedBy    string     `json:"closedBy"`
	CloseReason string     `json:"closeReason"`
	// LastActivityAt is the last message in the ticket.
	LastActivityAt time.Time `json:"lastActivityAt"`
	// DueAt is when the scheduler next acts on the ticket (DuePhase: warn,
	// then close); nil when auto-close is off or the ticket is not open.
	DueAt    *time.Time `json:"dueAt"`
	DuePhase string     `json:"duePhase"`
	// Messages counts the logged messages.
	Messages int64 `json:"messages"`
	// CloseRequest is a close asked for and awaiting its confirmation.
	CloseRequest *CloseRequest `json:"closeRequest,omitempty"`
}

// Answer is one question of the category's modal and what the member
// wrote.
type Answer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// CloseRequest is a close waiting for its confirmation button.
type CloseRequest struct {
	By     string    `json:"by"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// participants are the ticket's opener and added members.
func (t *Ticket) participants() []string {
	return append([]string{t.OpenerID}, t.Members...)
}

func (t *Ticket) hasMember(id string) bool { return id == t.OpenerID || slices.Contains(t.Members, id) }

// LoggedMessage is one message of a ticket channel, kept for its
// transcript.
type LoggedMessage struct {
	store.Meta
	GuildID     string        `json:"guildId"`
	TicketID    string        `json:"ticketId"`
	Number      int64         `json:"ticketNumber"`
	ChannelID   string        `json:"channelId"`
	MessageID   string        `json:"messageId"`
	AuthorID    string        `json:"authorId"`
	AuthorName  string        `json:"authorName"`
	AuthorBot   bool          `json:"authorBot"`
	Content     string        `json:"content"`
	Embeds      []LoggedEmbed `json:"embeds"`
	Attachments []Attachment  `json:"attachments"`
	At          time.Time     `json:"at"`
	EditedAt    *time.Time    `json:"editedAt"`
	Deleted     bool          `json:"deleted"`
}

// LoggedEmbed is an embed of a logged message.
type LoggedEmbed struct {
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Color       int          `json:"color"`
	Fields      []EmbedField `json:"fields"`
	Footer      string       `json:"footer"`
}

// EmbedField is one field of a logged embed.
type EmbedField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Attachment is a logged attachment's metadata (the file stays on
// Discord).
type Attachment struct {
	Name        string `json:"name"`
	URL         string `json:"url"`
	ContentType string `json:"contentType"`
	Size        int    `json:"size"`
}
