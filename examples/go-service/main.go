// Command go-service is a small orders API, written the way many services start out. It breaks
// several Twelve-Factor rules on purpose; README.md lists them.
package main

import (
	"database/sql"
	"log"
	"net/http"
	"os"
)

func main() {
	logFile, err := os.OpenFile("app.log", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	defer logFile.Close()
	log.SetOutput(logFile)

	db, err := sql.Open("postgres", "postgres://app:Hn7vQ2xLw9@db.internal:5432/app?sslmode=disable")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	app := &server{
		db:       db,
		cacheURL: os.Getenv("REDIS_URL"),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", app.login)
	mux.HandleFunc("GET /orders", app.requireSession(app.listOrders))
	mux.HandleFunc("GET /healthz", app.health)

	log.Print("go-service starting")
	log.Fatal(http.ListenAndServe(":8080", mux))
}
