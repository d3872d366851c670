package discordsim_test

import (
	"encoding/json"
	"testing"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/events"
	"github.com/disgoorg/disgo/gateway"
	"github.com/disgoorg/snowflake/v2"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestMessageEditsDeletesAndPins edits, deletes, bulk-deletes and pins
// messages through disgo and as users, and checks what disgo receives.
func TestMessageEditsDeletesAndPins(t *testing.T) {
	s := testenv.StartSim(t)
	b := startBot(t, s, allBotIntents)
	r := b.client.Rest()
	_, general := demo(t, s, "general")
	user := discordsim.UserID(3)
	say := func(content string) discordsim.Message {
		t.Helper()
		m, err := s.SendMessage(general.ID, user, content)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}

	t.Run("bot edits its message", func(t *testing.T) {
		m, err := r.CreateMessage(sf(general.ID), discord.MessageCreate{Content: "draft"})
		if err != nil {
			t.Fatal(err)
		}
		edited, err := r.UpdateMessage(sf(general.ID), m.ID, discord.MessageUpdate{Content: new("final")})
		if err != nil {
			t.Fatal(err)
		}
		if edited.Content != "final" || edited.EditedTimestamp == nil {
			t.Fatalf("edit answered %q edited at %v", edited.Content, edited.EditedTimestamp)
		}
		e := waitFor(t, b, "MESSAGE_UPDATE", func(e *events.GuildMessageUpdate) bool { return e.MessageID == m.ID })
		if e.Message.Content != "final" || e.OldMessage.Content != "draft" {
			t.Fatalf("disgo saw %q after %q", e.Message.Content, e.OldMessage.Content)
		}
	})
	t.Run("bot cannot edit a user's message", func(t *testing.T) {
		m := say("mine")
		_, err := r.UpdateMessage(sf(general.ID), sf(m.ID), discord.MessageUpdate{Content: new("yours")})
		if restCode(err) != discordsim.CodeCannotEditOthers {
			t.Fatalf("edit of a user's message: %v, want 50005", err)
		}
	})
	t.Run("user edits and deletes", func(t *testing.T) {
		m := say("teh typo")
		if _, err := s.EditMessage(general.ID, m.ID, "the typo"); err != nil {
			t.Fatal(err)
		}
		e := waitFor(t, b, "the user's edit", func(e *events.GuildMessageUpdate) bool { return e.MessageID == sf(m.ID) })
		if e.Message.Content != "the typo" || e.OldMessage.Content != "teh typo" || e.Message.EditedTimestamp == nil {
			t.Fatalf("disgo saw %q after %q, edited %v", e.Message.Content, e.OldMessage.Content, e.Message.EditedTimestamp)
		}
		if err := s.DeleteMessage(general.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		d := waitFor(t, b, "the user's delete", func(e *events.GuildMessageDelete) bool { return e.MessageID == sf(m.ID) })
		if d.Message.Content != "the typo" {
			t.Fatalf("disgo's cached deleted message = %q", d.Message.Content)
		}
	})
	t.Run("bulk delete", func(t *testing.T) {
		a, c := say("spam 1"), say("spam 2")
		if err := r.BulkDeleteMessages(sf(general.ID), []snowflake.ID{sf(a.ID), sf(c.ID)}); err != nil {
			t.Fatal(err)
		}
		// Discord's MESSAGE_DELETE_BULK carries "ids"; disgo v0.18.15
		// reads "id" and so reports no deletes: a listener must read the
		// raw dispatch.
		bulk := waitBulkDelete(t, b, 1)
		if len(bulk.IDs) != 2 || bulk.IDs[0] != a.ID || bulk.IDs[1] != c.ID || bulk.ChannelID != general.ID {
			t.Fatalf("MESSAGE_DELETE_BULK = %+v", bulk)
		}
		for _, m := range s.Messages(general.ID) {
			if m.ID == a.ID || m.ID == c.ID {
				t.Fatal("a bulk-deleted message is still there")
			}
		}
		if err := r.BulkDeleteMessages(sf(general.ID), []snowflake.ID{sf(say("one").ID)}); restCode(err) != discordsim.CodeInvalidFormBody {
			t.Fatalf("bulk delete of one message: %v, want 50035", err)
		}
		x, y, z := say("purge 1"), say("purge 2"), say("purge 3")
		if err := s.DeleteMessages(general.ID, x.ID, y.ID, z.ID); err != nil {
			t.Fatal(err)
		}
		if bulk := waitBulkDelete(t, b, 2); len(bulk.IDs) != 3 || bulk.IDs[2] != z.ID {
			t.Fatalf("the purge's MESSAGE_DELETE_BULK = %+v", bulk)
		}
	})
	t.Run("pins", func(t *testing.T) {
		m := say("pin me")
		if err := r.PinMessage(sf(general.ID), sf(m.ID)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, b, "CHANNEL_PINS_UPDATE", func(e *events.GuildChannelPinsUpdate) bool {
			return e.ChannelID == sf(general.ID) && e.NewLastPinTimestamp != nil
		})
		pins, err := r.GetPinnedMessages(sf(general.ID))
		if err != nil || len(pins) != 1 || pins[0].ID != sf(m.ID) || !pins[0].Pinned {
			t.Fatalf("pins = %v, %v", pins, err)
		}
		if err := r.UnpinMessage(sf(general.ID), sf(m.ID)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, b, "CHANNEL_PINS_UPDATE after unpinning", func(e *events.GuildChannelPinsUpdate) bool {
			return e.ChannelID == sf(general.ID) && e.NewLastPinTimestamp == nil
		})
		if err := r.PinMessage(sf(general.ID), 42); restCode(err) != discordsim.CodeUnknownMessage {
			t.Fatalf("pin of an unknown message: %v, want 10008", err)
		}
	})
}

// TestReactions adds and removes reactions as the bot and as users.
func TestReactions(t *testing.T) {
	s := testenv.StartSim(t)
	b := startBot(t, s, allBotIntents)
	r := b.client.Rest()
	_, general := demo(t, s, "general")
	user := discordsim.UserID(4)
	m, err := s.SendMessage(general.ID, discordsim.UserID(3), "vote")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.AddReaction(sf(general.ID), sf(m.ID), "👍"); err != nil {
		t.Fatal(err)
	}
	e := waitFor(t, b, "the bot's reaction", func(e *events.GuildMessageReactionAdd) bool { return e.UserID == b.client.ID() })
	if e.Emoji.Name == nil || *e.Emoji.Name != "👍" || e.MessageID != sf(m.ID) {
		t.Fatalf("reaction = %+v", e.GenericGuildMessageReaction)
	}
	if err := s.React(general.ID, m.ID, user, "👍"); err != nil {
		t.Fatal(err)
	}
	if err := s.React(general.ID, m.ID, user, "party:123456789012345678"); err != nil {
		t.Fatal(err)
	}
	custom := waitFor(t, b, "the custom emoji", func(e *events.GuildMessageReactionAdd) bool { return e.Emoji.ID != nil })
	if *custom.Emoji.Name != "party" || custom.UserID != sf(user) || custom.Member.User.ID != sf(user) {
		t.Fatalf("custom reaction = %+v", custom.GenericGuildMessageReaction)
	}
	got, err := r.GetMessage(sf(general.ID), sf(m.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Reactions) != 2 || got.Reactions[0].Count != 2 || !got.Reactions[0].Me || got.Reactions[1].Me {
		t.Fatalf("message reactions = %+v", got.Reactions)
	}
	if err := s.Unreact(general.ID, m.ID, user, "👍"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the user's removal", func(e *events.GuildMessageReactionRemove) bool { return e.UserID == sf(user) })
	if err := r.RemoveOwnReaction(sf(general.ID), sf(m.ID), "👍"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the bot's removal", func(e *events.GuildMessageReactionRemove) bool { return e.UserID == b.client.ID() })
	if err := s.Unreact(general.ID, m.ID, user, "👍"); err == nil {
		t.Fatal("removing a reaction that is not there succeeded")
	}
	got, _ = r.GetMessage(sf(general.ID), sf(m.ID))
	if len(got.Reactions) != 1 || got.Reactions[0].Emoji.Name != "party" {
		t.Fatalf("reactions left = %+v", got.Reactions)
	}
}

type bulkDelete struct {
	IDs       []discordsim.ID `json:"ids"`
	ChannelID discordsim.ID   `json:"channel_id"`
	GuildID   discordsim.ID   `json:"guild_id"`
}

// waitBulkDelete returns the n-th MESSAGE_DELETE_BULK (from 1) disgo got.
func waitBulkDelete(t *testing.T, b *disgoBot, n int) bulkDelete {
	t.Helper()
	testenv.Eventually(t, waitTimeout, "MESSAGE_DELETE_BULK", func() bool { return len(rawOf(b, gateway.EventTypeMessageDeleteBulk)) >= n })
	var d bulkDelete
	if err := json.Unmarshal(rawOf(b, gateway.EventTypeMessageDeleteBulk)[n-1], &d); err != nil {
		t.Fatal(err)
	}
	return d
}
