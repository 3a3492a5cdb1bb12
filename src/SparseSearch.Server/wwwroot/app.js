// The search page: one GET /v1/search per query with explain=true, hits rendered with their matched terms.
// Terms that occur in the query text are "query" terms; the others are the model's expansion terms (what learned
// sparse retrieval adds), highlighted in another colour in the snippet and the term list.
"use strict";

const $ = (id) => document.getElementById(id);
const form = $("search-form"), q = $("q"), mode = $("mode"), alpha = $("alpha"), alphaValue = $("alpha-value");
const statusLine = $("status"), hits = $("hits"), template = $("hit-template");

function showAlpha() {
  alphaValue.textContent = Number(alpha.value).toFixed(2);
  $("alpha-label").hidden = mode.value !== "hybrid";
}
alpha.addEventListener("input", showAlpha);
mode.addEventListener("change", showAlpha);
showAlpha();

async function loadStats() {
  try {
    const r = await fetch("v1/stats");
    if (!r.ok) return;
    const s = (await r.json()).index;
    const models = [s.models.sparseModel, s.models.denseModel].filter(Boolean).join(" + ");
    $("stats").textContent = `${s.documents.toLocaleString()} documents · ${s.segments} segments · ${models}`;
  } catch { /* stats are decoration */ }
}

function wordPieces(text) {
  // Lower-cased words and their stems as the WordPiece vocabulary sees them (enough to tell query terms from expansions).
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []));
}

function clean(token) { return token.startsWith("##") ? token.slice(2) : token; }

function isQueryPiece(token, queryWords) {
  // A word piece of the query itself ("glioma" → g ##lio ##ma) rather than a term the model added.
  const text = clean(token);
  for (const word of queryWords) {
    if (word === text) return true;
    if (token.startsWith("##") ? word.includes(text) : word.startsWith(text)) return true;
  }
  return false;
}

function highlight(element, text, terms) {
  // Marks words of the snippet that start with a matched term (the term list is short; the text is a snippet).
  element.textContent = "";
  if (!text) return;
  const parts = text.split(/([\p{L}\p{N}]+)/u);
  for (const part of parts) {
    const lower = part.toLowerCase();
    const term = part && terms.find((t) => t.text.length > 1 && (lower === t.text || (lower.startsWith(t.text) && t.text.length >= 4)));
    if (term) {
      const m = document.createElement("mark");
      m.className = term.kind;
      m.textContent = part;
      m.title = `${term.token}: ${term.contribution.toFixed(3)}`;
      element.appendChild(m);
    } else {
      element.appendChild(document.createTextNode(part));
    }
  }
}

function render(data, query) {
  hits.textContent = "";
  const queryWords = wordPieces(query);
  for (const hit of data.hits) {
    const node = template.content.cloneNode(true);
    node.querySelector(".rank").textContent = `${hit.rank}.`;
    const link = node.querySelector(".title");
    link.textContent = hit.title || hit.id;
    link.href = `v1/documents/${encodeURIComponent(hit.id)}`;
    node.querySelector(".score").textContent = hit.score.toFixed(4);
    const terms = (hit.explanation || []).map((t) => {
      const text = clean(t.token);
      return { token: t.token, text, contribution: t.contribution, kind: isQueryPiece(t.token, queryWords) ? "q" : "x" };
    });
    highlight(node.querySelector(".snippet"), hit.snippet || "", terms);
    const list = node.querySelector(".terms");
    for (const t of terms.slice(0, 12)) {
      const span = document.createElement("span");
      span.className = `term ${t.kind}`;
      span.textContent = `${t.token} ${t.contribution.toFixed(2)}`;
      span.title = t.kind === "q" ? "query term" : "expansion term (added by the model)";
      list.appendChild(span);
    }
    if (hit.retrieverScores && hit.retrieverScores.length > 1) {
      node.querySelector(".retrievers").textContent = hit.retrieverScores
        .map((r) => `${r.retriever} ${Number.isFinite(r.score) ? r.score.toFixed(3) : "–"}`).join(" · ");
    }
    hits.appendChild(node);
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const query = q.value.trim();
  if (!query) return;
  const params = new URLSearchParams({ q: query, mode: mode.value, k: "10", explain: "true" });
  if (mode.value === "hybrid") params.set("alpha", alpha.value);
  statusLine.className = "muted";
  statusLine.textContent = "Searching…";
  try {
    const r = await fetch(`v1/search?${params}`);
    const data = await r.json();
    if (!r.ok) {
      hits.textContent = "";
      statusLine.className = "error";
      statusLine.textContent = data.detail || data.title || `HTTP ${r.status}`;
      return;
    }
    render(data, query);
    statusLine.innerHTML = "";
    statusLine.append(`${data.hits.length} hits · ${data.mode} · ${data.timings.totalMs.toFixed(1)} ms · `);
    const legend = document.createElement("span");
    legend.className = "legend";
    legend.innerHTML = '<span class="term q">query term</span><span class="term x">expansion term</span>';
    statusLine.append(legend);
  } catch (e) {
    statusLine.className = "error";
    statusLine.textContent = `Search failed: ${e.message}`;
  }
});

loadStats();
