{% if no_response == "close" %}
const express = require('express');
const app = express();

// What {{ code }} records: the server hangs up without sending any response.
app.get('/example', (req, res) => {
  req.socket.destroy();
});

app.listen(3000);
{% elif no_response == "client-gone" %}
const express = require('express');
const app = express();

// {{ code }} is logged when the client goes away before the response is sent.
// Notice it, and stop work nobody will receive.
app.get('/example', async (req, res) => {
  let gone = false;
  req.on('close', () => { gone = !res.writableEnded; });
  const result = await slowWork();
  if (gone) return console.log('client closed the connection before the response');
  res.json(result);
});

app.listen(3000);
{% else %}
{% if interim == "continue" %}
// Node's http server (under Express) handles `Expect: 100-continue` itself
// unless you listen for 'checkContinue': then you decide from the headers.
const express = require('express');
const http = require('http');

const app = express();
app.put('/upload', (req, res) => {
  req.on('data', () => {}).on('end', () => res.sendStatus(201));
});

const server = http.createServer(app);
server.on('checkContinue', (req, res) => {
  if (Number(req.headers['content-length']) > 10 * 1024 * 1024) {
    // Refuse before the client sends the body: no 100, a final status now.
    res.writeHead(413, { Connection: 'close' }).end();
    return;
  }
  res.writeContinue(); // {{ code }} {{ reason }}
  app(req, res);
});
server.listen(3000);
{% elif interim == "processing" %}
const express = require('express');
const app = express();

app.post('/jobs', async (req, res) => {
  res.writeProcessing(); // {{ code }} {{ reason }}: an interim response, no content
  const result = await runLongJob(req);
  res.status(200).json(result);
});

app.listen(3000);
{% elif interim == "early-hints" %}
const express = require('express');
const app = express();

app.get('/', (req, res) => {
  // {{ code }} {{ reason }}: sent before the final response
  res.writeEarlyHints({
{% for h in headers %}
    {{ h.0|lower|js_string }}: {{ h.1|js_string }},
{% endfor %}
  });
  res.send(renderPage());
});

app.listen(3000);
{% elif interim == "raw" %}
const express = require('express');
const app = express();
const server = app.listen(3000);

{% if code == 101 %}
// Express has no API for 101: the protocol switch happens on the raw socket.
server.on('upgrade', (req, socket) => {
  socket.write(
    'HTTP/1.1 {{ code }} {{ reason }}\r\n' +
{% for h in headers %}
    {{ (h.0 ~ ": " ~ h.1 ~ "\r\n")|js_string }} +
{% endfor %}
    '\r\n'
  );
  // From here on the socket speaks the new protocol.
});
{% else %}
app.post('/uploads', (req, res) => {
  // Node has no helper for {{ code }}; write the interim response on the socket
  // (HTTP/1.1 only) before the final one.
  res.socket.write(
    'HTTP/1.1 {{ code }} {{ reason }}\r\n' +
{% for h in headers %}
    {{ (h.0 ~ ": " ~ h.1 ~ "\r\n")|js_string }} +
{% endfor %}
    '\r\n'
  );
  res.status(201).end();
});
{% endif %}
{% else %}
const express = require('express');
const app = express();

app.{{ method|lower }}('/example', (req, res) => {
{% if set_reason %}
  res.statusMessage = {{ reason|js_string }};
{% endif %}
  res.status({{ code }});
{% for h in headers %}
  res.set({{ h.0|js_string }}, {{ h.1|js_string }});
{% endfor %}
{% if body %}
  res.type({{ content_type|js_string }});
  res.send({{ body|js_string }});
{% else %}
  res.end(); // a {{ code }} carries no content
{% endif %}
});

app.listen(3000);
{% endif %}
{% endif %}
