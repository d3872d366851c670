package discordsim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Discord's limits on a guild's channels.
const (
	CodeMaxChannels       = 30013
	maxGuildChannels      = 500
	maxCategoryChannels   = 50
	maxVoiceUserLimit     = 99
	defaultVoiceBitrate   = 64000
	channelNameMaxLength  = 100
	channelTopicMaxLength = 1024
)

// channelBody is what POST /guilds/{guild}/channels and PATCH
// /channels/{channel} read. ParentID is raw so that null (out of any
// category) differs from absent. The thread fields apply to threads only.
type channelBody struct {
	Name                 *string         `json:"name"`
	Type                 *int            `json:"type"`
	Topic                *string         `json:"topic"`
	UserLimit            *int            `json:"user_limit"`
	Bitrate              *int            `json:"bitrate"`
	NSFW                 *bool           `json:"nsfw"`
	Position             *int            `json:"position"`
	ParentID             json.RawMessage `json:"parent_id"`
	PermissionOverwrites *[]Overwrite    `json:"permission_overwrites"`

	Archived            *bool `json:"archived"`
	Locked              *bool `json:"locked"`
	AutoArchiveDuration *int  `json:"auto_archive_duration"`
	Invitable           *bool `json:"invitable"`
}

// checkLocked validates the body against the guild as Discord does, and
// returns the parent it names (0: none or unchanged, with set false).
func (in *channelBody) checkLocked(g *Guild, ch *Channel, chType int) (parent ID, set bool, err *APIError) {
	if in.Name != nil {
		if n := len(*in.Name); n < 1 || n > channelNameMaxLength {
			return 0, false, fieldError("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
	}
	if in.Topic != nil && len(*in.Topic) > channelTopicMaxLength {
		return 0, false, fieldError("topic", "BASE_TYPE_BAD_LENGTH", "Must be between 0 and 1024 in length.")
	}
	if in.UserLimit != nil && (*in.UserLimit < 0 || *in.UserLimit > maxVoiceUserLimit) {
		return 0, false, fieldError("user_limit", "NUMBER_TYPE_MAX", "int value should be less than or equal to 99.")
	}
	if in.PermissionOverwrites != nil {
		for i, o := range *in.PermissionOverwrites {
			if o.Type != 0 && o.Type != 1 {
				return 0, false, fieldError("permission_overwrites", "BASE_TYPE_CHOICES", "Value must be one of (0, 1).")
			}
			if o.Allow == "" {
				(*in.PermissionOverwrites)[i].Allow = "0"
			}
			if o.Deny == "" {
				(*in.PermissionOverwrites)[i].Deny = "0"
			}
		}
	}
	if in.ParentID == nil {
		return 0, false, nil
	}
	if rawNull(in.ParentID) {
		return 0, true, nil
	}
	if err := json.Unmarshal(in.ParentID, &parent); err != nil || parent == 0 {
		return 0, false, fieldError("parent_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.")
	}
	i := slices.IndexFunc(g.Channels, func(c *Channel) bool { return c.ID == parent && c.Type == ChannelCategory })
	if i < 0 || chType == ChannelCategory {
		return 0, false, fieldError("parent_id", "CHANNEL_PARENT_INVALID_TYPE", "Not a category")
	}
	children := 0
	for _, c := range g.Channels {
		if c.ParentID != nil && *c.ParentID == parent && c != ch {
			children++
		}
	}
	if children >= maxCategoryChannels {
		return 0, false, fieldError("parent_id", "CHANNEL_PARENT_MAX_CHANNELS", "Maximum number of channels in category reached (50)")
	}
	return parent, true, nil
}

// apply sets the body's fields on a guild channel.
func (in *channelBody) apply(ch *Channel, parent ID, setParent bool) {
	if in.Name != nil {
		ch.Name = *in.Name
		if ch.Type == ChannelText {
			// Discord lowercases text channel names and joins words with dashes.
			ch.Name = strings.ReplaceAll(strings.ToLower(ch.Name), " ", "-")
		}
	}
	if in.Topic != nil {
		ch.Topic = in.Topic
	}
	if in.UserLimit != nil && ch.Type == ChannelVoice {
		ch.UserLimit = *in.UserLimit
	}
	if in.Bitrate != nil && ch.Type == ChannelVoice {
		ch.Bitrate = *in.Bitrate
	}
	if in.NSFW != nil {
		ch.NSFW = *in.NSFW
	}
	if in.Position != nil {
		ch.Position = *in.Position
	}
	if setParent {
		ch.ParentID = nil
		if parent != 0 {
			p := parent
			ch.ParentID = &p
		}
	}
	if in.PermissionOverwrites != nil {
		ch.PermissionOverwrites = slices.Clone(*in.PermissionOverwrites)
		if ch.PermissionOverwrites == nil {
			ch.PermissionOverwrites = []Overwrite{}
		}
	}
}

func (s *Server) guildChannelRoutes(mux *http.ServeMux) {
	s.api(mux, "POST /guilds/{guild}/channels", authBot, func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
		var in channelBody
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		g := s.guildLocked(ParseID(r.PathValue("guild")))
		if g == nil {
			return 0, nil, errUnknown(CodeUnknownGuild, "Guild")
		}
		if in.Name == nil {
			return 0, nil, fieldError("name", "BASE_TYPE_REQUIRED", "This field is required")
		}
		chType := ChannelText
		if in.Type != nil {
			chType = *in.Type
		}
		if chType != ChannelText && chType != ChannelVoice && chType != ChannelCategory {
			return 0, nil, fieldError("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4}.")
		}
		parent, setParent, apiErr := in.checkLocked(g, nil, chType)
		if apiErr != nil {
			return 0, nil, apiErr
		}
		if len(g.Channels) >= maxGuildChannels {
			return 0, nil, &APIError{Status: http.StatusBadRequest, Code: CodeMaxChannels, Message: "Maximum number of guild channels reached (500)"}
		}
		ch := &Channel{ID: s.newIDLocked(kindChannel), Type: chType, GuildID: g.ID, Position: len(g.Channels), PermissionOverwrites: []Overwrite{}}
		if chType == ChannelVoice {
			ch.Bitrate = defaultVoiceBitrate
		}
		in.apply(ch, parent, setParent)
		g.Channels = append(g.Channels, ch)
		s.dispatchLocked(g.ID, intentGuilds, "CHANNEL_CREATE", ch)
		return 201, ch, nil
	})
	withChannel := func(h func(r *http.Request, body []byte, g *Guild, ch *Channel) (int, any, *APIError)) apiHandler {
		return func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
			s.mu.Lock()
			defer s.mu.Unlock()
			g, ch := s.channelLocked(ParseID(r.PathValue("channel")))
			if ch == nil {
				return 0, nil, errUnknown(CodeUnknownChannel, "Channel")
			}
			return h(r, body, g, ch)
		}
	}
	s.api(mux, "PATCH /channels/{channel}", authBot, withChannel(func(_ *http.Request, body []byte, g *Guild, ch *Channel) (int, any, *APIError) {
		var in channelBody
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		if g == nil {
			return 0, nil, &APIError{Status: http.StatusForbidden, Code: CodeMissingAccess, Message: "Missing Access"}
		}
		if isThread(ch) {
			return s.patchThreadLocked(g, ch, &in)
		}
		parent, setParent, apiErr := in.checkLocked(g, ch, ch.Type)
		if apiErr != nil {
			return 0, nil, apiErr
		}
		in.apply(ch, parent, setParent)
		s.dispatchLocked(g.ID, intentGuilds, "CHANNEL_UPDATE", ch)
		return 200, ch, nil
	}))
	s.api(mux, "DELETE /channels/{channel}", authBot, withChannel(func(_ *http.Request, _ []byte, g *Guild, ch *Channel) (int, any, *APIError) {
		if g == nil {
			return 200, ch, nil // closing a DM: Discord keeps the channel.
		}
		s.deleteChannelLocked(g, ch)
		return 200, ch, nil
	}))
}

// deleteChannelLocked deletes a guild channel or thread as Discord does:
// a category's channels stay, out of any category; a voice channel's
// members are disconnected; a channel's threads go with it.
func (s *Server) deleteChannelLocked(g *Guild, ch *Channel) {
	delete(s.messages, ch.ID)
	if isThread(ch) {
		g.Threads = slices.DeleteFunc(g.Threads, func(c *Channel) bool { return c.ID == ch.ID })
		delete(s.more.threadMembers, ch.ID)
		s.dispatchLocked(g.ID, intentGuilds, "THREAD_DELETE", map[string]any{"id": ch.ID, "guild_id": g.ID, "parent_id": ch.ParentID, "type": ch.Type})
		return
	}
	g.Channels = slices.DeleteFunc(g.Channels, func(c *Channel) bool { return c.ID == ch.ID })
	for _, uid := range voiceMembers(g, ch.ID) {
		s.setVoiceLocked(g, g.Members[uid], 0)
	}
	g.Threads = slices.DeleteFunc(g.Threads, func(t *Channel) bool {
		if t.ParentID != nil && *t.ParentID == ch.ID {
			delete(s.messages, t.ID)
			delete(s.more.threadMembers, t.ID)
			return true
		}
		return false
	})
	s.dispatchLocked(g.ID, intentGuilds, "CHANNEL_DELETE", ch)
	if ch.Type == ChannelCategory {
		for _, c := range g.Channels {
			if c.ParentID != nil && *c.ParentID == ch.ID {
				c.ParentID = nil
				s.dispatchLocked(g.ID, intentGuilds, "CHANNEL_UPDATE", c)
			}
		}
	}
}

// now is the simulator's clock for objects made at run time.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }
