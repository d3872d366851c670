package modmail

import (
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Event names. Each is broadcast by the service after its write commits.
const (
	EventConversationCreated   = "modmail:conversation_created"
	EventConversationUpdated   = "modmail:conversation_updated"
	EventConversationClosed    = "modmail:conversation_closed"
	EventMessageReceived       = "modmail:message_received"
	EventMessageSent           = "modmail:message_sent"
	EventConversationClaimed   = "modmail:conversation_claimed"
	EventConversationUnclaimed = "modmail:conversation_unclaimed"
	EventConfigUpdated         = "modmail:config_updated"
	EventStatsUpdated          = "modmail:stats_updated"
)

// Example ids, the demo world's.
const (
	exGuild   = "300000000000000001"
	exStaff   = "100000000000000002"
	exUser    = "200000000000000004"
	exConv    = "6650f0c2a1b2c3d4e5f60801"
	exChannel = "400000000000000031"
)

func events() []core.EventSpec {
	at := time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC)
	later := at.Add(7 * time.Minute)
	conv := Conversation{Meta: store.Meta{ID: exConv, Version: 3}, GuildID: exGuild, Number: 12, UserID: exUser, UserName: "alex",
		Status: StatusOpen, Waiting: true, Department: "Appeals", Priority: "normal", ChannelID: exChannel, Messages: 1,
		CreatedAt: at, UpdatedAt: at, UpdatedBy: exUser, LastMessageAt: at, Actions: []Action{}}
	claimed := conv
	claimed.ClaimedBy, claimed.UpdatedBy, claimed.Version = exStaff, exStaff, 4
	claimed.Actions = []Action{{At: later, By: exStaff, Kind: "claim"}}
	answered := claimed
	answered.Waiting, answered.FirstResponseAt, answered.FirstResponder, answered.Messages = false, &later, exStaff, 2
	closed := answered
	closed.Status, closed.ClosedAt, closed.ClosedBy, closed.CloseReason = StatusClosed, &later, exStaff, "answered"
	cfg := defaultConfig(exGuild)
	cfg.ConfigMeta = core.ConfigMeta{Version: 2, UpdatedBy: exStaff, UpdatedAt: at}
	cfg.Enabled, cfg.CategoryID = true, "400000000000000030"
	cfg.Snippets = []Snippet{{Name: "thanks", Text: "Thanks {user}, {staff} from {guild} here."}}
	in := Message{Meta: store.Meta{ID: "6650f0c2a1b2c3d4e5f60802", Version: 1}, GuildID: exGuild, ConversationID: exConv, Number: 12, Seq: 1,
		Kind: KindUser, AuthorID: exUser, Content: "hi, I was muted and I don't know why", Attachments: []Attachment{},
		DMMessageID: "500000000000000001", ChannelMessageID: "500000000000000002", CreatedAt: at, Edits: []Edit{}}
	out := in
	out.ID, out.Seq, out.Kind, out.AuthorID, out.Content, out.CreatedAt = "6650f0c2a1b2c3d4e5f60803", 2, KindReply, exStaff, "Hi! Let me look into it.", later
	return []core.EventSpec{
		{Name: EventConversationCreated, Sentence: "{@userId} opened modmail conversation #{number}", Link: "p/modmail?c={number}",
			Description: "A member's DM opened a conversation: its channel exists and it is open. The payload is the conversation.", Example: conv},
		{Name: EventConversationUpdated, Sentence: "Modmail #{number} was updated by {@updatedBy}", Link: "p/modmail?c={number}",
			Description: "A conversation changed: a message arrived or was answered (waiting, lastMessageAt), priority, department, a close scheduled or cancelled, an inactivity warning. The payload is the conversation.", Example: answered},
		{Name: EventConversationClosed, Sentence: "Modmail #{number} with {@userId} was closed by {@closedBy}", Link: "p/modmail?c={number}",
			Description: "A conversation was closed: by staff, by its schedule, after inactivity or when the member left (closedBy \"system\"). The payload is the conversation.", Example: closed},
		{Name: EventMessageReceived, Sentence: "{@authorId} wrote in modmail #{conversationNumber}", Link: "p/modmail?c={conversationNumber}",
			Description: "A member's message was stored in their conversation (also sent again when they edit or delete it: edits, deleted).", Example: in},
		{Name: EventMessageSent, Quiet: true, Sentence: "{@authorId} answered modmail #{conversationNumber} ({kind})", Link: "p/modmail?c={conversationNumber}",
			Description: "A staff reply (kind reply or anonymous) reached the member, or a note (kind note, never sent) was added; sent again when staff edit or delete it.", Example: out},
		{Name: EventConversationClaimed, Sentence: "{@claimedBy} claimed modmail #{number}", Link: "p/modmail?c={number}",
			Description: "A staff member claimed a conversation. The payload is the conversation.", Example: claimed},
		{Name: EventConversationUnclaimed, Sentence: "{@updatedBy} unclaimed modmail #{number}", Link: "p/modmail?c={number}",
			Description: "A conversation's claim was released. The payload is the conversation.", Example: conv},
		{Name: EventConfigUpdated, Sentence: "{@updatedBy} saved the modmail settings (version {version})", Link: "p/modmail",
			Description: "The guild's modmail config was saved (the whole document, with version and updatedBy).", Example: cfg},
		{Name: EventStatsUpdated, Description: "The guild's modmail figures changed.", Example: Stats{Open: 4, Waiting: 2, Claimed: 1,
			MedianFirstResponseSeconds: 420, MedianResolutionSeconds: 5400, Sample: 30,
			Staff: []StaffStats{{UserID: exStaff, FirstResponses: 12, Closed: 10, Claimed: 1, MedianFirstResponseSeconds: 300}}}},
	}
}
