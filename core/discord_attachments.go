package core

// MessageAttachment is a file sent with a message, as Discord describes
// it: the plugin downloads it from URL when it needs the bytes.
type MessageAttachment struct {
	ID, Name, URL, ContentType string
	// Size is in bytes.
	Size int
}
