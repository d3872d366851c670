// Package all enables every plugin shipped with Warden. It holds only blank
// imports: adding or removing a plugin is one line.
package all

import (
	_ "github.com/warden-bot/warden/plugins/dashboard"
	_ "github.com/warden-bot/warden/plugins/moderation"
	_ "github.com/warden-bot/warden/plugins/modmail"
	_ "github.com/warden-bot/warden/plugins/tickets"
)
