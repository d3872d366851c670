package core

// MessageAttachment is a file attached to a message, as Discord describes
// it: the file itself stays on Discord's CDN.
type MessageAttachment struct {
	Filename    string
	URL         string
	ContentType string
	// Size is in bytes.
	Size int
}
