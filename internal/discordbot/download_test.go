package discordbot

import "testing"

// TestAttachmentURLAllowed: attachments are fetched from Discord's CDN over
// https, or from the configured API host (the simulator), and from nowhere
// else a payload might name.
func TestAttachmentURLAllowed(t *testing.T) {
	d := &Discord{opts: DiscordOptions{APIURL: "http://127.0.0.1:4567/api/v10"}}
	for _, tc := range []struct {
		url  string
		want bool
	}{
		{"https://cdn.discordapp.com/attachments/1/2/a.png", true},
		{"https://media.discordapp.net/attachments/1/2/a.png?width=10", true},
		{"http://cdn.discordapp.com/attachments/1/2/a.png", false},
		{"https://cdn.discordapp.com.evil.example/a.png", false},
		{"https://user:pw@cdn.discordapp.com/a.png", false},
		{"http://127.0.0.1:4567/attachments/1/a.png", true},
		{"http://127.0.0.1:4568/attachments/1/a.png", false},
		{"http://169.254.169.254/latest/meta-data", false},
		{"file:///etc/passwd", false},
		{"::not a url", false},
	} {
		if got := d.attachmentURLAllowed(tc.url); got != tc.want {
			t.Errorf("%s: allowed %v, want %v", tc.url, got, tc.want)
		}
	}
	if (&Discord{}).attachmentURLAllowed("http://127.0.0.1:4567/attachments/1/a.png") {
		t.Error("with no API URL configured, only Discord's CDN is allowed")
	}
}
