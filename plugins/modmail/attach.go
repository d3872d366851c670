package modmail

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// attachClient downloads attachments; its timeout bounds a stuck CDN.
var attachClient = &http.Client{Timeout: 30 * time.Second}

// fetchAttachment downloads a file of at most limit bytes.
func fetchAttachment(ctx context.Context, url string, limit int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("attachment request: %w", err)
	}
	resp, err := attachClient.Do(req)
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
		return nil, fmt.Errorf("attachment larger than announced (over %d bytes)", limit)
	}
	return data, nil
}
