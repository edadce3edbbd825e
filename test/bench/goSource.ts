// A realistic Go service file for the benchmark: structs with tags, CRUD handlers full of string
// literals (SQL, log lines, headers, errors), and a few genuine violations, as an app grows them.
// Deterministic: the same text every run, so results compare run to run.

const ENTITIES = [
  'Product', 'Order', 'Customer', 'Invoice', 'Shipment', 'Coupon', 'Review', 'Cart',
  'Payment', 'Warehouse', 'Supplier', 'Refund', 'Subscription', 'Category', 'Address', 'Ticket',
];

const HEADER = `package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// databaseURL is where the shop keeps its data.
const databaseURL = "postgres://shop:Xk9pQ2vLr7@db.internal:5432/shop?sslmode=require"

var paymentsAPIKey = "pk_9f8e7d6c5b4a3928171605f4e3d2c1b0"

// Session is a signed-in customer.
type Session struct {
	CustomerID int64
	Expires    time.Time
}

var (
	sessions   = map[string]*Session{}
	sessionsMu sync.Mutex
)

// Server holds the shared dependencies of every handler.
type Server struct {
	db     *sql.DB
	logger *log.Logger
	mux    *http.ServeMux
}

var errNotFound = errors.New("not found")

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("encode response: %v", err)
	}
}

func writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"error": message})
}

func idParam(r *http.Request) (int64, error) {
	raw := strings.TrimPrefix(r.URL.Path[strings.LastIndex(r.URL.Path, "/"):], "/")
	return strconv.ParseInt(raw, 10, 64)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	token := r.Header.Get("X-Session-Token")
	if token == "" {
		writeError(w, http.StatusUnauthorized, "missing session token")
		return
	}
	sessionsMu.Lock()
	sessions[token] = &Session{CustomerID: 1, Expires: time.Now().Add(24 * time.Hour)}
	sessionsMu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"status": "signed in"})
}
`;

function lower(name: string): string {
  return name[0].toLowerCase() + name.slice(1);
}

function table(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase() + 's';
}

function entityBlock(name: string, suffix: string): string {
  const type = name + suffix;
  const v = lower(name);
  const t = table(type);
  return `
// ${type} is one row of the ${t} table.
type ${type} struct {
	ID          int64     \`json:"id"\`
	Name        string    \`json:"name"\`
	Description string    \`json:"description,omitempty"\`
	Status      string    \`json:"status"\`
	Quantity    int       \`json:"quantity"\`
	PriceCents  int64     \`json:"price_cents"\`
	CreatedAt   time.Time \`json:"created_at"\`
	UpdatedAt   time.Time \`json:"updated_at"\`
}

// Validate reports the first problem with a ${v} submitted by a client.
func (${v[0]} *${type}) Validate() error {
	switch {
	case strings.TrimSpace(${v[0]}.Name) == "":
		return errors.New("${v}: name is required")
	case len(${v[0]}.Name) > 200:
		return errors.New("${v}: name is longer than 200 characters")
	case ${v[0]}.Quantity < 0:
		return fmt.Errorf("${v}: quantity %d is negative", ${v[0]}.Quantity)
	case ${v[0]}.Status != "draft" && ${v[0]}.Status != "active" && ${v[0]}.Status != "archived":
		return fmt.Errorf("${v}: unknown status %q", ${v[0]}.Status)
	}
	return nil
}

func (s *Server) find${type}(ctx context.Context, id int64) (*${type}, error) {
	row := s.db.QueryRowContext(ctx, "SELECT id, name, description, status, quantity, price_cents, created_at, updated_at FROM ${t} WHERE id = $1", id)
	var item ${type}
	err := row.Scan(&item.ID, &item.Name, &item.Description, &item.Status, &item.Quantity, &item.PriceCents, &item.CreatedAt, &item.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("query ${t} %d: %w", id, err)
	}
	return &item, nil
}

func (s *Server) list${type}s(w http.ResponseWriter, r *http.Request) {
	limit := 50
	if raw := r.URL.Query().Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n <= 0 || n > 500 {
			writeError(w, http.StatusBadRequest, "limit must be between 1 and 500")
			return
		}
		limit = n
	}
	rows, err := s.db.QueryContext(r.Context(), "SELECT id, name, status, quantity FROM ${t} ORDER BY id LIMIT $1", limit)
	if err != nil {
		s.logger.Printf("list ${t}: %v", err)
		writeError(w, http.StatusInternalServerError, "could not list ${t}")
		return
	}
	defer rows.Close()
	var items []${type}
	for rows.Next() {
		var item ${type}
		if err := rows.Scan(&item.ID, &item.Name, &item.Status, &item.Quantity); err != nil {
			s.logger.Printf("scan ${v}: %v", err)
			writeError(w, http.StatusInternalServerError, "could not read ${t}")
			return
		}
		items = append(items, item)
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(len(items)))
	writeJSON(w, http.StatusOK, items)
}

func (s *Server) get${type}(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid ${v} id")
		return
	}
	item, err := s.find${type}(r.Context(), id)
	if errors.Is(err, errNotFound) {
		writeError(w, http.StatusNotFound, "${v} not found")
		return
	}
	if err != nil {
		s.logger.Printf("get ${v} %d: %v", id, err)
		writeError(w, http.StatusInternalServerError, "could not load ${v}")
		return
	}
	writeJSON(w, http.StatusOK, item)
}

func (s *Server) create${type}(w http.ResponseWriter, r *http.Request) {
	var item ${type}
	if err := json.NewDecoder(r.Body).Decode(&item); err != nil {
		writeError(w, http.StatusBadRequest, "request body is not valid JSON")
		return
	}
	if err := item.Validate(); err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	now := time.Now().UTC()
	err := s.db.QueryRowContext(r.Context(),
		"INSERT INTO ${t} (name, description, status, quantity, price_cents, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
		item.Name, item.Description, item.Status, item.Quantity, item.PriceCents, now).Scan(&item.ID)
	if err != nil {
		s.logger.Printf("insert ${v}: %v", err)
		writeError(w, http.StatusInternalServerError, "could not save ${v}")
		return
	}
	item.CreatedAt, item.UpdatedAt = now, now
	w.Header().Set("Location", fmt.Sprintf("/api/${t}/%d", item.ID))
	writeJSON(w, http.StatusCreated, item)
}

func (s *Server) delete${type}(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid ${v} id")
		return
	}
	res, err := s.db.ExecContext(r.Context(), "DELETE FROM ${t} WHERE id = $1", id)
	if err != nil {
		s.logger.Printf("delete ${v} %d: %v", id, err)
		writeError(w, http.StatusInternalServerError, "could not delete ${v}")
		return
	}
	if n, _ := res.RowsAffected(); n == 0 {
		writeError(w, http.StatusNotFound, "${v} not found")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
`;
}

function routes(types: string[]): string {
  const lines = types.map((type) => {
    const path = `/api/${table(type)}`;
    return `	s.mux.HandleFunc("GET ${path}", s.list${type}s)
	s.mux.HandleFunc("GET ${path}/{id}", s.get${type})
	s.mux.HandleFunc("POST ${path}", s.create${type})
	s.mux.HandleFunc("DELETE ${path}/{id}", s.delete${type})`;
  });
  return `
func (s *Server) routes() {
	s.mux.HandleFunc("POST /api/login", s.login)
${lines.join('\n')}
}

func main() {
	logFile, err := os.OpenFile("/var/log/shop/server.log", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		log.Fatalf("open log file: %v", err)
	}
	db, err := sql.Open("postgres", databaseURL)
	if err != nil {
		log.Fatalf("open database: %v", err)
	}
	s := &Server{db: db, logger: log.New(logFile, "shop ", log.LstdFlags), mux: http.NewServeMux()}
	s.routes()
	log.Printf("payments key loaded (%d chars)", len(paymentsAPIKey))
	log.Fatal(http.ListenAndServe(":8080", s.mux))
}
`;
}

/** A Go file of at least `minLines` lines. */
export function generateGoService(minLines: number): string {
  const types: string[] = [];
  let body = '';
  const lineCount = (): number => (HEADER + body + routes(types)).split('\n').length;
  for (let round = 0; lineCount() < minLines; round++) {
    const name = ENTITIES[round % ENTITIES.length];
    const suffix = round < ENTITIES.length ? '' : `V${Math.floor(round / ENTITIES.length) + 1}`;
    types.push(name + suffix);
    body += entityBlock(name, suffix);
  }
  return HEADER + body + routes(types);
}
