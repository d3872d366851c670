package discordbot

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/warden-bot/warden/core"
)

// cdnHosts are where Discord serves message attachments.
var cdnHosts = map[string]bool{"cdn.discordapp.com": true, "media.discordapp.net": true}

// downloadClient fetches attachments; its timeout bounds a stuck CDN, and
// it follows no redirect (a redirect could leave the allowed hosts).
var downloadClient = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// DownloadAttachment implements core.DiscordActions.
func (a *actions) DownloadAttachment(ctx context.Context, raw string, limit int) ([]byte, error) {
	if !a.d.attachmentURLAllowed(raw) {
		return nil, core.Errorf(core.CodeBadRequest, "attachment address %q is not on Discord's CDN", clipURL(raw))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, fmt.Errorf("attachment request: %w", err)
	}
	resp, err := downloadClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("attachment download: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("attachment download: status %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("attachment download: %w", err)
	}
	if len(data) > limit {
		return nil, fmt.Errorf("attachment over %d bytes: %w", limit, core.ErrDiscordLimitReached)
	}
	return data, nil
}

// attachmentURLAllowed reports whether an attachment may be fetched from
// raw: https on Discord's CDN, or the host of a configured API URL (the
// simulated Discord serves its files there).
func (d *Discord) attachmentURLAllowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil {
		return false
	}
	if u.Scheme == "https" && cdnHosts[u.Hostname()] {
		return true
	}
	if d.opts.APIURL == "" {
		return false
	}
	api, err := url.Parse(d.opts.APIURL)
	return err == nil && u.Scheme == api.Scheme && u.Host == api.Host
}

// clipURL shortens an address for an error message.
func clipURL(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
