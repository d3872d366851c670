package core

import (
	"errors"
	"fmt"
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
	return claims, nil
}
