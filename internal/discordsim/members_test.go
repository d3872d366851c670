package discordsim_test

import (
	"slices"
	"testing"
	"time"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/events"
	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestMemberAndRoleUpdates changes members and roles through disgo and as
// scenario steps, and checks the dispatches disgo receives.
func TestMemberAndRoleUpdates(t *testing.T) {
	s := testenv.StartSim(t)
	b := startBot(t, s, allBotIntents)
	r := b.client.Rest()
	g, _ := demo(t, s, "general")
	user := discordsim.UserID(7)
	memberUpdate := func(what string, ok func(discord.Member) bool) {
		t.Helper()
		waitFor(t, b, what, func(e *events.GuildMemberUpdate) bool { return e.Member.User.ID == sf(user) && ok(e.Member) })
	}

	role, err := r.CreateRole(sf(g.ID), discord.RoleCreate{Name: "Helper", Color: 0x00ff00, Mentionable: true})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "GUILD_ROLE_CREATE", func(e *events.RoleCreate) bool { return e.RoleID == role.ID && e.Role.Name == "Helper" })
	if _, err := r.UpdateRole(sf(g.ID), role.ID, discord.RoleUpdate{Name: new("Helpers")}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "GUILD_ROLE_UPDATE", func(e *events.RoleUpdate) bool { return e.Role.Name == "Helpers" && e.OldRole.Name == "Helper" })

	roles := []snowflake.ID{sf(discordsim.RoleID(1, discordsim.RoleMember)), role.ID}
	if _, err := r.UpdateMember(sf(g.ID), sf(user), discord.MemberUpdate{Nick: new("Ri"), Roles: &roles}); err != nil {
		t.Fatal(err)
	}
	memberUpdate("nick and roles", func(m discord.Member) bool {
		return m.Nick != nil && *m.Nick == "Ri" && slices.Contains(m.RoleIDs, role.ID)
	})
	if err := r.RemoveMemberRole(sf(g.ID), sf(user), role.ID); err != nil {
		t.Fatal(err)
	}
	memberUpdate("role removed", func(m discord.Member) bool { return !slices.Contains(m.RoleIDs, role.ID) })
	if err := r.AddMemberRole(sf(g.ID), sf(user), role.ID); err != nil {
		t.Fatal(err)
	}
	memberUpdate("role added", func(m discord.Member) bool { return slices.Contains(m.RoleIDs, role.ID) })

	if err := s.SetNick(g.ID, user, "Riley!"); err != nil {
		t.Fatal(err)
	}
	memberUpdate("the user's nick", func(m discord.Member) bool { return m.Nick != nil && *m.Nick == "Riley!" })
	until := time.Now().Add(time.Hour)
	if err := s.SetTimeout(g.ID, user, until); err != nil {
		t.Fatal(err)
	}
	memberUpdate("a timeout", func(m discord.Member) bool {
		return m.CommunicationDisabledUntil != nil && m.CommunicationDisabledUntil.Sub(until).Abs() < time.Second
	})
	if err := s.SetTimeout(g.ID, user, time.Time{}); err != nil {
		t.Fatal(err)
	}
	memberUpdate("the timeout lifted", func(m discord.Member) bool { return m.CommunicationDisabledUntil == nil })

	if err := r.DeleteRole(sf(g.ID), role.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "GUILD_ROLE_DELETE", func(e *events.RoleDelete) bool { return e.RoleID == role.ID })
	if m, _ := s.Member(g.ID, user); slices.Contains(m.Roles, discordsim.ID(role.ID)) {
		t.Fatal("a deleted role stayed on its member")
	}
	if err := r.DeleteRole(sf(g.ID), sf(g.ID)); restCode(err) != discordsim.CodeInvalidRole {
		t.Fatalf("delete @everyone: %v, want 50028", err)
	}
	if err := s.UpdateRole(g.ID, discordsim.RoleID(1, discordsim.RoleMember), map[string]any{"name": "Members", "hoist": true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the scenario's role update", func(e *events.RoleUpdate) bool { return e.Role.Name == "Members" && e.Role.Hoist })
	if err := s.DeleteRole(g.ID, discordsim.RoleID(1, discordsim.RoleModerator)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the scenario's role delete", func(e *events.RoleDelete) bool {
		return e.RoleID == sf(discordsim.RoleID(1, discordsim.RoleModerator))
	})

	visitor := discordsim.UserID(40)
	if err := s.JoinGuild(g.ID, visitor); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "GUILD_MEMBER_ADD", func(e *events.GuildMemberJoin) bool { return e.Member.User.ID == sf(visitor) })
	if err := s.LeaveGuild(g.ID, visitor); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "GUILD_MEMBER_REMOVE", func(e *events.GuildMemberLeave) bool { return e.User.ID == sf(visitor) })
}

// TestVoiceStates makes members join, move and leave voice, and moves and
// disconnects them through disgo.
func TestVoiceStates(t *testing.T) {
	s := testenv.StartSim(t)
	b := startBot(t, s, allBotIntents)
	r := b.client.Rest()
	g, lounge := demo(t, s, "Lounge")
	gaming, _ := g.ChannelByName("Gaming")
	user := discordsim.UserID(8)

	if err := s.JoinVoice(g.ID, user, lounge.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "join", func(e *events.GuildVoiceJoin) bool { return *e.VoiceState.ChannelID == sf(lounge.ID) })
	if err := s.SetVoice(g.ID, user, gaming.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "move", func(e *events.GuildVoiceMove) bool {
		return *e.VoiceState.ChannelID == sf(gaming.ID) && *e.OldVoiceState.ChannelID == sf(lounge.ID)
	})
	if _, err := r.UpdateMember(sf(g.ID), sf(user), discord.MemberUpdate{ChannelID: new(sf(lounge.ID))}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the bot's move", func(e *events.GuildVoiceMove) bool { return *e.VoiceState.ChannelID == sf(lounge.ID) })
	if got := s.VoiceMembers(lounge.ID); len(got) != 1 || got[0] != user {
		t.Fatalf("lounge members = %v", got)
	}
	// disgo's MemberUpdate omits a nil channel_id; Discord disconnects on
	// an explicit null.
	if err := r.Do(rest.UpdateMember.Compile(nil, sf(g.ID), sf(user)), map[string]any{"channel_id": nil}, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the bot's disconnect", func(e *events.GuildVoiceLeave) bool { return e.Member.User.ID == sf(user) })
	if s.VoiceChannel(g.ID, user) != 0 {
		t.Fatal("still in voice after the disconnect")
	}
	_, err := r.UpdateMember(sf(g.ID), sf(user), discord.MemberUpdate{ChannelID: new(sf(lounge.ID))})
	if restCode(err) != discordsim.CodeNotInVoice {
		t.Fatalf("move of a member not in voice: %v, want 40032", err)
	}
	if err := s.LeaveVoice(g.ID, user); err == nil {
		t.Fatal("leaving voice when in none succeeded")
	}

	// A full channel keeps users out, but not the bot's moves.
	limited, err := r.CreateGuildChannel(sf(g.ID), discord.GuildVoiceChannelCreate{Name: "duo", UserLimit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.JoinVoice(g.ID, user, discordsim.ID(limited.ID())); err != nil {
		t.Fatal(err)
	}
	other := discordsim.UserID(9)
	if err := s.JoinVoice(g.ID, other, discordsim.ID(limited.ID())); err == nil {
		t.Fatal("joined a full voice channel")
	}
	if err := s.JoinVoice(g.ID, other, lounge.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.UpdateMember(sf(g.ID), sf(other), discord.MemberUpdate{ChannelID: new(limited.ID())}); err != nil {
		t.Fatalf("the bot's move into a full channel: %v", err)
	}
	if err := s.LeaveGuild(g.ID, other); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "leaving the guild leaves voice", func(e *events.GuildVoiceLeave) bool { return e.Member.User.ID == sf(other) })
}
