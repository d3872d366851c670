package core

// The Discord layer and the guild directory are attached to a Core when
// the Discord component starts; these accessors guard them with the core's
// lock.

// SetDirectory installs the guild directory the access checker and the API
// use. The Discord component sets itself when it starts; nil removes it.
func (c *Core) SetDirectory(d GuildDirectory) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.directory = d
}

// Directory returns the guild directory, or nil when no Discord component
// runs.
func (c *Core) Directory() GuildDirectory {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.directory
}

// SetDiscord installs the running Discord layer that plugins reach through
// pc.Discord(); nil removes it.
func (c *Core) SetDiscord(p DiscordProvider) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.discord = p
}

func (c *Core) discordProvider() DiscordProvider {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.discord
}

// PluginHandle is a running plugin as the core's components see it.
type PluginHandle struct {
	Info    PluginInfo
	Plugin  Plugin
	Context *Context
}

// PluginHandles returns the running plugins, in load order.
func (c *Core) PluginHandles() []PluginHandle {
	rps := c.snapshotPlugins()
	out := make([]PluginHandle, len(rps))
	for i, rp := range rps {
		out[i] = PluginHandle{Info: rp.info, Plugin: rp.plugin, Context: rp.pc}
	}
	return out
}
