// Live results for the URL checker: the form works without this script; with it, each URL's
// result appears as soon as it is checked (newline-delimited JSON from /api/v1/check).
"use strict";
(function () {
  const form = document.getElementById("checker-form");
  const out = document.getElementById("results");
  if (!form || !out || !window.fetch || !window.TextDecoder) return;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c);
    return e;
  }

  function render(result) {
    const art = el("article", { class: "check-result" }, el("h2", {}, el("code", {}, result.input)));
    if (result.hops.length) {
      const chain = el("p", { class: "chain" });
      result.hops.forEach((h, i) => {
        if (i) chain.append(" → ");
        const link = result.links[h.status];
        const status = link ? el("a", { href: link, class: "status" }, `[${h.status}]`) : el("span", { class: "status" }, `[${h.status}]`);
        chain.append(el("span", { class: "hop" }, el("code", {}, h.url), " ", status));
      });
      art.append(chain);
      const rows = result.hops.map((h, i) => el("tr", {},
        el("td", {}, String(i + 1)), el("td", {}, `${h.status} ${h.status_name || h.reason}`), el("td", {}, h.method),
        el("td", {}, el("code", {}, h.url)), el("td", {}, h.location ? el("code", {}, h.location) : ""),
        el("td", {}, `${h.remote_addr} (${h.http_version})`), el("td", {}, `${h.ttfb_ms} ms`), el("td", {}, `${h.total_ms} ms`)));
      art.append(el("table", { class: "hops" }, el("thead", {}, el("tr", {}, ...["#", "Status", "Method", "URL", "Location", "Address", "First byte", "Total"].map((t) => el("th", { scope: "col" }, t)))), el("tbody", {}, ...rows)));
    }
    const list = el("ul", { class: "findings" });
    for (const f of result.findings) {
      const li = el("li", { class: f.severity }, f.message);
      if (f.code && result.links[f.code]) li.append(" ", el("a", { href: result.links[f.code] }, `About ${f.code}`));
      list.append(li);
    }
    art.append(list);
    return art;
  }

  form.addEventListener("submit", async (event) => {
    const urls = form.elements.urls.value.split("\n").map((u) => u.trim()).filter(Boolean);
    if (!urls.length) return;
    event.preventDefault();
    out.replaceChildren();
    const slots = urls.map((u) => { const p = el("p", { class: "note" }, `Checking ${u}…`); out.append(p); return p; });
    let resp;
    try {
      resp = await fetch("/api/v1/check", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/x-ndjson" }, body: JSON.stringify({ urls }) });
    } catch (e) {
      out.replaceChildren(el("p", { class: "note", role: "alert" }, "The check could not be sent."));
      return;
    }
    if (!resp.ok) {
      const err = await resp.json().catch(() => ({ error: resp.statusText }));
      out.replaceChildren(el("p", { class: "note", role: "alert" }, `${resp.status}: ${err.error}`));
      return;
    }
    const reader = resp.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!line.trim()) continue;
        const { index, result } = JSON.parse(line);
        slots[index].replaceWith(render(result));
      }
    }
  });
})();
