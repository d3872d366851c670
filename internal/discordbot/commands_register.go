package discordbot

import (
	"github.com/warden-bot/warden/core"

	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/rest"
)

// registerCommands overwrites the bot's commands with the plugins' ones:
// in each of Config.Discord.CommandGuilds when set, otherwise globally.
//
// A command Discord refuses with field errors (50035 Invalid Form Body)
// does not stop the bot: it is left out with an ERROR naming its plugin
// and the fields, and the others are registered, so that one plugin's
// mistake leaves every other plugin working. Any other failure (a wrong
// token, Discord unreachable) stops the start.
func (d *Discord) registerCommands(ctx context.Context) error {
	names := make([]string, 0, len(d.commands))
	for name := range d.commands {
		names = append(names, name)
	}
	sort.Strings(names)
	err := d.putCommands(ctx, names)
	if refused := refusedCommands(err, names); len(refused) > 0 {
		kept := names[:0:0]
		for _, name := range names {
			fes, bad := refused[name]
			if !bad {
				kept = append(kept, name)
				continue
			}
			d.log.Error("Discord refused a slash command; running without it",
				"plugin", d.commands[name].plugin.Info.ID, "command", d.commands[name].display(), "errors", formatFieldErrors(fes))
			delete(d.commands, name)
		}
		names = kept
		err = d.putCommands(ctx, names)
	}
	if err != nil {
		return err
	}
	d.stats.setCommands(len(names))
	return nil
}

// putCommands sends one bulk overwrite per target.
func (d *Discord) putCommands(ctx context.Context, names []string) error {
	creates := make([]discord.ApplicationCommandCreate, len(names))
	for i, name := range names {
		creates[i] = d.commands[name].create
	}
	app := d.client.ApplicationID()
	if guilds := d.core.Config().Discord.CommandGuilds; len(guilds) > 0 {
		for _, g := range guilds {
			gid, err := parseSnowflake(g)
			if err != nil {
				return err
			}
			if _, err := d.client.Rest().SetGuildCommands(app, gid, creates, rest.WithCtx(ctx)); err != nil {
				return &commandsError{where: " in guild " + g, err: err}
			}
		}
		return nil
	}
	if _, err := d.client.Rest().SetGlobalCommands(app, creates, rest.WithCtx(ctx)); err != nil {
		return &commandsError{err: err}
	}
	return nil
}

// commandsError is a failed bulk overwrite; its message carries Discord's
// field errors, which disgo's error leaves in the body.
type commandsError struct {
	where string
	err   error
}

func (e *commandsError) Error() string {
	msg := core.AsUserError(DiscordError("register slash commands", e.err)).Message
	var re rest.Error
	if errors.As(e.err, &re) && len(re.Errors) > 0 {
		msg = fmt.Sprintf("could not register slash commands: Discord refused them (%d %s): %s",
			re.Code, re.Message, formatFieldErrors(fieldErrors(re.Errors)))
	}
	return "discord: register commands" + e.where + ": " + msg
}

// Unwrap gives both the typed *Error (errors.Is with the Discord
// sentinels) and disgo's rest.Error (the field errors).
func (e *commandsError) Unwrap() []error {
	return []error{DiscordError("register slash commands", e.err), e.err}
}

// fieldError is one of Discord's 50035 field errors.
type fieldError struct {
	Path    string // "0.options.1.name"
	Code    string // "APPLICATION_COMMAND_INVALID_NAME"
	Message string
}

// fieldErrors flattens Discord's nested "errors" object, sorted by path.
func fieldErrors(raw []byte) []fieldError {
	var out []fieldError
	var walk func(path string, raw json.RawMessage)
	walk = func(path string, raw json.RawMessage) {
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return
		}
		for key, v := range obj {
			if key == "_errors" {
				var errs []struct{ Code, Message string }
				_ = json.Unmarshal(v, &errs)
				for _, e := range errs {
					out = append(out, fieldError{Path: path, Code: e.Code, Message: e.Message})
				}
				continue
			}
			walk(strings.TrimPrefix(path+"."+key, "."), v)
		}
	}
	walk("", raw)
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func formatFieldErrors(fes []fieldError) string {
	parts := make([]string, len(fes))
	for i, fe := range fes {
		parts[i] = fmt.Sprintf("%s: %s %s", fe.Path, fe.Code, fe.Message)
	}
	return strings.Join(parts, "; ")
}

// refusedCommands maps a 50035's field errors to the commands they are
// about (the path's first part is the command's index in the overwrite),
// with the paths made relative to the command. It returns nil when the
// error is not a field error about particular commands.
func refusedCommands(err error, names []string) map[string][]fieldError {
	var re rest.Error
	if !errors.As(err, &re) || re.Code != 50035 || len(re.Errors) == 0 {
		return nil
	}
	out := map[string][]fieldError{}
	for _, fe := range fieldErrors(re.Errors) {
		head, rest, _ := strings.Cut(fe.Path, ".")
		i, convErr := strconv.Atoi(head)
		if convErr != nil || i < 0 || i >= len(names) {
			return nil // not about one command: let the whole start fail
		}
		fe.Path = rest
		out[names[i]] = append(out[names[i]], fe)
	}
	return out
}
