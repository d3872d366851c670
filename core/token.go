package core

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token errors.
var (
	// ErrTokenExpired means the token's exp has passed.
	ErrTokenExpired = errors.New("token expired")
	// ErrTokenInvalid means the token is malformed, signed with another key
	// or algorithm, or lacks a required claim.
	ErrTokenInvalid = errors.New("token invalid")
)

// Claims are Warden's JWT claims: sub (a Discord user id) and exp are
// required; iat and nbf are honoured when present.
type Claims struct {
	jwt.RegisteredClaims
	// Kind is "session" for dashboard sessions and "ws" for short-lived
	// gateway tokens; empty for tokens minted by `warden token`.
	Kind string `json:"knd,omitempty"`
}

// MintToken signs an HS256 token for userID valid for ttl.
func MintToken(secret []byte, userID, kind string, ttl time.Duration, now time.Time) (string, error) {
	if !IsSnowflake(userID) {
		return "", fmt.Errorf("user id %q is not a Discord snowflake", userID)
	}
	if ttl <= 0 {
		return "", fmt.Errorf("ttl must be positive, got %s", ttl)
	}
	claims := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   userID,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		},
		Kind: kind,
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return s, nil
}

// VerifyToken checks an HS256 token against secret. Any other algorithm,
// "none" included, is refused; exp is required; sub must be a snowflake.
func VerifyToken(secret []byte, token string) (*Claims, error) {
	if len(token) > 4096 {
		return nil, fmt.Errorf("%w: token longer than 4096 bytes", ErrTokenInvalid)
	}
	claims := &Claims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(5*time.Second),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, ErrTokenExpired
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrTokenInvalid, err)
	}
	if !IsSnowflake(claims.Subject) {
		return nil, fmt.Errorf("%w: sub is not a Discord user id", ErrTokenInvalid)
	}
	if err := numericDates(token); err != nil {
		return nil, err
	}
	return claims, nil
}

// numericDates checks that exp, iat and nbf are JSON numbers (RFC 7519's
// NumericDate). The jwt library also takes a numeric string, "exp":"1e10",
// which no issuer of Warden's tokens writes.
func numericDates(token string) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return fmt.Errorf("%w: not a JWT", ErrTokenInvalid)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return fmt.Errorf("%w: payload: %v", ErrTokenInvalid, err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(payload, &raw); err != nil {
		return fmt.Errorf("%w: payload: %v", ErrTokenInvalid, err)
	}
	for _, name := range []string{"exp", "iat", "nbf"} {
		v, ok := raw[name]
		if !ok {
			continue
		}
		var n json.Number
		if len(v) == 0 || v[0] == '"' || json.Unmarshal(v, &n) != nil {
			return fmt.Errorf("%w: %s must be a number of seconds (a NumericDate)", ErrTokenInvalid, name)
		}
	}
	return nil
}
