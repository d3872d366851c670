package discordsim

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Discord permission bits the demo roles use.
const (
	permKickMembers     = 1 << 1
	permBanMembers      = 1 << 2
	permAdministrator   = 1 << 3
	permManageChannels  = 1 << 4
	permManageGuild     = 1 << 5
	permViewChannel     = 1 << 10
	permSendMessages    = 1 << 11
	permManageMessages  = 1 << 13
	permReadHistory     = 1 << 16
	permConnect         = 1 << 20
	permSpeak           = 1 << 21
	permManageRoles     = 1 << 28
	permModerateMembers = 1 << 40

	everyonePerms  = permViewChannel | permSendMessages | permReadHistory | permConnect | permSpeak
	moderatorPerms = permKickMembers | permBanMembers | permManageMessages | permModerateMembers | permManageGuild
)

// worldEpoch is when the demo world "was created": fixed, so payloads are
// the same on every run.
var worldEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Names of the demo users; user i is userNames[(i-1) % len] plus a number
// when the list wraps.
var userNames = []string{
	"demo-admin", "mod-mia", "alex", "sam", "jordan", "casey", "riley", "taylor",
	"morgan", "jamie", "avery", "quinn", "rowan", "skyler", "emery", "finley",
	"harper", "kai", "logan", "parker", "reese", "sage", "blake", "drew",
	"eden", "hayden", "jules", "kendall", "lane", "marley", "noel", "oakley",
	"peyton", "remy", "shay", "tatum",
}

// demo channel layout: categories with their children.
var channelLayout = []struct {
	category string
	text     []string
	voice    []string
}{
	{"Information", []string{"welcome", "rules", "announcements"}, nil},
	{"Community", []string{"general", "off-topic", "suggestions"}, nil},
	{"Support", []string{"support", "tickets"}, nil},
	{"Staff", []string{"mod-log", "modmail"}, nil},
	{"Voice", nil, []string{"Lounge", "Gaming", "Join to Create"}},
}

// The role layout of a demo guild, by index (0 is @everyone).
const (
	RoleEveryone  = 0
	RoleAdmin     = 1
	RoleModerator = 2
	RoleMember    = 3
	RoleBot       = 4
)

// RoleID returns the id of a demo guild's role by layout index. The
// @everyone role shares the guild's id, as on Discord.
func RoleID(guild, role int) ID {
	if role == RoleEveryone {
		return GuildID(guild)
	}
	return makeID(kindRole, guild*100+role)
}

func channelID(guild, n int) ID { return makeID(kindChannel, guild*100+n) }

func newUser(i int) User {
	name := userNames[(i-1)%len(userNames)]
	if i > len(userNames) {
		name += strconv.Itoa(i)
	}
	display := name
	return User{ID: UserID(i), Username: name, Discriminator: "0", GlobalName: &display}
}

func botUser() User {
	name := "Warden"
	return User{ID: ApplicationID, Username: "warden", Discriminator: "0", GlobalName: &name, Bot: true}
}

// buildGuild makes demo guild i with members users 1..members.
func buildGuild(i, members int) *Guild {
	gid := GuildID(i)
	g := &Guild{
		ID:          gid,
		Name:        fmt.Sprintf("Warden Demo %d", i),
		OwnerID:     UserID(1),
		Members:     map[ID]*Member{},
		VoiceStates: map[ID]*VoiceState{},
		Bans:        map[ID]bool{},
		CreatedAt:   worldEpoch,
	}
	perm := func(p uint64) string { return strconv.FormatUint(p, 10) }
	g.Roles = []*Role{
		{ID: RoleID(i, RoleEveryone), Name: "@everyone", Permissions: perm(everyonePerms)},
		{ID: RoleID(i, RoleAdmin), Name: "Admin", Color: 0xe74c3c, Hoist: true, Position: 4, Permissions: perm(permAdministrator)},
		{ID: RoleID(i, RoleModerator), Name: "Moderator", Color: 0x3498db, Hoist: true, Position: 3, Permissions: perm(moderatorPerms)},
		{ID: RoleID(i, RoleMember), Name: "Member", Color: 0x2ecc71, Position: 1, Permissions: "0"},
		{ID: RoleID(i, RoleBot), Name: "Warden", Position: 5, Managed: true,
			Permissions: perm(permAdministrator | permManageChannels | permManageRoles | moderatorPerms)},
	}
	n, pos := 0, 0
	for _, cat := range channelLayout {
		n++
		catID := channelID(i, n)
		g.Channels = append(g.Channels, &Channel{ID: catID, Type: ChannelCategory, GuildID: gid, Name: cat.category, Position: pos, PermissionOverwrites: []Overwrite{}})
		for _, name := range cat.text {
			n++
			pos++
			parent := catID
			g.Channels = append(g.Channels, &Channel{ID: channelID(i, n), Type: ChannelText, GuildID: gid, Name: name, Position: pos, ParentID: &parent, PermissionOverwrites: []Overwrite{}})
		}
		for _, name := range cat.voice {
			n++
			pos++
			parent := catID
			g.Channels = append(g.Channels, &Channel{ID: channelID(i, n), Type: ChannelVoice, GuildID: gid, Name: name, Position: pos, ParentID: &parent, Bitrate: 64000, PermissionOverwrites: []Overwrite{}})
		}
	}
	for u := 1; u <= members; u++ {
		roles := []ID{RoleID(i, RoleMember)}
		switch u {
		case 1:
			roles = append(roles, RoleID(i, RoleAdmin))
		case 2:
			roles = append(roles, RoleID(i, RoleModerator))
		}
		g.Members[UserID(u)] = &Member{User: newUser(u), Roles: roles, JoinedAt: worldEpoch.Add(time.Duration(u) * time.Hour)}
	}
	g.Members[ApplicationID] = &Member{User: botUser(), Roles: []ID{RoleID(i, RoleBot)}, JoinedAt: worldEpoch}
	return g
}

// ChannelByName returns the guild's channel with the given name.
func (g *Guild) ChannelByName(name string) (*Channel, bool) {
	for _, c := range g.Channels {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// sortedMembers returns the guild's members ordered by user id, so that
// payloads are the same on every run.
func (g *Guild) sortedMembers() []*Member {
	out := make([]*Member, 0, len(g.Members))
	for _, m := range g.Members {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b *Member) int { return cmpID(a.User.ID, b.User.ID) })
	return out
}

func cmpID(a, b ID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// memberPermissions is the member's guild-level permission bitfield.
func (g *Guild) memberPermissions(userID ID) uint64 {
	if userID == g.OwnerID {
		return ^uint64(0) >> 13
	}
	m, ok := g.Members[userID]
	if !ok {
		return 0
	}
	var p uint64
	for _, r := range g.Roles {
		if r.ID == g.ID || slices.Contains(m.Roles, r.ID) {
			v, _ := strconv.ParseUint(r.Permissions, 10, 64)
			p |= v
		}
	}
	if p&permAdministrator != 0 {
		return ^uint64(0) >> 13
	}
	return p
}
