package discordbot

import (
	"context"
	"strconv"
	"time"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/rest"

	"github.com/warden-bot/warden/core"
)

// This file holds the channel and thread side of core.DiscordActions.
// Channel bodies are written as Discord's JSON (not disgo's create
// types) so that a category, permission overwrites and a null parent_id
// all go through one shape.

type wireOverwrite struct {
	ID    string `json:"id"`
	Type  int    `json:"type"` // 0 role, 1 member
	Allow string `json:"allow"`
	Deny  string `json:"deny"`
}

func overwritesBody(in []core.PermissionOverwrite) ([]wireOverwrite, error) {
	out := make([]wireOverwrite, 0, len(in))
	for _, o := range in {
		if _, err := ids(o.ID); err != nil {
			return nil, err
		}
		w := wireOverwrite{ID: o.ID, Type: 1, Allow: strconv.FormatUint(o.Allow, 10), Deny: strconv.FormatUint(o.Deny, 10)}
		if o.Role {
			w.Type = 0
		}
		out = append(out, w)
	}
	return out, nil
}

// CreateChannel creates a text or voice channel or a category and returns
// its id.
func (a *actions) CreateChannel(ctx context.Context, guildID string, spec core.ChannelSpec, reason string) (string, error) {
	const op = "create the channel"
	r, id, err := a.prepare(op, guildID)
	if err != nil {
		return "", err
	}
	body := map[string]any{"name": spec.Name, "type": int(core.ChannelText)}
	switch {
	case spec.Category:
		body["type"] = int(core.ChannelCategory)
	case spec.Voice:
		body["type"], body["user_limit"] = int(core.ChannelVoice), spec.UserLimit
	default:
		if spec.Topic != "" {
			body["topic"] = spec.Topic
		}
	}
	if spec.ParentID != "" {
		if _, err := ids(spec.ParentID); err != nil {
			return "", err
		}
		body["parent_id"] = spec.ParentID
	}
	if len(spec.Overwrites) > 0 {
		if body["permission_overwrites"], err = overwritesBody(spec.Overwrites); err != nil {
			return "", err
		}
	}
	var out struct {
		ID string `json:"id"`
	}
	err = r.Do(rest.CreateGuildChannel.Compile(nil, id[0]), body, &out, reasonOpts(ctx, reason)...)
	return out.ID, DiscordError(op, err)
}

// EditChannel edits a guild channel or category.
func (a *actions) EditChannel(ctx context.Context, channelID string, edit core.ChannelEdit, reason string) error {
	const op = "edit the channel"
	r, id, err := a.prepare(op, channelID)
	if err != nil {
		return err
	}
	body := map[string]any{}
	if edit.Name != nil {
		body["name"] = *edit.Name
	}
	if edit.UserLimit != nil {
		body["user_limit"] = *edit.UserLimit
	}
	if edit.Topic != nil {
		body["topic"] = *edit.Topic
	}
	if edit.ParentID != nil {
		body["parent_id"] = nil // out of any category
		if *edit.ParentID != "" {
			if _, err := ids(*edit.ParentID); err != nil {
				return err
			}
			body["parent_id"] = *edit.ParentID
		}
	}
	if edit.Overwrites != nil {
		if body["permission_overwrites"], err = overwritesBody(*edit.Overwrites); err != nil {
			return err
		}
	}
	return DiscordError(op, r.Do(rest.UpdateChannel.Compile(nil, id[0]), body, nil, reasonOpts(ctx, reason)...))
}

// CreateThread starts a thread and returns its id.
func (a *actions) CreateThread(ctx context.Context, channelID string, spec core.ThreadSpec, reason string) (string, error) {
	const op = "start the thread"
	r, id, err := a.prepare(op, channelID)
	if err != nil {
		return "", err
	}
	archive := spec.AutoArchive
	if archive == 0 {
		archive = 24 * time.Hour
	}
	body := map[string]any{"name": spec.Name, "auto_archive_duration": int(archive / time.Minute)}
	endpoint := rest.CreateThread.Compile(nil, id[0])
	if spec.MessageID != "" {
		mid, err := ids(spec.MessageID)
		if err != nil {
			return "", err
		}
		endpoint = rest.CreateThreadWithMessage.Compile(nil, id[0], mid[0])
	} else {
		body["type"] = int(core.ChannelPublicThread)
		if spec.Private {
			body["type"] = int(core.ChannelPrivateThread)
		}
	}
	var out struct {
		ID string `json:"id"`
	}
	err = r.Do(endpoint, body, &out, reasonOpts(ctx, reason)...)
	return out.ID, DiscordError(op, err)
}

// EditThread renames, archives or locks a thread.
func (a *actions) EditThread(ctx context.Context, threadID string, edit core.ThreadEdit, reason string) error {
	const op = "edit the thread"
	r, id, err := a.prepare(op, threadID)
	if err != nil {
		return err
	}
	upd := discord.GuildThreadUpdate{Name: edit.Name, Archived: edit.Archived, Locked: edit.Locked}
	_, err = r.UpdateChannel(id[0], upd, reasonOpts(ctx, reason)...)
	return DiscordError(op, err)
}

// AddThreadMember adds a member to a thread.
func (a *actions) AddThreadMember(ctx context.Context, threadID, userID string) error {
	const op = "add the member to the thread"
	r, id, err := a.prepare(op, threadID, userID)
	if err != nil {
		return err
	}
	return DiscordError(op, r.AddThreadMember(id[0], id[1], rest.WithCtx(ctx)))
}

// RemoveThreadMember removes a member from a thread.
func (a *actions) RemoveThreadMember(ctx context.Context, threadID, userID string) error {
	const op = "remove the member from the thread"
	r, id, err := a.prepare(op, threadID, userID)
	if err != nil {
		return err
	}
	return DiscordError(op, r.RemoveThreadMember(id[0], id[1], rest.WithCtx(ctx)))
}
