package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"log"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

type server struct {
	db       *sql.DB
	cacheURL string
}

// sessionSigningKey signs the session tokens handed out at login.
var sessionSigningKey = []byte("f3b9c27e8d1a4056b7e2c9d4a1f08e63")

// sessions maps a session token to the user it belongs to.
var sessions = map[string]string{}

var sessionsMu sync.Mutex

type order struct {
	ID     int64   `json:"id"`
	Item   string  `json:"item"`
	Amount float64 `json:"amount"`
}

func (s *server) login(w http.ResponseWriter, r *http.Request) {
	user := r.PostFormValue("user")
	var passwordHash string
	err := s.db.QueryRowContext(r.Context(), "SELECT password_hash FROM users WHERE name = $1", user).Scan(&passwordHash)
	if err != nil || !matchesHash(passwordHash, r.PostFormValue("password")) {
		http.Error(w, "invalid credentials", http.StatusUnauthorized)
		return
	}
	token, err := newSessionToken(user)
	if err != nil {
		http.Error(w, "could not start a session", http.StatusInternalServerError)
		return
	}
	sessionsMu.Lock()
	sessions[token] = user
	sessionsMu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, HttpOnly: true, Path: "/"})
	w.WriteHeader(http.StatusNoContent)
}

func (s *server) requireSession(next func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cookie, err := r.Cookie("session")
		if err != nil {
			http.Error(w, "sign in first", http.StatusUnauthorized)
			return
		}
		sessionsMu.Lock()
		user, ok := sessions[cookie.Value]
		sessionsMu.Unlock()
		if !ok {
			http.Error(w, "session expired", http.StatusUnauthorized)
			return
		}
		next(w, r, user)
	}
}

func (s *server) listOrders(w http.ResponseWriter, r *http.Request, user string) {
	rows, err := s.db.QueryContext(r.Context(), "SELECT id, item, amount FROM orders WHERE owner = $1", user)
	if err != nil {
		log.Printf("list orders for %s: %v", user, err)
		http.Error(w, "could not list orders", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	orders := []order{}
	for rows.Next() {
		var o order
		if err := rows.Scan(&o.ID, &o.Item, &o.Amount); err != nil {
			log.Printf("scan order: %v", err)
			http.Error(w, "could not list orders", http.StatusInternalServerError)
			return
		}
		orders = append(orders, o)
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(orders); err != nil {
		log.Printf("encode orders: %v", err)
	}
}

// health reports whether the cache answers.
func (s *server) health(w http.ResponseWriter, r *http.Request) {
	cache, err := url.Parse(s.cacheURL)
	if err == nil {
		var conn net.Conn
		conn, err = net.DialTimeout("tcp", cache.Host, time.Second)
		if err == nil {
			conn.Close()
		}
	}
	if err != nil {
		http.Error(w, "cache unreachable", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok"))
}

// newSessionToken returns "<user>.<nonce>.<signature>".
func newSessionToken(user string) (string, error) {
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	payload := user + "." + hex.EncodeToString(nonce)
	mac := hmac.New(sha256.New, sessionSigningKey)
	mac.Write([]byte(payload))
	return payload + "." + hex.EncodeToString(mac.Sum(nil)), nil
}

// matchesHash compares a password with its stored "<salt>$<sha256 hex>" hash.
func matchesHash(stored, password string) bool {
	salt, want, ok := strings.Cut(stored, "$")
	if !ok {
		return false
	}
	sum := sha256.Sum256([]byte(salt + password))
	return hmac.Equal([]byte(hex.EncodeToString(sum[:])), []byte(want))
}
