package discordsim

import (
	"net/http"
	"strconv"
)

// SendDMFiles makes a user send the bot a direct message with files, as
// Discord delivers one: each file an attachment whose url the simulator
// serves (GET /attachments/{channel}/{id}/{name}), so a bot can download
// what a member sent.
func (s *Server) SendDMFiles(userID ID, content string, files ...File) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.dmChannelLocked(userID)
	if err != nil {
		return Message{}, err
	}
	msg := s.newMessageLocked(nil, ch, s.users[userID], content)
	for _, f := range files {
		id := s.newIDLocked(kindMessage)
		url := s.baseURL + "/attachments/" + ch.ID.String() + "/" + id.String() + "/" + f.Name
		msg.Attachments = append(msg.Attachments, map[string]any{"id": id, "filename": f.Name, "size": len(f.Data), "url": url, "proxy_url": url,
			"content_type": http.DetectContentType(f.Data)})
		s.ix.files()[id] = f
	}
	s.dispatchMessageLocked(nil, msg)
	return *msg, nil
}

// serveAttachment serves an uploaded file's bytes, as Discord's CDN does
// (no authentication).
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) {
	id := ParseID(r.PathValue("id"))
	s.mu.Lock()
	f, ok := s.ix.files()[id]
	s.mu.Unlock()
	if !ok || f.Name != r.PathValue("name") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
	_, _ = w.Write(f.Data)
}
