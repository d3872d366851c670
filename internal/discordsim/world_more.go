package discordsim

import (
	"fmt"
	"time"
)

// worldMore is the part of the world that the DM, thread, reaction and
// invite features keep. Its zero value is ready: maps are made on first
// use, under Server.mu like the rest of the world.
type worldMore struct {
	// dmRefused holds the users who do not accept DMs from the bot.
	dmRefused map[ID]bool
	// threadMembers lists each thread's members in the order they joined.
	threadMembers map[ID][]*ThreadMember
	// invites are the live invites by code.
	invites map[string]*Invite
	// botRemoved holds the guilds the bot was removed from
	// (scenario_guilds.go): no dispatch of theirs reaches it.
	botRemoved map[ID]bool
	// inviteSeq numbers invite codes, so that they are the same on every run.
	inviteSeq int
}

// ThreadMetadata is a thread's metadata object.
type ThreadMetadata struct {
	Archived            bool       `json:"archived"`
	AutoArchiveDuration int        `json:"auto_archive_duration"`
	ArchiveTimestamp    time.Time  `json:"archive_timestamp"`
	Locked              bool       `json:"locked"`
	Invitable           *bool      `json:"invitable,omitempty"`
	CreateTimestamp     *time.Time `json:"create_timestamp,omitempty"`
}

// ThreadMember is a thread member object; Member is set where Discord
// sends the guild member along (THREAD_MEMBERS_UPDATE).
type ThreadMember struct {
	ID            ID        `json:"id"`
	UserID        ID        `json:"user_id"`
	JoinTimestamp time.Time `json:"join_timestamp"`
	Flags         int       `json:"flags"`
	Member        *Member   `json:"member,omitempty"`
}

// Emoji is a partial emoji: ID is null for a Unicode emoji.
type Emoji struct {
	ID       *ID    `json:"id"`
	Name     string `json:"name"`
	Animated bool   `json:"animated,omitempty"`
}

// Reaction is one emoji's reactions on a message, as Discord's message
// object carries it; users is who reacted, in order.
type Reaction struct {
	Count        int            `json:"count"`
	CountDetails map[string]int `json:"count_details"`
	Me           bool           `json:"me"`
	MeBurst      bool           `json:"me_burst"`
	Emoji        Emoji          `json:"emoji"`
	BurstColors  []string       `json:"burst_colors"`

	users []ID
}

// Invite is an invite a member made.
type Invite struct {
	Code      string
	GuildID   ID
	ChannelID ID
	Inviter   ID
	MaxAge    int
	MaxUses   int
	Temporary bool
	CreatedAt time.Time
}

// activeThreads is GUILD_CREATE's threads: the guild's unarchived threads.
func activeThreads(g *Guild) []*Channel {
	out := []*Channel{}
	for _, t := range g.Threads {
		if t.ThreadMetadata == nil || !t.ThreadMetadata.Archived {
			out = append(out, t)
		}
	}
	return out
}

// fmtErr wraps an error of a scenario call.
func fmtErr(what string, err error) error { return fmt.Errorf("discordsim: %s: %w", what, err) }

func isThread(ch *Channel) bool {
	return ch.Type == ChannelPublicThread || ch.Type == ChannelPrivateThread || ch.Type == ChannelAnnouncementThread
}
