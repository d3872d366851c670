package discordsim

import (
	"net/http"
	"slices"
)

// Discord's codes for threads.
const (
	CodeThreadAlreadyCreated = 160004
	defaultAutoArchive       = 4320 // minutes; Discord's default is 3 days.
)

var autoArchiveDurations = []int{60, 1440, 4320, 10080}

// threadBody is what POST /channels/{channel}/threads and
// .../messages/{message}/threads read.
type threadBody struct {
	Name                string `json:"name"`
	Type                *int   `json:"type"`
	AutoArchiveDuration *int   `json:"auto_archive_duration"`
	Invitable           *bool  `json:"invitable"`
}

// newThreadLocked makes a thread of a text channel owned by a user, adds
// the owner as its first member, and dispatches THREAD_CREATE (with
// newly_created) and THREAD_MEMBERS_UPDATE.
func (s *Server) newThreadLocked(g *Guild, parent *Channel, owner ID, in threadBody, id ID) (*Channel, *APIError) {
	if n := len(in.Name); n < 1 || n > channelNameMaxLength {
		return nil, fieldError("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
	}
	if parent.Type != ChannelText {
		return nil, &APIError{Status: http.StatusBadRequest, Code: 50024, Message: "Cannot execute action on this channel type"}
	}
	chType := ChannelPrivateThread
	if in.Type != nil {
		chType = *in.Type
	}
	if chType != ChannelPublicThread && chType != ChannelPrivateThread {
		return nil, fieldError("type", "BASE_TYPE_CHOICES", "Value must be one of {11, 12}.")
	}
	archive := defaultAutoArchive
	if in.AutoArchiveDuration != nil {
		if !slices.Contains(autoArchiveDurations, *in.AutoArchiveDuration) {
			return nil, fieldError("auto_archive_duration", "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.")
		}
		archive = *in.AutoArchiveDuration
	}
	at := now()
	zero, one := 0, 1
	pid, oid := parent.ID, owner
	t := &Channel{ID: id, Type: chType, GuildID: g.ID, Name: in.Name, ParentID: &pid, OwnerID: &oid,
		MessageCount: &zero, MemberCount: &one, TotalMessageSent: &zero, RateLimitPerUser: &zero,
		ThreadMetadata: &ThreadMetadata{AutoArchiveDuration: archive, ArchiveTimestamp: at, CreateTimestamp: &at}}
	if chType == ChannelPrivateThread {
		invitable := in.Invitable == nil || *in.Invitable
		t.ThreadMetadata.Invitable = &invitable
	}
	g.Threads = append(g.Threads, t)
	created := *t
	created.NewlyCreated = true
	s.dispatchLocked(g.ID, intentGuilds, "THREAD_CREATE", created)
	s.addThreadMemberLocked(g, t, owner)
	return t, nil
}

// addThreadMemberLocked adds a user to a thread and dispatches
// THREAD_MEMBERS_UPDATE; it reports false when they were a member already.
func (s *Server) addThreadMemberLocked(g *Guild, t *Channel, userID ID) bool {
	if s.more.threadMembers == nil {
		s.more.threadMembers = map[ID][]*ThreadMember{}
	}
	list := s.more.threadMembers[t.ID]
	if slices.ContainsFunc(list, func(m *ThreadMember) bool { return m.UserID == userID }) {
		return false
	}
	tm := &ThreadMember{ID: t.ID, UserID: userID, JoinTimestamp: now()}
	s.more.threadMembers[t.ID] = append(list, tm)
	n := len(s.more.threadMembers[t.ID])
	t.MemberCount = &n
	added := *tm
	if m, ok := g.Members[userID]; ok {
		mm := memberWithGuild(g, m)
		added.Member = &mm
	}
	s.dispatchThreadMembersLocked(g, t, userID, map[string]any{"added_members": []ThreadMember{added}})
	return true
}

func (s *Server) removeThreadMemberLocked(g *Guild, t *Channel, userID ID) bool {
	list := s.more.threadMembers[t.ID]
	i := slices.IndexFunc(list, func(m *ThreadMember) bool { return m.UserID == userID })
	if i < 0 {
		return false
	}
	s.more.threadMembers[t.ID] = slices.Delete(list, i, i+1)
	n := len(s.more.threadMembers[t.ID])
	t.MemberCount = &n
	s.dispatchThreadMembersLocked(g, t, userID, map[string]any{"removed_member_ids": []ID{userID}})
	return true
}

// dispatchThreadMembersLocked sends THREAD_MEMBERS_UPDATE: with GUILDS
// when the bot itself joined or left, and only with GUILD_MEMBERS too
// for other users, as Discord does.
func (s *Server) dispatchThreadMembersLocked(g *Guild, t *Channel, userID ID, change map[string]any) {
	d := map[string]any{"id": t.ID, "guild_id": g.ID, "member_count": *t.MemberCount}
	for k, v := range change {
		d[k] = v
	}
	need := uint64(intentGuilds)
	if userID != ApplicationID {
		need |= intentGuildMembers
	}
	s.dispatchWhereLocked(g.ID, func(intents uint64) bool { return intents&need == need }, "THREAD_MEMBERS_UPDATE", d)
}

// patchThreadLocked is PATCH /channels/{thread}: name, archived, locked,
// auto_archive_duration and invitable; it dispatches THREAD_UPDATE.
func (s *Server) patchThreadLocked(g *Guild, t *Channel, in *channelBody) (int, any, *APIError) {
	if in.Name != nil && (len(*in.Name) < 1 || len(*in.Name) > channelNameMaxLength) {
		return 0, nil, fieldError("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
	}
	if in.AutoArchiveDuration != nil && !slices.Contains(autoArchiveDurations, *in.AutoArchiveDuration) {
		return 0, nil, fieldError("auto_archive_duration", "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.")
	}
	if in.Invitable != nil && t.Type != ChannelPrivateThread {
		return 0, nil, fieldError("invitable", "BASE_TYPE_CHOICES", "Only private threads can be invitable.")
	}
	md := t.ThreadMetadata
	if in.Name != nil {
		t.Name = *in.Name
	}
	if in.AutoArchiveDuration != nil {
		md.AutoArchiveDuration = *in.AutoArchiveDuration
	}
	if in.Invitable != nil {
		v := *in.Invitable
		md.Invitable = &v
	}
	if in.Locked != nil {
		md.Locked = *in.Locked
	}
	if in.Archived != nil && *in.Archived != md.Archived {
		md.Archived = *in.Archived
		md.ArchiveTimestamp = now()
	}
	s.dispatchLocked(g.ID, intentGuilds, "THREAD_UPDATE", t)
	return 200, t, nil
}

func (s *Server) threadRoutes(mux *http.ServeMux) {
	withParent := func(h func(r *http.Request, g *Guild, ch *Channel, in threadBody) (int, any, *APIError)) apiHandler {
		return func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
			var in threadBody
			if err := decode(body, &in); err != nil {
				return 0, nil, err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			g, ch := s.channelLocked(ParseID(r.PathValue("channel")))
			if ch == nil {
				return 0, nil, errUnknown(CodeUnknownChannel, "Channel")
			}
			if g == nil {
				return 0, nil, &APIError{Status: http.StatusBadRequest, Code: CodeDMAction, Message: "Cannot execute action on a DM channel"}
			}
			return h(r, g, ch, in)
		}
	}
	s.api(mux, "POST /channels/{channel}/threads", authBot, withParent(func(_ *http.Request, g *Guild, ch *Channel, in threadBody) (int, any, *APIError) {
		t, err := s.newThreadLocked(g, ch, ApplicationID, in, s.newIDLocked(kindChannel))
		if err != nil {
			return 0, nil, err
		}
		return 201, t, nil
	}))
	s.api(mux, "POST /channels/{channel}/messages/{message}/threads", authBot, withParent(func(r *http.Request, g *Guild, ch *Channel, in threadBody) (int, any, *APIError) {
		m, err := s.messageLocked(ch.ID, ParseID(r.PathValue("message")))
		if err != nil {
			return 0, nil, err
		}
		// A thread started from a message shares the message's id.
		if _, t := s.channelLocked(m.ID); t != nil {
			return 0, nil, &APIError{Status: http.StatusBadRequest, Code: CodeThreadAlreadyCreated, Message: "A thread has already been created for this message"}
		}
		public := ChannelPublicThread
		in.Type = &public
		t, err := s.newThreadLocked(g, ch, ApplicationID, in, m.ID)
		if err != nil {
			return 0, nil, err
		}
		return 201, t, nil
	}))
	withThread := func(h func(r *http.Request, g *Guild, t *Channel) (int, any, *APIError)) apiHandler {
		return func(r *http.Request, _ []byte, _ ID) (int, any, *APIError) {
			s.mu.Lock()
			defer s.mu.Unlock()
			g, t := s.channelLocked(ParseID(r.PathValue("channel")))
			if t == nil {
				return 0, nil, errUnknown(CodeUnknownChannel, "Channel")
			}
			if !isThread(t) {
				return 0, nil, &APIError{Status: http.StatusBadRequest, Code: 50024, Message: "Cannot execute action on this channel type"}
			}
			return h(r, g, t)
		}
	}
	member := func(add bool) apiHandler {
		return withThread(func(r *http.Request, g *Guild, t *Channel) (int, any, *APIError) {
			user := ApplicationID
			if v := r.PathValue("user"); v != "@me" {
				user = ParseID(v)
			}
			if _, ok := g.Members[user]; !ok {
				return 0, nil, errUnknown(CodeUnknownMember, "Member")
			}
			if t.ThreadMetadata.Archived {
				return 0, nil, &APIError{Status: http.StatusBadRequest, Code: CodeThreadArchived, Message: "Thread is archived"}
			}
			if add {
				s.addThreadMemberLocked(g, t, user)
			} else {
				s.removeThreadMemberLocked(g, t, user)
			}
			return 0, nil, nil
		})
	}
	s.api(mux, "PUT /channels/{channel}/thread-members/{user}", authBot, member(true))
	s.api(mux, "DELETE /channels/{channel}/thread-members/{user}", authBot, member(false))
	s.api(mux, "GET /channels/{channel}/thread-members", authBot, withThread(func(_ *http.Request, _ *Guild, t *Channel) (int, any, *APIError) {
		out := []ThreadMember{}
		for _, m := range s.more.threadMembers[t.ID] {
			out = append(out, *m)
		}
		return 200, out, nil
	}))
}
