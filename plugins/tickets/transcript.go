package tickets

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/warden-bot/warden/core"
)

// A transcript is rendered from the logged messages whenever it is asked
// for: the messages are the stored record, and HTML and text are two
// views of it. The HTML is one self-contained file: inline CSS, no
// script, no image or font fetched, so it reads the same offline; every
// text goes through html/template, which escapes it.

var transcriptHTML = template.Must(template.New("transcript").Funcs(template.FuncMap{
	"when": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"name": func(names map[string]string, id string) string {
		if n := names[id]; n != "" {
			return n
		}
		return id
	},
	"hex":    func(c int) string { return fmt.Sprintf("#%06x", c) },
	"named":  withNames,
	"author": author,
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ticket #{{.T.Number}}: {{.T.CategoryLabel}}</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#fff;color:#1e1f22}
@media (prefers-color-scheme:dark){body{background:#313338;color:#dbdee1}.meta,.time{color:#a0a4aa}.embed{background:#2b2d31}}
header{padding:16px 20px;border-bottom:1px solid #8883}
h1{font-size:20px;margin:0 0 6px}
.meta{color:#5c5e66;font-size:13px}
main{padding:8px 20px 24px}
.msg{padding:6px 0;border-bottom:1px solid #8881}
.author{font-weight:600}.bot{font-size:11px;background:#5865f2;color:#fff;border-radius:3px;padding:0 4px;margin-left:4px}
.time{color:#5c5e66;font-size:12px;margin-left:6px}
.content{white-space:pre-wrap;word-wrap:break-word}
.deleted{opacity:.6;text-decoration:line-through}
.embed{border-left:4px solid #5865f2;background:#f2f3f5;border-radius:4px;padding:6px 10px;margin:4px 0;max-width:640px}
.embed .title{font-weight:600}.field b{display:block;font-size:13px}
.att{font-size:13px}
dl{margin:8px 0}dt{font-weight:600}dd{margin:0 0 6px;white-space:pre-wrap}
</style></head><body>
<header><h1>Ticket #{{.T.Number}}: {{.T.CategoryLabel}}</h1>
<div class="meta">Opened by {{name .Names .T.OpenerID}} on {{when .T.CreatedAt}}{{if .T.ClaimedBy}} · claimed by {{name .Names .T.ClaimedBy}}{{end}}{{if .T.ClosedAt}} · closed by {{name .Names .T.ClosedBy}} on {{when .T.ClosedAt.UTC}}{{if .T.CloseReason}}: {{.T.CloseReason}}{{end}}{{end}} · {{len .Msgs}} messages</div>
{{if .T.Answers}}<dl>{{range .T.Answers}}<dt>{{.Question}}</dt><dd>{{.Answer}}</dd>{{end}}</dl>{{end}}
</header>
<main>
{{range .Msgs}}<div class="msg{{if .Deleted}} deleted{{end}}">
<span class="author">{{author $.Names .}}</span>{{if .AuthorBot}}<span class="bot">BOT</span>{{end}}<span class="time">{{when .At}}{{if .EditedAt}} (edited){{end}}{{if .Deleted}} (deleted){{end}}</span>
{{if .Content}}<div class="content">{{named .Content $.Names}}</div>{{end}}
{{range .Embeds}}<div class="embed" style="border-left-color:{{hex .Color}}">{{if .Title}}<div class="title">{{.Title}}</div>{{end}}{{if .Description}}<div class="content">{{named .Description $.Names}}</div>{{end}}{{range .Fields}}<div class="field"><b>{{.Name}}</b><span class="content">{{.Value}}</span></div>{{end}}{{if .Footer}}<div class="meta">{{.Footer}}</div>{{end}}</div>{{end}}
{{range .Attachments}}<div class="att">📎 {{.Name}} ({{.ContentType}}, {{.Size}} bytes) — {{.URL}}</div>{{end}}
</div>
{{else}}<p class="meta">No messages were logged in this ticket.</p>
{{end}}</main></body></html>
`))

// RenderHTML writes the ticket's transcript as one self-contained HTML
// page. names maps user ids to the names shown.
func RenderHTML(w io.Writer, t *Ticket, msgs []LoggedMessage, names map[string]string) error {
	return transcriptHTML.Execute(w, struct {
		T     *Ticket
		Msgs  []LoggedMessage
		Names map[string]string
	}{t, msgs, names})
}

// RenderText writes the ticket's transcript as plain text.
func RenderText(w io.Writer, t *Ticket, msgs []LoggedMessage, names map[string]string) error {
	name := func(id string) string {
		if n := names[id]; n != "" {
			return n
		}
		return id
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Ticket #%d: %s\nOpened by %s on %s\n", t.Number, t.CategoryLabel, name(t.OpenerID), t.CreatedAt.UTC().Format(time.RFC3339))
	if t.ClaimedBy != "" {
		fmt.Fprintf(&b, "Claimed by %s\n", name(t.ClaimedBy))
	}
	if t.ClosedAt != nil {
		fmt.Fprintf(&b, "Closed by %s on %s", name(t.ClosedBy), t.ClosedAt.UTC().Format(time.RFC3339))
		if t.CloseReason != "" {
			fmt.Fprintf(&b, ": %s", t.CloseReason)
		}
		b.WriteString("\n")
	}
	for _, a := range t.Answers {
		fmt.Fprintf(&b, "%s: %s\n", a.Question, a.Answer)
	}
	b.WriteString(strings.Repeat("-", 60) + "\n")
	for _, m := range msgs {
		who := author(names, m)
		flags := ""
		if m.EditedAt != nil {
			flags += " (edited)"
		}
		if m.Deleted {
			flags += " (deleted)"
		}
		fmt.Fprintf(&b, "[%s] %s%s: %s\n", m.At.UTC().Format("2006-01-02 15:04:05"), who, flags, withNames(m.Content, names))
		for _, e := range m.Embeds {
			fmt.Fprintf(&b, "    [embed] %s %s\n", e.Title, withNames(e.Description, names))
			for _, f := range e.Fields {
				fmt.Fprintf(&b, "        %s: %s\n", f.Name, f.Value)
			}
		}
		for _, a := range m.Attachments {
			fmt.Fprintf(&b, "    [attachment] %s (%s, %d bytes) %s\n", a.Name, a.ContentType, a.Size, a.URL)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// author is the name a message's author is shown by.
func author(names map[string]string, m LoggedMessage) string {
	if n := names[m.AuthorID]; n != "" {
		return n
	}
	if m.AuthorName != "" {
		return m.AuthorName
	}
	return m.AuthorID
}

// mentionPattern is a user mention in a message's text.
var mentionPattern = regexp.MustCompile(`<@!?(\d{17,20})>`)

// withNames writes user mentions as @name where the name is known.
func withNames(text string, names map[string]string) string {
	return mentionPattern.ReplaceAllStringFunc(text, func(m string) string {
		if n := names[mentionPattern.FindStringSubmatch(m)[1]]; n != "" {
			return "@" + n
		}
		return m
	})
}

// names maps the ids a transcript names (its people, the authors and
// those mentioned) to display names: from the bot's cache, else the name
// a message carried.
func (s *Service) names(ctx context.Context, t *Ticket, msgs []LoggedMessage) map[string]string {
	out := map[string]string{SystemActor: "auto-close"}
	ids := map[string]bool{t.OpenerID: true, t.ClaimedBy: true, t.ClosedBy: true}
	for _, m := range t.Members {
		ids[m] = true
	}
	for _, m := range msgs {
		if m.AuthorName != "" {
			out[m.AuthorID] = m.AuthorName
		}
		ids[m.AuthorID] = true
		for _, sub := range mentionPattern.FindAllStringSubmatch(m.Content, 20) {
			ids[sub[1]] = true
		}
	}
	nd := s.pc.Names()
	if nd == nil {
		return out
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		if core.IsSnowflake(id) {
			list = append(list, id)
		}
	}
	members, err := nd.Members(ctx, t.GuildID, list)
	if err != nil {
		return out
	}
	for _, m := range members {
		if m.DisplayName != "" {
			out[m.ID] = m.DisplayName
		}
	}
	return out
}

// Transcript returns the ticket's messages and the names to show.
func (s *Service) Transcript(ctx context.Context, t *Ticket) ([]LoggedMessage, map[string]string, error) {
	msgs, err := s.Messages(ctx, t)
	if err != nil {
		return nil, nil, err
	}
	return msgs, s.names(ctx, t, msgs), nil
}
