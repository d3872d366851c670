package core_test

import (
	"testing"

	"github.com/warden-bot/warden/core"
)

func TestCheckRoleIDsAndChannelID(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string // the message, "" for no error
	}{
		{"roles fine", core.CheckRoleIDs("staffRoles", []string{"123", "456"}, 2), ""},
		{"no roles", core.CheckRoleIDs("staffRoles", nil, 2), ""},
		{"too many", core.CheckRoleIDs("staffRoles", []string{"1", "2", "3"}, 2), "staffRoles: at most 2 roles"},
		{"bad role", core.CheckRoleIDs("panels[1].staffRoles", []string{"123", "x"}, 5), `panels[1].staffRoles[1]: "x" is not a role id`},
		{"no channel", core.CheckChannelID("logChannelId", ""), ""},
		{"channel fine", core.CheckChannelID("logChannelId", "987654321"), ""},
		{"bad channel", core.CheckChannelID("logChannelId", "0123"), `logChannelId: "0123" is not a channel id`},
	} {
		if c.want == "" {
			if c.err != nil {
				t.Errorf("%s: %v", c.name, c.err)
			}
			continue
		}
		ue := core.AsUserError(c.err)
		if c.err == nil || ue.Code != core.CodeBadRequest || ue.Message != c.want {
			t.Errorf("%s: got %v, want BAD_REQUEST %q", c.name, c.err, c.want)
		}
	}
}
