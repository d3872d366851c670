package tickets

import (
	"testing"
	"time"
)

// TestRenderHTMLEscapes: every text of a transcript is escaped, and the
// page loads nothing.
func TestRenderHTMLEscapes(t *testing.T) {
	at := time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC)
	tk := &Ticket{Number: 3, CategoryLabel: `<img src=x onerror=alert(1)>`, OpenerID: "1", CreatedAt: at,
		Answers: []Answer{{Question: `"q"`, Answer: `</dd><script>x</script>`}}}
	msgs := []LoggedMessage{{AuthorName: `<b>bob</b>`, Content: `<a href="javascript:x">hi</a>`, At: at,
		Embeds:      []LoggedEmbed{{Title: `<i>t</i>`, Color: 0x123456, Fields: []EmbedField{{Name: "<n>", Value: "<v>"}}}},
		Attachments: []Attachment{{Name: `<f>.png`, URL: `https://cdn/"><script>`, ContentType: "image/png", Size: 3}}}}
	var b stringsBuilder
	if err := RenderHTML(&b, tk, msgs, map[string]string{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<img", "<script", "<b>bob", "<a href", "<i>t", "<n>", "<v>", `"><script`} {
		if contains(out, bad) {
			t.Errorf("unescaped %q in:\n%s", bad, out)
		}
	}
	for _, good := range []string{"&lt;b&gt;bob&lt;/b&gt;", "#123456", "&lt;f&gt;.png"} {
		if !contains(out, good) {
			t.Errorf("missing %q", good)
		}
	}
}
