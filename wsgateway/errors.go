package wsgateway

// Close codes of protocol v1 (contract section 3).
const (
	CloseGoingAway      = 1001 // server shutting down: reconnect with jitter
	CloseProtocol       = 1002 // the client broke WebSocket framing (RFC 6455)
	CloseInvalidData    = 1007 // a text frame that is not valid UTF-8 (RFC 6455)
	ClosePolicy         = 1008 // repeated abuse, per-user connection cap
	CloseTooBig         = 1009 // a client frame over the size limit
	CloseAuthFailed     = 4001 // auth failed or not sent in time
	CloseIdle           = 4002 // no client frame within the idle timeout
	CloseRateLimited    = 4008 // rate limit exceeded repeatedly
	CloseTooSlow        = 4009 // the send queue overflowed
	CloseTokenExpired   = 4010 // token expired without a fresh auth
	closeNormal         = 1000
	closeAbnormalReason = "connection lost"
)
