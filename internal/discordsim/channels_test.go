package discordsim_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/events"
	"github.com/disgoorg/disgo/rest"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestChannelsAndCategories creates, edits and deletes channels and
// categories through disgo, with permission overwrites and Discord's
// 50-channels-per-category limit.
func TestChannelsAndCategories(t *testing.T) {
	s := testenv.StartSim(t)
	b := startBot(t, s, allBotIntents)
	r := b.client.Rest()
	g, _ := demo(t, s, "general")
	staff := discordsim.RoleID(1, discordsim.RoleModerator)

	cat, err := r.CreateGuildChannel(sf(g.ID), discord.GuildCategoryChannelCreate{Name: "Tickets"})
	if err != nil {
		t.Fatal(err)
	}
	if cat.Type() != discord.ChannelTypeGuildCategory {
		t.Fatalf("category has type %d", cat.Type())
	}
	waitFor(t, b, "the category's CHANNEL_CREATE", func(e *events.GuildChannelCreate) bool { return e.ChannelID == cat.ID() })
	text, err := r.CreateGuildChannel(sf(g.ID), discord.GuildTextChannelCreate{Name: "Ticket 1", ParentID: cat.ID(),
		PermissionOverwrites: []discord.PermissionOverwrite{
			discord.RolePermissionOverwrite{RoleID: sf(g.ID), Deny: discord.PermissionViewChannel},
			discord.RolePermissionOverwrite{RoleID: sf(staff), Allow: discord.PermissionViewChannel | discord.PermissionSendMessages},
		}})
	if err != nil {
		t.Fatal(err)
	}
	e := waitFor(t, b, "the text channel's CHANNEL_CREATE", func(e *events.GuildChannelCreate) bool { return e.ChannelID == text.ID() })
	tc := e.Channel.(discord.GuildTextChannel)
	if tc.Name() != "ticket-1" || tc.ParentID() == nil || *tc.ParentID() != cat.ID() || len(tc.PermissionOverwrites()) != 2 {
		t.Fatalf("disgo read the channel as %+v", tc)
	}
	if ow, ok := tc.PermissionOverwrites().Role(sf(staff)); !ok || !ow.Allow.Has(discord.PermissionSendMessages) {
		t.Fatalf("staff overwrite = %+v", ow)
	}
	voice, err := r.CreateGuildChannel(sf(g.ID), discord.GuildVoiceChannelCreate{Name: "Alex's room", UserLimit: 4, ParentID: cat.ID()})
	if err != nil {
		t.Fatal(err)
	}
	if vc := voice.(discord.GuildVoiceChannel); vc.UserLimit != 4 || vc.Bitrate() == 0 {
		t.Fatalf("voice channel = %+v", vc)
	}
	if _, err := r.CreateGuildChannel(sf(g.ID), discord.GuildVoiceChannelCreate{Name: "crowd", UserLimit: 100}); restCode(err) != discordsim.CodeInvalidFormBody {
		t.Fatalf("user_limit 100: %v, want 50035", err)
	}

	if _, err := r.UpdateChannel(text.ID(), discord.GuildTextChannelUpdate{Name: new("ticket-1-closed"), Topic: new("closed")}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "CHANNEL_UPDATE", func(e *events.GuildChannelUpdate) bool {
		return e.ChannelID == text.ID() && e.Channel.Name() == "ticket-1-closed" && e.OldChannel.Name() == "ticket-1"
	})

	// Discord holds at most 50 channels in a category: two are in it.
	for i := range 48 {
		if _, err := r.CreateGuildChannel(sf(g.ID), discord.GuildTextChannelCreate{Name: fmt.Sprintf("t%d", i), ParentID: cat.ID()}); err != nil {
			t.Fatalf("channel %d of the category: %v", i+3, err)
		}
	}
	_, err = r.CreateGuildChannel(sf(g.ID), discord.GuildTextChannelCreate{Name: "one-too-many", ParentID: cat.ID()})
	if restCode(err) != discordsim.CodeInvalidFormBody || !strings.Contains(restErrors(err), "CHANNEL_PARENT_MAX_CHANNELS") {
		t.Fatalf("51st channel of a category: %v, want 50035 CHANNEL_PARENT_MAX_CHANNELS", err)
	}
	_, general := demo(t, s, "general")
	if _, err := r.UpdateChannel(sf(general.ID), discord.GuildTextChannelUpdate{ParentID: new(cat.ID())}); restCode(err) != discordsim.CodeInvalidFormBody {
		t.Fatalf("moving a channel into a full category: %v, want 50035", err)
	}

	if err := r.DeleteChannel(text.ID()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "CHANNEL_DELETE", func(e *events.GuildChannelDelete) bool { return e.ChannelID == text.ID() })
	if err := r.DeleteChannel(cat.ID()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the category's children left without a parent", func(e *events.GuildChannelUpdate) bool {
		return e.ChannelID == voice.ID() && e.Channel.ParentID() == nil
	})
}

// restErrors returns the field errors of a disgo REST error as JSON.
func restErrors(err error) string {
	var re rest.Error
	if errors.As(err, &re) {
		return string(re.Errors)
	}
	return ""
}
