package core

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseShards reads DISCORD_SHARDS when it names shards: a comma list of
// shard ids and ranges ("0,1,5-7"), optionally followed by "/N", the
// bot's total shard count ("0-3/16": this process runs shards 0 to 3 of
// 16), which otherwise comes from count (DISCORD_SHARD_COUNT). Ids are
// returned in order, without repeats; every id must be below the total.
func ParseShards(spec string, count int) (ids []int, total int, err error) {
	list, totalText, hasTotal := strings.Cut(spec, "/")
	total = count
	if hasTotal {
		n, err := strconv.Atoi(strings.TrimSpace(totalText))
		if err != nil || n < 1 {
			return nil, 0, fmt.Errorf("the total after %q must be a shard count of at least 1", "/")
		}
		if count > 0 && count != n {
			return nil, 0, fmt.Errorf("the total /%d differs from DISCORD_SHARD_COUNT %d", n, count)
		}
		total = n
	}
	if total < 1 {
		return nil, 0, fmt.Errorf("give the total shard count: \"%s/16\", or DISCORD_SHARD_COUNT", spec)
	}
	seen := map[int]bool{}
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		from, err1 := strconv.Atoi(strings.TrimSpace(lo))
		to, err2 := from, error(nil)
		if isRange {
			to, err2 = strconv.Atoi(strings.TrimSpace(hi))
		}
		if err1 != nil || err2 != nil || from < 0 || to < from {
			return nil, 0, fmt.Errorf("%q is not a shard id or a range such as 0-3", part)
		}
		if to >= total {
			return nil, 0, fmt.Errorf("shard %d is not below the total shard count %d", to, total)
		}
		if to-from >= 4096 {
			return nil, 0, fmt.Errorf("range %q is larger than any bot's shard count", part)
		}
		for id := from; id <= to; id++ {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids, total, nil
}
