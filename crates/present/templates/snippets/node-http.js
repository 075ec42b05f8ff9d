{% if no_response == "close" %}
const http = require('http');

// What {{ code }} records: the server hangs up without sending any response.
const server = http.createServer((req, res) => {
  res.socket.destroy();
});

server.listen(3000);
{% elif no_response == "client-gone" %}
const http = require('http');

// {{ code }} is logged when the client goes away before the response is sent.
const server = http.createServer(async (req, res) => {
  res.on('close', () => {
    if (!res.writableEnded) console.log('client closed the connection before the response');
  });
  const result = await slowWork();
  if (!res.destroyed) res.end(JSON.stringify(result));
});

server.listen(3000);
{% else %}
const http = require('http');

{% if interim == "continue" %}
const server = http.createServer((req, res) => {
  req.on('data', () => {}).on('end', () => {
    res.writeHead(201).end();
  });
});

// Without this listener Node sends 100 Continue automatically.
server.on('checkContinue', (req, res) => {
  if (req.headers['content-type'] !== 'application/octet-stream') {
    res.writeHead(415, { Connection: 'close' }).end(); // final answer, no 100
    return;
  }
  res.writeContinue(); // {{ code }} {{ reason }}
  server.emit('request', req, res);
});
{% elif interim == "processing" %}
const server = http.createServer(async (req, res) => {
  res.writeProcessing(); // {{ code }} {{ reason }}
  const result = await runLongJob(req);
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(result));
});
{% elif interim == "early-hints" %}
const server = http.createServer((req, res) => {
  res.writeEarlyHints({ // {{ code }} {{ reason }}
{% for h in headers %}
    {{ h.0|lower|js_string }}: {{ h.1|js_string }},
{% endfor %}
  });
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(renderPage());
});
{% elif interim == "raw" and code == 101 %}
const server = http.createServer((req, res) => {
  res.writeHead(426, { Upgrade: 'websocket', Connection: 'Upgrade' }).end();
});

// Requests with an Upgrade header arrive here instead of at 'request'.
server.on('upgrade', (req, socket) => {
  socket.write(
    'HTTP/1.1 {{ code }} {{ reason }}\r\n' +
{% for h in headers %}
    {{ (h.0 ~ ": " ~ h.1 ~ "\r\n")|js_string }} +
{% endfor %}
    '\r\n'
  );
});
{% elif interim == "raw" %}
const server = http.createServer((req, res) => {
  // No helper exists for {{ code }}: write the interim response on the
  // socket (HTTP/1.1 only), then the final response as usual.
  res.socket.write(
    'HTTP/1.1 {{ code }} {{ reason }}\r\n' +
{% for h in headers %}
    {{ (h.0 ~ ": " ~ h.1 ~ "\r\n")|js_string }} +
{% endfor %}
    '\r\n'
  );
  res.writeHead(201).end();
});
{% else %}
const server = http.createServer((req, res) => {
  res.writeHead({{ code }}, {{ reason|js_string }}, {
{% for h in headers %}
    {{ h.0|js_string }}: {{ h.1|js_string }},
{% endfor %}
{% if body %}
    'Content-Type': {{ content_type|js_string }},
{% endif %}
  });
{% if body %}
  res.end({{ body|js_string }});
{% else %}
  res.end(); // a {{ code }} carries no content
{% endif %}
});
{% endif %}

server.listen(3000);
{% endif %}
