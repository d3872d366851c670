package core

import (
	"fmt"
)

// DiscordConfig holds sharding and command registration settings.
type DiscordConfig struct {
	// Shards is "auto" (Discord's recommended count, all in this process),
	// or the shards this process runs: ids and ranges with the total,
	// "0-3/16" or "0,1,5-7/16" (see ParseShards). Empty means one shard.
	Shards string `yaml:"shards" env:"DISCORD_SHARDS"`
	// ShardCount is the total shard count when Shards lists shards without
	// a "/N" total.
	ShardCount int `yaml:"shard_count" env:"DISCORD_SHARD_COUNT"`
	// CommandGuilds registers slash commands in these guilds only (fast
	// updates while developing). Empty means global registration.
	CommandGuilds []string `yaml:"command_guilds" env:"DISCORD_COMMAND_GUILDS"`
	// APIURL and GatewayURL point disgo elsewhere than Discord; the demo and
	// the tests use them for the simulated Discord. Empty means Discord.
	APIURL     string `yaml:"api_url" env:"DISCORD_API_URL"`
	GatewayURL string `yaml:"gateway_url" env:"DISCORD_GATEWAY_URL"`
	// AuthorizeURL is the OAuth2 consent page the dashboard login sends
	// browsers to. Empty means https://discord.com/oauth2/authorize.
	AuthorizeURL string `yaml:"authorize_url" env:"DISCORD_AUTHORIZE_URL"`
	// DemoAdminID is the demo admin's user id, for the one-click demo
	// login. Set by demo mode only, never by the file.
	DemoAdminID string `yaml:"-"`
}

// DefaultAuthorizeURL is Discord's OAuth2 consent page.
const DefaultAuthorizeURL = "https://discord.com/oauth2/authorize"

func (d *DiscordConfig) applyDefaults() {
	if d.AuthorizeURL == "" {
		d.AuthorizeURL = DefaultAuthorizeURL
	}
}

func (d *DiscordConfig) validate() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, &ConfigError{Key: key, Problem: fmt.Sprintf(format, args...)})
	}
	if d.Shards != "" && d.Shards != "auto" {
		if _, _, err := ParseShards(d.Shards, d.ShardCount); err != nil {
			bad("DISCORD_SHARDS", "want \"auto\" or shard ids and ranges with the total, such as 0-3/16: %v", err)
		}
	}
	for _, g := range d.CommandGuilds {
		if !IsSnowflake(g) {
			bad("DISCORD_COMMAND_GUILDS", "want guild ids, got %q", g)
		}
	}
	return errs
}
