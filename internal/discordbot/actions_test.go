package discordbot_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
)

// wantErr checks that err is a typed *core.Error with code wrapping want.
func wantErr(t *testing.T, what string, err, want error, code core.Code) {
	t.Helper()
	var ue *core.Error
	if !errors.Is(err, want) || !errors.As(err, &ue) || ue.Code != code {
		t.Fatalf("%s: err = %v, want %v with code %s", what, err, want, code)
	}
}

func simChannel(t *testing.T, sim *discordsim.Server, guild discordsim.ID, id string) *discordsim.Channel {
	t.Helper()
	g, _ := sim.Guild(guild)
	for _, c := range g.Channels {
		if c.ID.String() == id {
			return c
		}
	}
	t.Fatalf("channel %s is not in the simulator's guild", id)
	return nil
}

func simMessage(sim *discordsim.Server, channel discordsim.ID, id string) (discordsim.Message, bool) {
	for _, m := range sim.Messages(channel) {
		if m.ID.String() == id {
			return m, true
		}
	}
	return discordsim.Message{}, false
}

// field reads a nested field of a JSON object the simulator stored.
func field(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			s, _ := v.([]any)
			if k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

// TestMessageActions sends a message with an embed, a button and a file,
// edits, pins, unpins and deletes it, sends rich DMs, and checks the
// typed errors: a user who refuses DMs, a message that is not the bot's,
// an unknown message, and the 50-pin limit.
func TestMessageActions(t *testing.T) {
	env := startRecorder(t)
	ctx := context.Background()
	dc := env.rec.pc.Discord()
	ch := env.general.ID
	id, err := dc.Send(ctx, ch.String(), core.Response{Content: "report",
		Embeds:     []core.Embed{{Title: "Case 1", Fields: []core.EmbedField{{Name: "user", Value: "alex"}}}},
		Components: []core.ActionRow{{core.Button{Label: "Close", CustomID: "rec:close:1"}}},
		Files:      []core.File{{Name: "log.txt", Data: []byte("everything")}}})
	must(t, err)
	m, ok := simMessage(env.sim, ch, id)
	if !ok || m.Content != "report" || field(m.Embeds, 0, "title") != "Case 1" ||
		field(m.Components, 0, "components", 0, "custom_id") != "rec:close:1" || field(m.Attachments, 0, "filename") != "log.txt" {
		t.Fatalf("sent message = %+v", m)
	}
	must(t, dc.EditMessage(ctx, ch.String(), id, core.Response{Content: "report (closed)"}))
	if m, _ := simMessage(env.sim, ch, id); m.Content != "report (closed)" || field(m.Embeds, 0, "title") != "Case 1" {
		t.Fatalf("edited message = %+v, want new content and the embed kept", m)
	}
	must(t, dc.Pin(ctx, ch.String(), id, "keep"))
	if m, _ := simMessage(env.sim, ch, id); !m.Pinned {
		t.Fatal("message not pinned")
	}
	must(t, dc.Unpin(ctx, ch.String(), id, ""))
	if m, _ := simMessage(env.sim, ch, id); m.Pinned {
		t.Fatal("message still pinned")
	}
	must(t, dc.DeleteMessage(ctx, ch.String(), id, ""))
	if _, ok := simMessage(env.sim, ch, id); ok {
		t.Fatal("message not deleted")
	}
	wantErr(t, "delete an unknown message", dc.DeleteMessage(ctx, ch.String(), id, ""), core.ErrDiscordUnknownMessage, core.CodeNotFound)
	theirs, err := env.sim.SendMessage(ch, discordsim.UserID(3), "mine")
	must(t, err)
	wantErr(t, "edit a user's message", dc.EditMessage(ctx, ch.String(), theirs.ID.String(), core.Response{Content: "x"}),
		core.ErrDiscordMissingPermissions, core.CodeForbidden)

	user := discordsim.UserID(4)
	dm, mid, err := dc.SendDMMessage(ctx, user.String(), core.Response{Embeds: []core.Embed{{Title: "You were warned"}}})
	must(t, err)
	if got := env.sim.DMs(user); len(got) != 1 || got[0].ID.String() != mid || got[0].ChannelID.String() != dm || field(got[0].Embeds, 0, "title") != "You were warned" {
		t.Fatalf("DMs = %+v", got)
	}
	env.sim.RefuseDMs(user, true)
	_, err = dc.SendDM(ctx, user.String(), "hello?")
	wantErr(t, "DM a user who refuses DMs", err, core.ErrDiscordDMsRefused, core.CodeForbidden)
	if msg := core.AsUserError(err).Message; msg != "could not send a direct message: that user does not accept direct messages" {
		t.Fatalf("message = %q", msg)
	}

	for i := range 50 {
		id, err := dc.SendMessage(ctx, ch.String(), fmt.Sprint("pin ", i))
		must(t, err)
		must(t, dc.Pin(ctx, ch.String(), id, ""))
	}
	id, err = dc.SendMessage(ctx, ch.String(), "one too many")
	must(t, err)
	wantErr(t, "the 51st pin", dc.Pin(ctx, ch.String(), id, ""), core.ErrDiscordLimitReached, core.CodeConflict)
}

// TestChannelAndThreadActions creates a category with a permission
// overwrite, a text channel and a capped voice channel in it, edits and
// moves them, fills the category to Discord's 50 (the 51st is a typed
// limit error), and runs a private thread and a thread on a message
// through members, archive and lock.
func TestChannelAndThreadActions(t *testing.T) {
	env := startRecorder(t)
	ctx := context.Background()
	dc := env.rec.pc.Discord()
	gid := env.guild.String()
	member := discordsim.RoleID(1, discordsim.RoleMember).String()
	hide := []core.PermissionOverwrite{{ID: member, Role: true, Deny: core.PermViewChannel}}
	cat, err := dc.CreateChannel(ctx, gid, core.ChannelSpec{Name: "Tickets", Category: true, Overwrites: hide}, "tickets")
	must(t, err)
	c := simChannel(t, env.sim, env.guild, cat)
	if c.Type != int(core.ChannelCategory) || len(c.PermissionOverwrites) != 1 || c.PermissionOverwrites[0].Type != 0 ||
		c.PermissionOverwrites[0].Deny != fmt.Sprint(core.PermViewChannel) || c.PermissionOverwrites[0].ID.String() != member {
		t.Fatalf("category = %+v", c)
	}
	text, err := dc.CreateChannel(ctx, gid, core.ChannelSpec{Name: "ticket-1", ParentID: cat, Topic: "help"}, "")
	must(t, err)
	voice, err := dc.CreateChannel(ctx, gid, core.ChannelSpec{Name: "Room", Voice: true, UserLimit: 3, ParentID: cat}, "")
	must(t, err)
	if v := simChannel(t, env.sim, env.guild, voice); v.Type != int(core.ChannelVoice) || v.UserLimit != 3 || v.ParentID == nil || v.ParentID.String() != cat {
		t.Fatalf("voice channel = %+v", v)
	}
	name, limit, out := "Big Room", 10, ""
	must(t, dc.EditChannel(ctx, voice, core.ChannelEdit{Name: &name, UserLimit: &limit, ParentID: &out}, ""))
	if v := simChannel(t, env.sim, env.guild, voice); v.Name != "Big Room" || v.UserLimit != 10 || v.ParentID != nil {
		t.Fatalf("edited voice channel = %+v, want renamed, 10 users, out of the category", v)
	}
	user := discordsim.UserID(7).String()
	open := []core.PermissionOverwrite{{ID: user, Allow: core.PermViewChannel | core.PermSendMessages}}
	must(t, dc.EditChannel(ctx, text, core.ChannelEdit{Overwrites: &open}, ""))
	if tc := simChannel(t, env.sim, env.guild, text); len(tc.PermissionOverwrites) != 1 || tc.PermissionOverwrites[0].Type != 1 || tc.PermissionOverwrites[0].ID.String() != user {
		t.Fatalf("text channel overwrites = %+v", tc.PermissionOverwrites)
	}
	for i := 2; i <= 50; i++ {
		_, err := dc.CreateChannel(ctx, gid, core.ChannelSpec{Name: fmt.Sprint("ticket-", i), ParentID: cat}, "")
		must(t, err)
	}
	_, err = dc.CreateChannel(ctx, gid, core.ChannelSpec{Name: "ticket-51", ParentID: cat}, "")
	wantErr(t, "a 51st channel in the category", err, core.ErrDiscordLimitReached, core.CodeConflict)
	must(t, dc.DeleteChannel(ctx, voice, ""))
	_, err = dc.CreateChannel(ctx, gid, core.ChannelSpec{Name: "x", ParentID: voice}, "")
	if err == nil {
		t.Fatal("created a channel under a deleted one")
	}

	th, err := dc.CreateThread(ctx, text, core.ThreadSpec{Name: "escalation", Private: true}, "")
	must(t, err)
	thID := discordsim.ParseID(th)
	if got, ok := env.sim.Thread(thID); !ok || got.Type != int(core.ChannelPrivateThread) {
		t.Fatalf("thread = %+v", got)
	}
	must(t, dc.AddThreadMember(ctx, th, user))
	if !slices.Contains(env.sim.ThreadMembers(thID), discordsim.UserID(7)) {
		t.Fatalf("thread members = %v", env.sim.ThreadMembers(thID))
	}
	must(t, dc.RemoveThreadMember(ctx, th, user))
	if slices.Contains(env.sim.ThreadMembers(thID), discordsim.UserID(7)) {
		t.Fatalf("thread members after removal = %v", env.sim.ThreadMembers(thID))
	}
	yes := true
	must(t, dc.EditThread(ctx, th, core.ThreadEdit{Archived: &yes, Locked: &yes}, "resolved"))
	if got, _ := env.sim.Thread(thID); got.ThreadMetadata == nil || !got.ThreadMetadata.Archived || !got.ThreadMetadata.Locked {
		t.Fatalf("thread metadata = %+v", got.ThreadMetadata)
	}
	wantErr(t, "add to an archived thread", dc.AddThreadMember(ctx, th, user), core.ErrDiscordThreadArchived, core.CodeConflict)

	msg, err := dc.SendMessage(ctx, env.general.ID.String(), "discuss this")
	must(t, err)
	pub, err := dc.CreateThread(ctx, env.general.ID.String(), core.ThreadSpec{Name: "discussion", MessageID: msg, AutoArchive: time.Hour}, "")
	must(t, err)
	if got, _ := env.sim.Thread(discordsim.ParseID(pub)); pub != msg || got.Type != int(core.ChannelPublicThread) || got.ThreadMetadata.AutoArchiveDuration != 60 {
		t.Fatalf("thread on a message = %s %+v, want the message's id, public, 60 min", pub, got)
	}
	wantErr(t, "an unknown channel", dc.DeleteChannel(ctx, voice, ""), core.ErrDiscordUnknownChannel, core.CodeNotFound)
}

// TestMemberAndVoiceActions gives and takes a role, sets a nickname and a
// timeout, moves a member between voice channels and disconnects them,
// then kicks and bans; a move of a member not in voice and a kick of a
// non-member are typed errors.
func TestMemberAndVoiceActions(t *testing.T) {
	env := startRecorder(t)
	ctx := context.Background()
	dc := env.rec.pc.Discord()
	gid, uid := env.guild.String(), discordsim.UserID(8)
	user := uid.String()
	mod := discordsim.RoleID(1, discordsim.RoleModerator)
	must(t, dc.AddRole(ctx, gid, user, mod.String(), ""))
	if m, _ := env.sim.Member(env.guild, uid); !slices.Contains(m.Roles, mod) {
		t.Fatalf("roles after add = %v", m.Roles)
	}
	must(t, dc.RemoveRole(ctx, gid, user, mod.String(), ""))
	if m, _ := env.sim.Member(env.guild, uid); slices.Contains(m.Roles, mod) {
		t.Fatalf("roles after remove = %v", m.Roles)
	}
	must(t, dc.SetNickname(ctx, gid, user, "eight", ""))
	if m, _ := env.sim.Member(env.guild, uid); m.Nick == nil || *m.Nick != "eight" {
		t.Fatalf("nick = %v", m.Nick)
	}
	must(t, dc.SetNickname(ctx, gid, user, "", ""))
	if m, _ := env.sim.Member(env.guild, uid); m.Nick != nil {
		t.Fatalf("nick after reset = %q", *m.Nick)
	}
	until := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	must(t, dc.Timeout(ctx, gid, user, until, "cool down"))
	if m, _ := env.sim.Member(env.guild, uid); m.CommunicationDisabledUntil == nil || !m.CommunicationDisabledUntil.Equal(until) {
		t.Fatalf("timeout = %v", m.CommunicationDisabledUntil)
	}
	must(t, dc.Timeout(ctx, gid, user, time.Time{}, ""))
	if m, _ := env.sim.Member(env.guild, uid); m.CommunicationDisabledUntil != nil {
		t.Fatalf("timeout after lifting = %v", m.CommunicationDisabledUntil)
	}

	room, err := dc.CreateChannel(ctx, gid, core.ChannelSpec{Name: "Duo", Voice: true, UserLimit: 2}, "")
	must(t, err)
	wantErr(t, "move a member not in voice", dc.MoveMember(ctx, gid, user, room, ""), core.ErrDiscordNotInVoice, core.CodeConflict)
	must(t, env.sim.JoinVoice(env.guild, uid, env.lounge.ID))
	must(t, dc.MoveMember(ctx, gid, user, room, "to the duo"))
	if got := env.sim.VoiceChannel(env.guild, uid); got.String() != room {
		t.Fatalf("voice channel after move = %s, want %s", got, room)
	}
	must(t, dc.MoveMember(ctx, gid, user, "", "disconnect"))
	if got := env.sim.VoiceChannel(env.guild, uid); got != 0 {
		t.Fatalf("voice channel after disconnect = %s", got)
	}

	must(t, dc.Kick(ctx, gid, user, "bye"))
	if _, ok := env.sim.Member(env.guild, uid); ok {
		t.Fatal("still a member after the kick")
	}
	wantErr(t, "kick a non-member", dc.Kick(ctx, gid, user, ""), core.ErrDiscordUnknownMember, core.CodeNotFound)
	must(t, dc.Ban(ctx, gid, discordsim.UserID(9).String(), time.Hour, "spam"))
	if banned, err := dc.Banned(ctx, gid, discordsim.UserID(9).String()); err != nil || !banned {
		t.Fatalf("banned = %v, %v", banned, err)
	}
	if _, ok := env.sim.Member(env.guild, discordsim.UserID(9)); ok {
		t.Fatal("still a member after the ban")
	}
}
