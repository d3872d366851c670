package core

import "strconv"

// IsSnowflake reports whether s is a Discord snowflake: a decimal uint64 of at
// most 20 digits with no sign, no leading zero and no other characters.
func IsSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}
