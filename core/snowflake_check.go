package core

// CheckRoleIDs checks a config's list of role ids: at most max of them,
// each a snowflake. field names the list in the BAD_REQUEST message
// ("staffRoles", "panels[2].staffRoles").
func CheckRoleIDs(field string, ids []string, max int) error {
	if len(ids) > max {
		return BadRequest("%s: at most %d roles", field, max)
	}
	for i, id := range ids {
		if !IsSnowflake(id) {
			return BadRequest("%s[%d]: %q is not a role id", field, i, id)
		}
	}
	return nil
}

// CheckChannelID checks an optional channel id of a config: empty, or a
// snowflake. field names it in the BAD_REQUEST message.
func CheckChannelID(field, id string) error {
	if id != "" && !IsSnowflake(id) {
		return BadRequest("%s: %q is not a channel id", field, id)
	}
	return nil
}
