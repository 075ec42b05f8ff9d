{% if no_response == "close" %}
package main

import "net/http"

// What {{ code }} records: the server hangs up without sending any response.
func handler(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	conn.Close()
}

func main() {
	http.HandleFunc("/example", handler)
	http.ListenAndServe(":8080", nil)
}
{% elif no_response == "client-gone" %}
package main

import (
	"log"
	"net/http"
)

// {{ code }} is logged when the client goes away before the response is sent;
// in Go the request's context is cancelled.
func handler(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
		log.Println("client closed the connection before the response")
		return
	case result := <-slowWork():
		w.Write(result)
	}
}

func main() {
	http.HandleFunc("/example", handler)
	http.ListenAndServe(":8080", nil)
}
{% else %}
package main

import "net/http"

func handler(w http.ResponseWriter, r *http.Request) {
{% if interim == "continue" %}
	// net/http sends {{ code }} {{ reason }} by itself the first time the handler
	// reads r.Body of a request that carried `Expect: 100-continue`.
	// Answer without reading the body and no 100 is sent.
	if r.ContentLength > 10<<20 {
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return
	}
	buf := make([]byte, 32*1024)
	for {
		if _, err := r.Body.Read(buf); err != nil {
			break
		}
	}
	w.WriteHeader(http.StatusCreated)
{% elif interim == "raw" and code == 101 %}
	// Take over the connection, then speak the new protocol on it.
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "cannot upgrade", http.StatusInternalServerError)
		return
	}
	defer conn.Close()
	rw.WriteString("HTTP/1.1 {{ code }} {{ reason }}\r\n")
{% for h in headers %}
	rw.WriteString({{ (h.0 ~ ": " ~ h.1 ~ "\r\n")|go_string }})
{% endfor %}
	rw.WriteString("\r\n")
	rw.Flush()
	// From here on, rw reads and writes the new protocol.
{% elif interim %}
	// Since Go 1.19, WriteHeader with a 1xx code sends an interim response;
	// the final status follows.
{% for h in headers %}
	w.Header().Set({{ h.0|go_string }}, {{ h.1|go_string }})
{% endfor %}
	w.WriteHeader({{ code }})
{% for h in headers %}
	w.Header().Del({{ h.0|go_string }})
{% endfor %}
	w.WriteHeader(http.StatusOK)
{% else %}
{% for h in headers %}
	w.Header().Set({{ h.0|go_string }}, {{ h.1|go_string }})
{% endfor %}
{% if body %}
	w.Header().Set("Content-Type", {{ content_type|go_string }})
	w.WriteHeader({{ code }})
	w.Write([]byte({{ body|go_string }}))
{% else %}
	w.WriteHeader({{ code }}) // a {{ code }} carries no content
{% endif %}
{% endif %}
}

func main() {
	http.HandleFunc("/example", handler)
	http.ListenAndServe(":8080", nil)
}
{% endif %}
