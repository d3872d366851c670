package discordbot_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordbot"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// recorder is a plugin that declares the intents of every event kind and
// records what it receives.
type recorder struct {
	pc     *core.Context
	mu     sync.Mutex
	events []core.DiscordEvent
}

func (p *recorder) PluginInfo() core.PluginInfo { return core.PluginInfo{ID: "rec", Name: "Recorder"} }
func (p *recorder) Provision(pc *core.Context) error {
	p.pc = pc
	return nil
}

// Intents are those docs/discord.md names for the events below; the
// simulator filters dispatches by intent, so every event arriving shows
// the layer requested the union.
func (p *recorder) Intents() core.Intents {
	return core.IntentGuilds | core.IntentGuildMembers | core.IntentGuildMessages | core.IntentMessageContent |
		core.IntentDirectMessages | core.IntentGuildVoiceStates | core.IntentGuildMessageReactions | core.IntentGuildInvites
}

func (p *recorder) OnDiscordEvent(_ context.Context, ev core.DiscordEvent) {
	p.mu.Lock()
	p.events = append(p.events, ev)
	p.mu.Unlock()
}

// await waits for an event that match accepts and returns it.
func await[E core.DiscordEvent](t *testing.T, p *recorder, what string, match func(E) bool) E {
	t.Helper()
	var found E
	testenv.Eventually(t, 20*time.Second, what, func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, ev := range p.events {
			if e, ok := ev.(E); ok && match(e) {
				found = e
				return true
			}
		}
		return false
	})
	return found
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type eventsEnv struct {
	sim     *discordsim.Server
	bot     *discordbot.Discord
	rec     *recorder
	guild   discordsim.ID
	general discordsim.Channel
	lounge  discordsim.Channel
	gaming  discordsim.Channel
}

func startRecorder(t *testing.T) *eventsEnv {
	t.Helper()
	sim := testenv.StartSim(t, discordsim.WithHeartbeatInterval(200*time.Millisecond))
	rec := &recorder{}
	_, d := startBot(t, sim, "rec", rec)
	testenv.Eventually(t, 20*time.Second, "both guilds cached", func() bool { g, _ := d.Guilds(context.Background()); return len(g) == 2 })
	g, _ := sim.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	lounge, _ := g.ChannelByName("Lounge")
	gaming, _ := g.ChannelByName("Gaming")
	return &eventsEnv{sim: sim, bot: d, rec: rec, guild: g.ID, general: *general, lounge: *lounge, gaming: *gaming}
}

// TestMessageEventsCarryTheCachedMessage posts, edits, deletes and purges
// messages: the edit carries the content before it, the delete and the
// purge the messages as last seen (the purge read from the raw dispatch,
// which disgo v0.18 misreads), and a DM arrives as a DirectMessage.
func TestMessageEventsCarryTheCachedMessage(t *testing.T) {
	env := startRecorder(t)
	ch, user := env.general.ID, discordsim.UserID(3)
	m, err := env.sim.SendMessage(ch, user, "first")
	must(t, err)
	id := m.ID.String()
	await(t, env.rec, "the message", func(e core.MessageCreated) bool { return e.MessageID == id && e.Content == "first" })
	_, err = env.sim.EditMessage(ch, m.ID, "second")
	must(t, err)
	up := await(t, env.rec, "the edit", func(e core.MessageUpdated) bool { return e.MessageID == id })
	if up.Content != "second" || up.Previous == nil || up.Previous.Content != "first" || up.AuthorID != user.String() || up.EditedAt.IsZero() {
		t.Fatalf("update = %+v (previous %+v), want second after first by %s", up, up.Previous, user)
	}
	must(t, env.sim.DeleteMessage(ch, m.ID))
	del := await(t, env.rec, "the delete", func(e core.MessageDeleted) bool { return e.MessageID == id })
	if del.GuildID != env.guild.String() || del.Cached == nil || del.Cached.Content != "second" || del.Cached.AuthorID != user.String() {
		t.Fatalf("delete = %+v (cached %+v), want the edited message", del, del.Cached)
	}

	var ids []discordsim.ID
	var want []string
	for i := range 3 {
		m, err := env.sim.SendMessage(ch, user, fmt.Sprintf("spam %d", i))
		must(t, err)
		ids, want = append(ids, m.ID), append(want, m.ID.String())
	}
	await(t, env.rec, "the last spam", func(e core.MessageCreated) bool { return e.MessageID == want[2] })
	must(t, env.sim.DeleteMessages(ch, ids...))
	bulk := await(t, env.rec, "the purge", func(e core.MessagesBulkDeleted) bool { return e.ChannelID == ch.String() })
	if !slices.Equal(bulk.MessageIDs, want) || len(bulk.Cached) != 3 || bulk.Cached[1].Content != "spam 1" || bulk.GuildID != env.guild.String() {
		t.Fatalf("bulk delete = %+v, want ids %v with their cached messages", bulk, want)
	}

	_, err = env.sim.SendDM(discordsim.UserID(4), "help me")
	must(t, err)
	await(t, env.rec, "the DM", func(e core.DirectMessage) bool {
		return e.Content == "help me" && e.AuthorID == discordsim.UserID(4).String()
	})
}

// TestMemberRoleAndVoiceEvents joins, changes and removes a member (the
// update carrying the state before it), creates, renames and deletes a
// role, and moves a member through voice.
func TestMemberRoleAndVoiceEvents(t *testing.T) {
	env := startRecorder(t)
	gid, user := env.guild, discordsim.UserID(5)
	visitor := discordsim.UserID(41)
	must(t, env.sim.JoinGuild(gid, visitor))
	await(t, env.rec, "the join", func(e core.MemberJoined) bool { return e.UserID == visitor.String() })

	must(t, env.sim.SetNick(gid, user, "fiver"))
	nick := await(t, env.rec, "the nickname", func(e core.MemberUpdated) bool { return e.UserID == user.String() && e.Nick == "fiver" })
	if nick.Previous == nil || nick.Previous.Nick != "" || len(nick.Previous.Roles) != 1 {
		t.Fatalf("nickname update previous = %+v, want no nickname and the Member role", nick.Previous)
	}
	until := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	must(t, env.sim.SetTimeout(gid, user, until))
	to := await(t, env.rec, "the timeout", func(e core.MemberUpdated) bool { return e.UserID == user.String() && e.TimeoutUntil != nil })
	if !to.TimeoutUntil.Equal(until) || to.Previous == nil || to.Previous.TimeoutUntil != nil || to.Previous.Nick != "fiver" {
		t.Fatalf("timeout update = %+v (previous %+v)", to, to.Previous)
	}
	mod := discordsim.RoleID(1, discordsim.RoleModerator)
	must(t, env.sim.SetMemberRoles(gid, user, mod))
	roles := await(t, env.rec, "the roles", func(e core.MemberUpdated) bool {
		return e.UserID == user.String() && slices.Equal(e.Roles, []string{mod.String()})
	})
	if roles.Previous == nil || slices.Contains(roles.Previous.Roles, mod.String()) {
		t.Fatalf("roles update previous = %+v", roles.Previous)
	}
	must(t, env.sim.LeaveGuild(gid, visitor))
	await(t, env.rec, "the leave", func(e core.MemberLeft) bool { return e.UserID == visitor.String() })

	role, err := env.sim.CreateRole(gid, "Helpers", 2, 0)
	must(t, err)
	rid := role.String()
	await(t, env.rec, "the new role", func(e core.RoleChanged) bool {
		return e.Change == core.Created && e.Role.ID == rid && e.Role.Name == "Helpers"
	})
	must(t, env.sim.UpdateRole(gid, role, map[string]any{"name": "Helpers+"}))
	ru := await(t, env.rec, "the renamed role", func(e core.RoleChanged) bool { return e.Change == core.Updated && e.Role.ID == rid })
	if ru.Role.Name != "Helpers+" || ru.Previous == nil || ru.Previous.Name != "Helpers" {
		t.Fatalf("role update = %+v (previous %+v)", ru, ru.Previous)
	}
	must(t, env.sim.DeleteRole(gid, role))
	rd := await(t, env.rec, "the deleted role", func(e core.RoleChanged) bool { return e.Change == core.Deleted && e.Role.ID == rid })
	if rd.Role.Name != "Helpers+" {
		t.Fatalf("deleted role = %+v, want its cached name", rd.Role)
	}

	steps := []struct {
		name      string
		do        func() error
		now, prev string
	}{
		{"join", func() error { return env.sim.JoinVoice(gid, user, env.lounge.ID) }, env.lounge.ID.String(), ""},
		{"move", func() error { return env.sim.SetVoice(gid, user, env.gaming.ID) }, env.gaming.ID.String(), env.lounge.ID.String()},
		{"leave", func() error { return env.sim.LeaveVoice(gid, user) }, "", env.gaming.ID.String()},
	}
	for _, st := range steps {
		must(t, st.do())
		await(t, env.rec, "voice "+st.name, func(e core.VoiceStateChanged) bool {
			return e.UserID == user.String() && e.ChannelID == st.now && e.PreviousChannelID == st.prev
		})
	}
}

// TestChannelThreadReactionInviteAndGuildEvents creates, edits and
// deletes a channel; starts, archives and deletes a thread with members
// joining and leaving; reacts; makes and deletes an invite; and removes
// the bot from a guild and adds it back.
func TestChannelThreadReactionInviteAndGuildEvents(t *testing.T) {
	env := startRecorder(t)
	ctx := context.Background()
	gid := env.guild.String()
	dc := env.rec.pc.Discord()
	chID, err := dc.CreateChannel(ctx, gid, core.ChannelSpec{Name: "logs", Topic: "all of it"}, "")
	must(t, err)
	created := await(t, env.rec, "the new channel", func(e core.ChannelChanged) bool { return e.Change == core.Created && e.Channel.ID == chID })
	if created.Channel.Name != "logs" || created.Channel.Topic != "all of it" || created.Channel.Type != core.ChannelText {
		t.Fatalf("created channel = %+v", created.Channel)
	}
	name := "logs-2"
	must(t, dc.EditChannel(ctx, chID, core.ChannelEdit{Name: &name}, ""))
	edited := await(t, env.rec, "the renamed channel", func(e core.ChannelChanged) bool { return e.Change == core.Updated && e.Channel.ID == chID })
	if edited.Channel.Name != "logs-2" || edited.Previous == nil || edited.Previous.Name != "logs" {
		t.Fatalf("channel update = %+v (previous %+v)", edited.Channel, edited.Previous)
	}
	must(t, dc.DeleteChannel(ctx, chID, ""))
	await(t, env.rec, "the deleted channel", func(e core.ChannelChanged) bool {
		return e.Change == core.Deleted && e.Channel.ID == chID && e.Channel.Name == "logs-2"
	})

	owner, joiner := discordsim.UserID(3), discordsim.UserID(6)
	th, err := env.sim.CreateThread(env.general.ID, owner, "help thread", true)
	must(t, err)
	tid := th.String()
	tc := await(t, env.rec, "the thread", func(e core.ThreadChanged) bool { return e.Change == core.Created && e.ThreadID == tid })
	if !tc.Private || tc.Name != "help thread" || tc.ParentID != env.general.ID.String() || tc.OwnerID != owner.String() {
		t.Fatalf("thread = %+v", tc)
	}
	must(t, env.sim.JoinThread(th, joiner))
	await(t, env.rec, "the thread join", func(e core.ThreadMemberChanged) bool {
		return e.ThreadID == tid && e.UserID == joiner.String() && e.Joined
	})
	must(t, env.sim.LeaveThread(th, joiner))
	await(t, env.rec, "the thread leave", func(e core.ThreadMemberChanged) bool {
		return e.ThreadID == tid && e.UserID == joiner.String() && !e.Joined
	})
	archived := true
	_, err = env.bot.Client().Rest().UpdateChannel(snowflake.ID(th), discord.GuildThreadUpdate{Archived: &archived}, rest.WithCtx(ctx))
	must(t, err)
	await(t, env.rec, "the archived thread", func(e core.ThreadChanged) bool { return e.Change == core.Updated && e.ThreadID == tid && e.Archived })
	must(t, dc.DeleteChannel(ctx, tid, ""))
	await(t, env.rec, "the deleted thread", func(e core.ThreadChanged) bool { return e.Change == core.Deleted && e.ThreadID == tid })

	m, err := env.sim.SendMessage(env.general.ID, owner, "react to me")
	must(t, err)
	must(t, env.sim.React(env.general.ID, m.ID, joiner, "👍"))
	await(t, env.rec, "the reaction", func(e core.ReactionChanged) bool {
		return e.Added && e.MessageID == m.ID.String() && e.UserID == joiner.String() && e.Emoji == "👍" && e.GuildID == gid
	})
	must(t, env.sim.Unreact(env.general.ID, m.ID, joiner, "👍"))
	await(t, env.rec, "the removed reaction", func(e core.ReactionChanged) bool { return !e.Added && e.MessageID == m.ID.String() })

	code, err := env.sim.CreateInvite(env.general.ID, owner, 3600, 5)
	must(t, err)
	inv := await(t, env.rec, "the invite", func(e core.InviteChanged) bool { return e.Change == core.Created && e.Code == code })
	if inv.InviterID != owner.String() || inv.MaxAge != time.Hour || inv.MaxUses != 5 || inv.ExpiresAt == nil || inv.GuildID != gid {
		t.Fatalf("invite = %+v", inv)
	}
	must(t, env.sim.DeleteInvite(code))
	await(t, env.rec, "the deleted invite", func(e core.InviteChanged) bool { return e.Change == core.Deleted && e.Code == code })

	g2 := discordsim.GuildID(2)
	must(t, env.sim.RemoveBot(g2))
	await(t, env.rec, "leaving guild 2", func(e core.GuildLeft) bool { return e.GuildID == g2.String() })
	must(t, env.sim.AddBot(g2))
	await(t, env.rec, "joining guild 2 again", func(e core.GuildAvailable) bool { return e.GuildID == g2.String() && e.Joined })
}
