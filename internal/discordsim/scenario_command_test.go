package discordsim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/disgoorg/disgo/discord"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// nth returns the i-th dispatch of type name (0-based) once it arrives.
func (c *rawClient) nth(t *testing.T, name string, i int) []byte {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		list := c.got[name]
		c.mu.Unlock()
		if len(list) > i {
			return list[i]
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no dispatch %d of %s", i, name)
	return nil
}

// TestInvokeSubcommandSendsDiscordsNesting runs subcommands and checks that
// disgo reads the dispatched interaction as it reads Discord's: the
// subcommand's name, its group, and its options flattened by name.
func TestInvokeSubcommandSendsDiscordsNesting(t *testing.T) {
	s := testenv.StartSim(t)
	c := dialRaw(t, s, allIntents)
	c.wait(t, "READY")
	g, _ := s.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	user := discordsim.UserID(3)
	cmds := []map[string]any{
		{"name": "case", "description": "Cases.", "options": []map[string]any{
			{"type": 1, "name": "show", "description": "Show.", "options": []map[string]any{{"type": 4, "name": "number", "description": "n", "required": true}}},
			{"type": 1, "name": "edit", "description": "Edit.", "options": []map[string]any{
				{"type": 4, "name": "number", "description": "n", "required": true}, {"type": 3, "name": "reason", "description": "r", "required": true}}},
		}},
		{"name": "config", "description": "Config.", "options": []map[string]any{
			{"type": 2, "name": "log", "description": "Log.", "options": []map[string]any{
				{"type": 1, "name": "set", "description": "Set.", "options": []map[string]any{{"type": 7, "name": "channel", "description": "c", "required": true}}}}},
		}},
		{"name": "echo", "description": "Echo.", "options": []map[string]any{{"type": 3, "name": "text", "description": "t", "required": true}, {"type": 5, "name": "loud", "description": "l"}}},
	}
	if rs := botRequest(t, s, "PUT", "/applications/"+discordsim.ApplicationID.String()+"/commands", cmds); rs.StatusCode != 200 {
		t.Fatalf("register commands: %d", rs.StatusCode)
	}

	valid := []struct {
		name, cmd, sub, wantName, wantSub, wantGroup string
		opts                                         map[string]any
		check                                        func(d discord.SlashCommandInteractionData) bool
	}{
		{"subcommand", "case", "show", "case show", "show", "", map[string]any{"number": 3},
			func(d discord.SlashCommandInteractionData) bool { return d.Int("number") == 3 }},
		{"subcommand with two options", "case", "edit", "case edit", "edit", "", map[string]any{"number": 1, "reason": "typo"},
			func(d discord.SlashCommandInteractionData) bool {
				return d.Int("number") == 1 && d.String("reason") == "typo"
			}},
		{"group and subcommand", "config", "log set", "config log set", "set", "log", map[string]any{"channel": general.ID},
			func(d discord.SlashCommandInteractionData) bool {
				return d.Snowflake("channel").String() == general.ID.String()
			}},
		{"flat command", "echo", "", "echo", "", "", map[string]any{"text": "hi", "loud": true},
			func(d discord.SlashCommandInteractionData) bool { return d.String("text") == "hi" && d.Bool("loud") }},
	}
	for i, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			var it *discordsim.Interaction
			var err error
			if tc.sub == "" {
				it, err = s.InvokeCommand(g.ID, general.ID, user, tc.cmd, tc.opts)
			} else {
				it, err = s.InvokeSubcommand(g.ID, general.ID, user, tc.cmd, tc.sub, tc.opts)
			}
			if err != nil {
				t.Fatal(err)
			}
			if it.Name != tc.wantName {
				t.Fatalf("interaction name %q, want %q", it.Name, tc.wantName)
			}
			ix, err := discord.UnmarshalInteraction(c.nth(t, "INTERACTION_CREATE", i))
			if err != nil {
				t.Fatalf("disgo cannot read the interaction: %v", err)
			}
			d := ix.(discord.ApplicationCommandInteraction).Data.(discord.SlashCommandInteractionData)
			sub, group := "", ""
			if d.SubCommandName != nil {
				sub = *d.SubCommandName
			}
			if d.SubCommandGroupName != nil {
				group = *d.SubCommandGroupName
			}
			if d.CommandName() != tc.cmd || sub != tc.wantSub || group != tc.wantGroup || !tc.check(d) {
				t.Fatalf("disgo read /%s sub %q group %q options %v", d.CommandName(), sub, group, d.Options)
			}
		})
	}

	invalid := []struct {
		name, cmd, sub, want string
		opts                 map[string]any
	}{
		{"subcommands need InvokeSubcommand", "case", "", "has subcommands (show, edit)", map[string]any{"number": 1}},
		{"undeclared subcommand", "case", "delete", `no subcommand "delete"`, nil},
		{"subcommand of a flat command", "echo", "shout", `no subcommand "shout"`, nil},
		{"group named as a subcommand", "config", "log", `no subcommand "log"`, nil},
		{"too deep", "config", "log set now", "at most a group and a subcommand", nil},
		{"missing required option", "case", "edit", `needs option "reason"`, map[string]any{"number": 1}},
		{"option of another subcommand", "case", "show", `has no option "reason"`, map[string]any{"number": 1, "reason": "x"}},
		{"wrong type", "case", "show", `"number" (type 4) cannot take string`, map[string]any{"number": "one"}},
		{"unregistered command", "nope", "x", "not registered", nil},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.sub == "" {
				_, err = s.InvokeCommand(g.ID, general.ID, user, tc.cmd, tc.opts)
			} else {
				_, err = s.InvokeSubcommand(g.ID, general.ID, user, tc.cmd, tc.sub, tc.opts)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
	if n := c.count("INTERACTION_CREATE"); n != len(valid) {
		t.Fatalf("%d interactions dispatched, want %d (refused invocations dispatch nothing)", n, len(valid))
	}
}

// TestRoleScenario creates a role, gives it to a member, and checks the
// dispatches a bot's cache is kept by.
func TestRoleScenario(t *testing.T) {
	s := testenv.StartSim(t)
	c := dialRaw(t, s, allIntents)
	c.wait(t, "READY")
	gid := discordsim.GuildID(1)
	id, err := s.CreateRole(gid, "Senior", 6, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(c.wait(t, "GUILD_ROLE_CREATE")), `"position":6`) {
		t.Fatal("GUILD_ROLE_CREATE without the role's position")
	}
	if err := s.SetMemberRoles(gid, discordsim.UserID(3), id); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Member(gid, discordsim.UserID(3)); len(m.Roles) != 1 || m.Roles[0] != id {
		t.Fatalf("roles = %v", m.Roles)
	}
	if !strings.Contains(string(c.wait(t, "GUILD_MEMBER_UPDATE")), id.String()) {
		t.Fatal("GUILD_MEMBER_UPDATE without the new role")
	}
	bad := []struct {
		name string
		err  error
	}{
		{"unknown role", s.SetMemberRoles(gid, discordsim.UserID(3), discordsim.ID(12345))},
		{"@everyone is not assignable", s.SetMemberRoles(gid, discordsim.UserID(3), discordsim.RoleID(1, discordsim.RoleEveryone))},
		{"not a member", s.SetMemberRoles(gid, discordsim.UserID(999), id)},
		{"position 0", func() error { _, err := s.CreateRole(gid, "Low", 0, 0); return err }()},
	}
	for _, b := range bad {
		if b.err == nil {
			t.Errorf("%s: no error", b.name)
		}
	}
}
