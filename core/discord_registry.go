package core

// The Discord component and the guild directory are attached to a Core when
// the component is built and started; these accessors guard them with the
// core's lock.

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

// Discord returns the core's Discord component, or nil when none was added.
func (c *Core) Discord() *Discord {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.discord
}

func (c *Core) attachDiscord(d *Discord) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.discord = d
}
