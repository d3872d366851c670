package modmail

import (
	"time"

	"github.com/warden-bot/warden/core/store"
)

// Status is where a conversation is in its life.
type Status string

// Conversation statuses. A conversation is inserted "opening", becomes
// "open" once its channel exists (or is removed when Discord refuses), is
// taken "closing" by exactly one process (a version-checked update), and
// ends "closed".
const (
	StatusOpening Status = "opening"
	StatusOpen    Status = "open"
	StatusClosing Status = "closing"
	StatusClosed  Status = "closed"
)

// Priorities, lowest first.
var priorities = []string{"low", "normal", "high", "urgent"}

// SystemActor is who the plugin's own work is attributed to.
const SystemActor = "system"

// Conversation is one member's thread with a guild's staff.
type Conversation struct {
	store.Meta
	GuildID  string `json:"guildId"`
	Number   int64  `json:"number"`
	UserID   string `json:"userId"`
	UserName string `json:"userName"`
	Status   Status `json:"status"`
	// Waiting is true while the member's last message has no answer.
	Waiting    bool   `json:"waiting"`
	Department string `json:"department"`
	Priority   string `json:"priority"`
	// ChannelID is the staff channel or private thread (Thread true);
	// DMChannelID the member's DM channel with the bot.
	ChannelID   string `json:"channelId"`
	Thread      bool   `json:"thread"`
	DMChannelID string `json:"dmChannelId"`
	ClaimedBy   string `json:"claimedBy"`
	// Messages counts the stored messages (notes included).
	Messages int `json:"messageCount"`

	CreatedAt     time.Time `json:"createdAt"`
	UpdatedAt     time.Time `json:"updatedAt"`
	UpdatedBy     string    `json:"updatedBy"`
	LastMessageAt time.Time `json:"lastMessageAt"`
	// FirstResponseAt is the first staff reply; FirstResponder who sent it.
	FirstResponseAt *time.Time `json:"firstResponseAt"`
	FirstResponder  string     `json:"firstResponder"`

	// CloseAt is a scheduled close (the scheduler's index); CloseBy,
	// CloseReason and CloseSilent are what it will do.
	CloseAt     *time.Time `json:"closeAt"`
	CloseBy     string     `json:"closeBy"`
	CloseReason string     `json:"closeReason"`
	CloseSilent bool       `json:"closeSilent"`
	// IdleAt is the next inactivity step: a warning, or once Warned the
	// automatic close.
	IdleAt *time.Time `json:"idleAt"`
	Warned bool       `json:"warned"`

	ClosedAt *time.Time `json:"closedAt"`
	ClosedBy string     `json:"closedBy"`

	// Actions are the staff actions on the conversation, oldest first
	// (bounded by maxActions; messages are stored apart).
	Actions []Action `json:"actions"`
}

// Action is one staff action: claim, unclaim, priority, move, close,
// schedule, cancel.
type Action struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Kind   string    `json:"kind"`
	Detail string    `json:"detail,omitempty"`
}

// maxActions bounds a conversation's action log; older ones are dropped.
const maxActions = 200

func (c *Conversation) act(at time.Time, by, kind, detail string) {
	c.Actions = append(c.Actions, Action{At: at, By: by, Kind: kind, Detail: detail})
	if len(c.Actions) > maxActions {
		c.Actions = c.Actions[len(c.Actions)-maxActions:]
	}
	c.UpdatedAt, c.UpdatedBy = at, by
}

// MessageKind is who wrote a message and who saw it.
type MessageKind string

// Message kinds: from the member; a staff reply (named or anonymous); a
// note only staff see; a system line (opened, closed, warned).
const (
	KindUser      MessageKind = "user"
	KindReply     MessageKind = "reply"
	KindAnonymous MessageKind = "anonymous"
	KindNote      MessageKind = "note"
	KindSystem    MessageKind = "system"
)

// Message is one message of a conversation.
type Message struct {
	store.Meta
	GuildID        string `json:"guildId"`
	ConversationID string `json:"conversationId"`
	Number         int64  `json:"conversationNumber"`
	// Seq is the message's place in its conversation, from 1.
	Seq         int64        `json:"seq"`
	Kind        MessageKind  `json:"kind"`
	AuthorID    string       `json:"authorId"`
	Content     string       `json:"content"`
	Attachments []Attachment `json:"attachments"`
	// DMMessageID is the copy in the member's DMs; ChannelMessageID the
	// copy in the staff channel.
	DMMessageID      string    `json:"dmMessageId"`
	ChannelMessageID string    `json:"channelMessageId"`
	CreatedAt        time.Time `json:"createdAt"`
	Edits            []Edit    `json:"edits"`
	Deleted          bool      `json:"deleted"`
}

// Attachment is a file relayed with a message.
type Attachment struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	Size int    `json:"size"`
	// Skipped says why it was not relayed (too big, unreachable).
	Skipped string `json:"skipped,omitempty"`
}

// Edit is an earlier content of a message.
type Edit struct {
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	Content string    `json:"content"`
}

// Block keeps a user from opening conversations with a guild.
type Block struct {
	store.Meta
	GuildID   string     `json:"guildId"`
	UserID    string     `json:"userId"`
	Reason    string     `json:"reason"`
	By        string     `json:"by"`
	CreatedAt time.Time  `json:"createdAt"`
	ExpiresAt *time.Time `json:"expiresAt"`
}

// active reports whether the block still holds at now.
func (b *Block) active(now time.Time) bool { return b.ExpiresAt == nil || b.ExpiresAt.After(now) }

// Draft is a member's first message kept while they choose a server, a
// department or confirm (id: the user id), so that the choice survives a
// restart and may land on any instance.
type Draft struct {
	store.Meta
	UserID      string       `json:"userId"`
	UserName    string       `json:"userName"`
	Content     string       `json:"content"`
	Attachments []Attachment `json:"attachments"`
	MessageID   string       `json:"messageId"`
	GuildID     string       `json:"guildId"`
	Department  string       `json:"department"`
	CreatedAt   time.Time    `json:"createdAt"`
}
