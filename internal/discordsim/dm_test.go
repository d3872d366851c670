package discordsim_test

import (
	"testing"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/events"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestDMs opens DMs through disgo, sends to a user who accepts them and to
// one who refuses them (50007), and receives a user's DM to the bot.
func TestDMs(t *testing.T) {
	s := testenv.StartSim(t)
	b := startBot(t, s, allBotIntents)
	r := b.client.Rest()
	alice, bob := discordsim.UserID(5), discordsim.UserID(6)
	s.RefuseDMs(bob, true)

	t.Run("bot sends a DM", func(t *testing.T) {
		ch, err := r.CreateDMChannel(sf(alice))
		if err != nil {
			t.Fatal(err)
		}
		again, err := r.CreateDMChannel(sf(alice))
		if err != nil || again.ID() != ch.ID() {
			t.Fatalf("reopening the DM gave %v, %v; want the same channel %s", again, err, ch.ID())
		}
		if _, err := r.CreateMessage(ch.ID(), discord.MessageCreate{Content: "your case was closed"}); err != nil {
			t.Fatal(err)
		}
		dms := s.DMs(alice)
		if len(dms) != 1 || dms[0].Content != "your case was closed" || dms[0].Author.ID != discordsim.ApplicationID || dms[0].GuildID != nil {
			t.Fatalf("DMs recorded = %+v", dms)
		}
	})
	t.Run("user refuses DMs", func(t *testing.T) {
		ch, err := r.CreateDMChannel(sf(bob))
		if err != nil {
			t.Fatalf("opening the DM must work even when the user refuses DMs: %v", err)
		}
		_, err = r.CreateMessage(ch.ID(), discord.MessageCreate{Content: "hello"})
		if restCode(err) != discordsim.CodeCannotMessageUser {
			t.Fatalf("send to a user who refuses DMs: %v, want code 50007", err)
		}
		if len(s.DMs(bob)) != 0 {
			t.Fatal("a refused DM was recorded")
		}
		s.RefuseDMs(bob, false)
		if _, err := r.CreateMessage(ch.ID(), discord.MessageCreate{Content: "hello"}); err != nil {
			t.Fatalf("after the user accepts DMs again: %v", err)
		}
	})
	t.Run("user DMs the bot", func(t *testing.T) {
		msg, err := s.SendDM(alice, "I need help")
		if err != nil {
			t.Fatal(err)
		}
		e := waitFor(t, b, "the user's DM", func(e *events.DMMessageCreate) bool { return e.MessageID == sf(msg.ID) })
		if e.Message.Content != "I need help" || e.Message.GuildID != nil || e.Message.Author.ID != sf(alice) {
			t.Fatalf("disgo read the DM as %+v", e.Message)
		}
	})
	t.Run("unknown user", func(t *testing.T) {
		if _, err := r.CreateDMChannel(12345); restCode(err) != discordsim.CodeUnknownUser {
			t.Fatalf("DM with an unknown user: %v, want 10013", err)
		}
	})
}
