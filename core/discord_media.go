package core

// MessageAttachment is a file attached to a message, as Discord describes
// it: the file itself stays on Discord's CDN, and a plugin that needs the
// bytes (modmail relaying a DM's files) downloads it from URL.
type MessageAttachment struct {
	ID          string
	Filename    string
	URL         string
	ContentType string
	// Size is in bytes.
	Size int
}
