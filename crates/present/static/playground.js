// Sends the playground's request from the page and shows the raw response. The page works
// without this script (it shows the request as a curl command and a link).
"use strict";
(function () {
  const button = document.getElementById("pg-send");
  const out = document.getElementById("pg-response");
  if (!button || !out || !window.fetch) return;
  button.addEventListener("click", async () => {
    const method = button.dataset.method;
    const target = button.dataset.target;
    out.hidden = false;
    out.textContent = `${method} ${target} …`;
    const started = performance.now();
    try {
      const resp = await fetch(target, { method, headers: { Accept: "application/json" }, redirect: "manual" });
      const text = method === "HEAD" ? "" : await resp.text();
      const ms = Math.round(performance.now() - started);
      const headers = [...resp.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n");
      const status = resp.type === "opaqueredirect" ? "3xx (the browser does not expose redirects to scripts)" : `${resp.status} ${resp.statusText}`;
      out.textContent = `HTTP ${status}\n${headers}\n\n${text}\n— ${ms} ms`;
    } catch (e) {
      out.textContent = `The request failed: ${e}`;
    }
  });
})();
