package core

import "sync"

// The Discord component and the guild directory are attached to a Core
// from outside core.go, so they are kept here keyed by the Core.
var (
	attachMu     sync.Mutex
	attachedBots = map[*Core]*Discord{}
	directories  = map[*Core]GuildDirectory{}
)

// SetDirectory installs the guild directory the access checker and the API
// use. The Discord component sets itself when it starts.
func (c *Core) SetDirectory(d GuildDirectory) {
	attachMu.Lock()
	defer attachMu.Unlock()
	if d == nil {
		delete(directories, c)
		return
	}
	directories[c] = d
}

// Directory returns the guild directory, or nil when no Discord component
// runs.
func (c *Core) Directory() GuildDirectory {
	attachMu.Lock()
	defer attachMu.Unlock()
	return directories[c]
}

// Discord returns the core's Discord component, or nil when none was added.
func (c *Core) Discord() *Discord {
	attachMu.Lock()
	defer attachMu.Unlock()
	return attachedBots[c]
}

func (c *Core) attachDiscord(d *Discord) {
	attachMu.Lock()
	defer attachMu.Unlock()
	if d == nil {
		delete(attachedBots, c)
		return
	}
	attachedBots[c] = d
}
