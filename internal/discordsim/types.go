package discordsim

import "time"

// The types below carry Discord's JSON field names and shapes (API v10).

// User is a Discord user object.
type User struct {
	ID            ID      `json:"id"`
	Username      string  `json:"username"`
	Discriminator string  `json:"discriminator"`
	GlobalName    *string `json:"global_name"`
	Avatar        *string `json:"avatar"`
	Bot           bool    `json:"bot,omitempty"`
	PublicFlags   int     `json:"public_flags"`
}

// Role is a Discord role object; permissions are a decimal string.
type Role struct {
	ID          ID      `json:"id"`
	Name        string  `json:"name"`
	Color       int     `json:"color"`
	Hoist       bool    `json:"hoist"`
	Icon        *string `json:"icon"`
	Position    int     `json:"position"`
	Permissions string  `json:"permissions"`
	Managed     bool    `json:"managed"`
	Mentionable bool    `json:"mentionable"`
	Flags       int     `json:"flags"`
	// UnicodeEmoji is the role's emoji icon; null when it has none.
	UnicodeEmoji *string `json:"unicode_emoji"`
}

// Member is a Discord guild member object.
type Member struct {
	User                       User       `json:"user"`
	Nick                       *string    `json:"nick"`
	Avatar                     *string    `json:"avatar"`
	Roles                      []ID       `json:"roles"`
	JoinedAt                   time.Time  `json:"joined_at"`
	Deaf                       bool       `json:"deaf"`
	Mute                       bool       `json:"mute"`
	Flags                      int        `json:"flags"`
	Pending                    bool       `json:"pending"`
	CommunicationDisabledUntil *time.Time `json:"communication_disabled_until"`
	PremiumSince               *time.Time `json:"premium_since"`
	GuildID                    ID         `json:"guild_id,omitempty"`
}

// Channel types used by the simulator.
const (
	ChannelText               = 0
	ChannelDM                 = 1
	ChannelVoice              = 2
	ChannelCategory           = 4
	ChannelAnnouncementThread = 10
	ChannelPublicThread       = 11
	ChannelPrivateThread      = 12
)

// Overwrite is a channel permission overwrite.
type Overwrite struct {
	ID    ID     `json:"id"`
	Type  int    `json:"type"`
	Allow string `json:"allow"`
	Deny  string `json:"deny"`
}

// Channel is a Discord channel object (guild channels and DMs).
type Channel struct {
	ID                   ID          `json:"id"`
	Type                 int         `json:"type"`
	GuildID              ID          `json:"guild_id,omitempty"`
	Name                 string      `json:"name,omitempty"`
	Position             int         `json:"position"`
	ParentID             *ID         `json:"parent_id"`
	Topic                *string     `json:"topic,omitempty"`
	NSFW                 bool        `json:"nsfw"`
	PermissionOverwrites []Overwrite `json:"permission_overwrites"`
	Bitrate              int         `json:"bitrate,omitempty"`
	UserLimit            int         `json:"user_limit,omitempty"`
	LastMessageID        *ID         `json:"last_message_id"`
	Recipients           []User      `json:"recipients,omitempty"`
	Flags                int         `json:"flags"`

	// Thread fields (channel types 11 and 12), absent on other channels.
	OwnerID          *ID             `json:"owner_id,omitempty"`
	MessageCount     *int            `json:"message_count,omitempty"`
	MemberCount      *int            `json:"member_count,omitempty"`
	TotalMessageSent *int            `json:"total_message_sent,omitempty"`
	RateLimitPerUser *int            `json:"rate_limit_per_user,omitempty"`
	ThreadMetadata   *ThreadMetadata `json:"thread_metadata,omitempty"`
	// NewlyCreated is set on the THREAD_CREATE of a new thread only.
	NewlyCreated bool `json:"newly_created,omitempty"`
}

// VoiceState is a Discord voice state object.
type VoiceState struct {
	GuildID                 ID         `json:"guild_id"`
	ChannelID               *ID        `json:"channel_id"`
	UserID                  ID         `json:"user_id"`
	Member                  *Member    `json:"member,omitempty"`
	SessionID               string     `json:"session_id"`
	Deaf                    bool       `json:"deaf"`
	Mute                    bool       `json:"mute"`
	SelfDeaf                bool       `json:"self_deaf"`
	SelfMute                bool       `json:"self_mute"`
	SelfVideo               bool       `json:"self_video"`
	Suppress                bool       `json:"suppress"`
	RequestToSpeakTimestamp *time.Time `json:"request_to_speak_timestamp"`
}

// Message is a Discord message object.
type Message struct {
	ID              ID             `json:"id"`
	ChannelID       ID             `json:"channel_id"`
	GuildID         *ID            `json:"guild_id,omitempty"`
	Author          User           `json:"author"`
	Member          map[string]any `json:"member,omitempty"`
	Content         string         `json:"content"`
	Timestamp       time.Time      `json:"timestamp"`
	EditedTimestamp *time.Time     `json:"edited_timestamp"`
	TTS             bool           `json:"tts"`
	MentionEveryone bool           `json:"mention_everyone"`
	Mentions        []User         `json:"mentions"`
	MentionRoles    []ID           `json:"mention_roles"`
	Attachments     []any          `json:"attachments"`
	Embeds          []any          `json:"embeds"`
	Components      []any          `json:"components"`
	Reactions       []*Reaction    `json:"reactions,omitempty"`
	Pinned          bool           `json:"pinned"`
	Type            int            `json:"type"`
	Flags           int            `json:"flags"`
}

// Guild is the simulator's state of one guild.
type Guild struct {
	ID          ID
	Name        string
	OwnerID     ID
	Roles       []*Role
	Channels    []*Channel
	Members     map[ID]*Member
	VoiceStates map[ID]*VoiceState
	Bans        map[ID]bool
	// Threads are the guild's threads, archived ones included; Discord
	// lists them apart from Channels.
	Threads   []*Channel
	CreatedAt time.Time
}
