// The review page. Every piece of story text reaches the page through textContent or text nodes, never parsed as HTML,
// so a story holding markup is shown as text; the Content-Security-Policy forbids inline script besides.
"use strict";

const state = {
  session: null,      // GET /desk/session
  stories: [],        // story views in the list
  index: -1,          // the open story
  edit: null,         // the editor's working decision for the open story
  undo: [],           // earlier copies of edit
  done: new Set(),    // ids saved in this visit
  selectedEntity: -1,
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const $ = (id) => document.getElementById(id);

async function api(method, path, body, form) {
  const headers = { "Accept": "application/json" };
  if (method !== "GET") headers["X-CSRF-TOKEN"] = state.session ? state.session.csrfToken : "";
  let payload;
  if (form) { headers["Content-Type"] = "application/x-www-form-urlencoded"; payload = new URLSearchParams(form); }
  else if (body !== undefined) { headers["Content-Type"] = "application/json"; payload = JSON.stringify(body); }
  const response = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error((data && (data.detail || data.title)) || ("HTTP " + response.status));
  return data;
}

function status(message, isError) {
  const s = $("status");
  s.textContent = message;
  s.className = isError ? "error" : "muted";
}

// ---- session ----

async function loadSession() {
  state.session = await api("GET", "/desk/session");
  const signedIn = !!state.session.editor;
  $("login").hidden = signedIn;
  $("desk").hidden = !signedIn;
  $("bottom").hidden = !signedIn;
  $("logout").hidden = !signedIn;
  $("who").textContent = signedIn ? "editor: " + state.session.editor : "";
  $("model").textContent = "model " + state.session.modelVersion;
  if (!signedIn) {
    $("login-error").textContent = state.session.signedInButNotEditor ? "This key may tag but not review." : "";
    $("login-key").focus();
    return;
  }
  const topicFilter = $("filter-topic");
  if (topicFilter.options.length === 1) {
    for (const label of state.session.labels) topicFilter.append(el("option", { value: label }, label));
  }
  loadDrift().catch(() => { $("drift-note").textContent = "drift statistics unavailable"; });
}

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try {
    await api("POST", "/desk/login", undefined, { key: $("login-key").value });
    $("login-key").value = "";
    await loadSession();
    await loadQueue();
  } catch (err) {
    $("login-error").textContent = err.message;
  }
});

$("logout").addEventListener("click", async () => {
  await api("POST", "/desk/logout");
  location.reload();
});

// ---- stories list ----

function setStories(stories, openFirst) {
  state.stories = stories;
  renderList();
  if (openFirst && stories.length > 0) open(0);
  else if (stories.length === 0) { state.index = -1; render(); }
}

function renderList() {
  const list = $("stories");
  list.replaceChildren();
  state.stories.forEach((s, i) => {
    const item = el("li", { class: (i === state.index ? "current " : "") + (state.done.has(s.id) ? "done" : ""), "data-id": s.id, onclick: () => open(i) },
      s.title || "(no headline)");
    item.title = "uncertainty " + s.suggestion.uncertainty;
    list.append(item);
  });
}

async function loadQueue() {
  const params = new URLSearchParams();
  for (const [name, id] of [["topic", "filter-topic"], ["country", "filter-country"], ["day", "filter-day"], ["model", "filter-model"]]) {
    const v = $(id).value.trim();
    if (v) params.set(name, v);
  }
  const data = await api("GET", "/desk/queue?" + params.toString());
  setStories(data.stories, true);
  status(data.stories.length + " stories waiting for review");
}

$("queue-form").addEventListener("submit", (e) => { e.preventDefault(); loadQueue().catch((err) => status(err.message, true)); });

$("paste-form").addEventListener("submit", (e) => { e.preventDefault(); paste(); });
$("paste-text").addEventListener("keydown", (e) => { if (e.key === "Enter" && e.ctrlKey) { e.preventDefault(); paste(); } });

async function paste() {
  const text = $("paste-text").value;
  if (!text.trim()) { status("Paste a story first.", true); return; }
  try {
    const data = await api("POST", "/desk/stories", { title: $("paste-title").value, text, kind: $("paste-kind").value });
    $("paste-text").value = "";
    $("paste-title").value = "";
    const at = state.stories.length;
    setStories(state.stories.concat(data.stories), false);
    open(at);
    $("paste-text").blur();
    status("Tagged " + data.stories.length + " " + (data.stories.length === 1 ? "story" : "stories") + ".");
  } catch (err) {
    status(err.message, true);
  }
}

// ---- one story: the working decision ----

function bandOf(score) {
  if (score >= state.session.acceptAbove) return "pre-accepted";
  if (score >= state.session.suggestAbove) return "suggested";
  return "hidden";
}

function open(i) {
  if (i < 0 || i >= state.stories.length) return;
  state.index = i;
  const s = state.stories[i].suggestion;
  const topics = {};
  for (const label of Object.keys(s.topicScores)) {
    const score = s.topicScores[label];
    const band = bandOf(score);
    // Pre-accepted above the high band; in the middle band the model's own threshold decides; hidden ones start off.
    topics[label] = band === "pre-accepted" || (band === "suggested" && score >= (s.thresholds[label] ?? 0.5));
  }
  const countries = (s.result.countries || []).map((c) => ({ code: c.code, name: c.name, score: c.score, suggested: true, on: true }));
  state.edit = { topics, countries, primary: s.primaryCountry, wrong: [], showHidden: false };
  state.undo = [];
  state.selectedEntity = -1;
  render();
}

function change(mutate) {
  if (!state.edit) return;
  state.undo.push(JSON.stringify(state.edit));
  mutate(state.edit);
  render();
}

function undo() {
  if (state.undo.length === 0) { status("Nothing to undo."); return; }
  state.edit = JSON.parse(state.undo.pop());
  render();
  status("Undone.");
}

function toggleTopic(k) {
  const labels = Object.keys(state.stories[state.index].suggestion.topicScores);
  if (k >= labels.length) return;
  change((e) => { e.topics[labels[k]] = !e.topics[labels[k]]; });
}

function toggleCountry(k) {
  change((e) => {
    if (k >= e.countries.length) return;
    e.countries[k].on = !e.countries[k].on;
    if (!e.countries[k].on && e.primary === e.countries[k].code) e.primary = (e.countries.find((c) => c.on) || {}).code || null;
  });
}

function acceptAll() {
  const s = state.stories[state.index].suggestion;
  change((e) => {
    for (const label of Object.keys(e.topics)) e.topics[label] = s.topics.includes(label);
    for (const c of e.countries) c.on = c.suggested;
    e.primary = s.primaryCountry;
  });
}

function nextPrimary() {
  change((e) => {
    const on = e.countries.filter((c) => c.on).map((c) => c.code);
    if (on.length === 0) { e.primary = null; return; }
    const at = on.indexOf(e.primary);
    e.primary = on[(at + 1) % on.length];
  });
}

function addCountry(code) {
  code = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) { status("A country is a two-letter ISO code such as KZ.", true); return; }
  change((e) => {
    const known = e.countries.find((c) => c.code === code);
    if (known) known.on = true;
    else e.countries.push({ code, name: code, score: null, suggested: false, on: true });
    if (!e.primary) e.primary = code;
  });
}

function entities() {
  return state.index < 0 ? [] : (state.stories[state.index].suggestion.result.entities || []);
}

function selectNextEntity() {
  const n = entities().length;
  if (n === 0) return;
  state.selectedEntity = (state.selectedEntity + 1) % n;
  render();
  const mark = document.querySelector("mark.ent.selected");
  if (mark) mark.scrollIntoView({ block: "nearest" });
}

function markEntityWrong() {
  const k = state.selectedEntity;
  if (k < 0) { status("Select a name with e first."); return; }
  change((e) => {
    const at = e.wrong.indexOf(k);
    if (at >= 0) e.wrong.splice(at, 1); else e.wrong.push(k);
  });
}

async function save() {
  if (state.index < 0 || !state.edit) return;
  const story = state.stories[state.index];
  const s = story.suggestion;
  const e = state.edit;
  const on = Object.keys(e.topics).filter((l) => e.topics[l]);
  const decision = {
    suggestionId: s.id,
    modelVersion: s.modelVersion,
    scoresSeen: s.topicScores,
    acceptedTopics: on.filter((l) => s.topics.includes(l)),
    rejectedTopics: s.topics.filter((l) => !e.topics[l]),
    addedTopics: on.filter((l) => !s.topics.includes(l)),
    acceptedCountries: e.countries.filter((c) => c.on && c.suggested).map((c) => c.code),
    rejectedCountries: e.countries.filter((c) => !c.on && c.suggested).map((c) => c.code),
    addedCountries: e.countries.filter((c) => c.on && !c.suggested).map((c) => c.code),
    primaryCountry: e.countries.some((c) => c.on && c.code === e.primary) ? e.primary : null,
    wrongEntities: e.wrong.map((k) => { const x = entities()[k]; return { start: x.start, end: x.end, text: x.text, type: x.type, country: x.country || null }; }),
  };
  try {
    const saved = await api("POST", "/desk/stories/" + encodeURIComponent(story.id) + "/decision", decision);
    state.done.add(story.id);
    status("Saved decision " + saved.id + ": " + (saved.topics.join(", ") || "no topic") + "; " + (saved.countries.join(", ") || "no country") + ".");
    if (state.index + 1 < state.stories.length) open(state.index + 1); else { renderList(); }
  } catch (err) {
    status("Not saved: " + err.message, true);
  }
}

// ---- rendering ----

function render() {
  renderList();
  const title = $("story-title"), meta = $("story-meta"), text = $("story-text");
  const topicsList = $("topics"), countriesList = $("countries"), why = $("why");
  for (const n of [text, topicsList, countriesList, why]) n.replaceChildren();
  if (state.index < 0) { title.textContent = "No story open"; meta.textContent = ""; return; }
  const story = state.stories[state.index];
  const s = story.suggestion;
  const e = state.edit;
  title.textContent = story.title || "(no headline)";
  meta.textContent = story.source + " · " + story.receivedUtc + " · model " + s.modelVersion + " · id " + story.id;

  // Text with entity spans: plain text nodes between <mark> elements whose content is also a text node.
  const body = story.text;
  let at = 0;
  entities().forEach((x, k) => {
    if (x.start < at || x.end > body.length) return;
    text.append(document.createTextNode(body.slice(at, x.start)));
    const mark = el("mark", { class: "ent ent-" + x.type + (k === state.selectedEntity ? " selected" : "") + (e.wrong.includes(k) ? " wrong" : ""),
      title: x.type + (x.country ? " → " + x.country : "") }, body.slice(x.start, x.end));
    if (x.country) mark.append(el("sup", {}, x.country));
    text.append(mark);
    at = x.end;
  });
  text.append(document.createTextNode(body.slice(at)));

  topicsList.className = e.showHidden ? "show-hidden" : "";
  Object.keys(s.topicScores).forEach((label, k) => {
    const score = s.topicScores[label];
    const threshold = s.thresholds[label] ?? 0.5;
    const band = bandOf(score);
    const bar = el("span", { class: "bar", title: "score " + score.toFixed(3) + ", threshold " + threshold.toFixed(2) },
      el("span", { class: "fill" }), el("span", { class: "threshold" }));
    bar.firstChild.style.width = (score * 100).toFixed(1) + "%";
    bar.lastChild.style.left = (threshold * 100).toFixed(1) + "%";
    topicsList.append(el("li", { class: (e.topics[label] ? "on" : "off") + (band === "hidden" && !e.topics[label] ? " hidden-band" : ""), "data-topic": label },
      el("span", { class: "key" }, String(k + 1)),
      el("span", { class: "name" }, label),
      bar,
      el("span", { class: "band" }, score.toFixed(2) + " " + band)));
  });
  $("toggle-hidden").textContent = e.showHidden ? "fewer topics (h)" : "more topics (h)";

  e.countries.forEach((c, k) => {
    countriesList.append(el("li", { class: c.on ? "on" : "off", "data-country": c.code },
      el("span", { class: "key" }, "⇧" + (k + 1)),
      el("span", { class: "name" }, c.code),
      el("span", {}, c.name + (c.suggested ? "" : " (added)")),
      el("span", { class: "primary-mark" }, c.code === e.primary && c.on ? "primary" : (c.score != null ? c.score.toFixed(2) : ""))));
  });

  const explanation = s.result.explanation;
  if (explanation) {
    for (const [label, terms] of Object.entries(explanation.topics || {})) {
      why.append(el("div", {}, el("strong", {}, label + ": "), terms.map((t) => t.term + " (−" + t.drop.toFixed(2) + ")").join(", ")));
    }
    const list = el("ul");
    for (const c of explanation.countries || []) {
      list.append(el("li", {}, c.code + ": " + c.mentions + " mentions" + (c.inHeadline ? ", in the headline" : "") + "; via " + (c.via || []).join(", ")));
    }
    why.append(list);
  }
}

// ---- keyboard ----

document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  if (typing) {
    if (event.key === "Escape") target.blur();
    return;
  }
  if (!state.session || !state.session.editor || event.ctrlKey && event.key !== "z" || event.altKey || event.metaKey) return;
  const digit = /^Digit([1-9])$/.exec(event.code);
  let handled = true;
  if (digit && event.shiftKey) toggleCountry(Number(digit[1]) - 1);
  else if (digit) toggleTopic(Number(digit[1]) - 1);
  else if (event.key === "j") open(Math.min(state.index + 1, state.stories.length - 1));
  else if (event.key === "k") open(Math.max(state.index - 1, 0));
  else if (event.key === "a") acceptAll();
  else if (event.key === "p") nextPrimary();
  else if (event.key === "e") selectNextEntity();
  else if (event.key === "x") markEntityWrong();
  else if (event.key === "h") change((e) => { e.showHidden = !e.showHidden; });
  else if (event.key === "u" || (event.ctrlKey && event.key === "z")) undo();
  else if (event.key === "Enter") save();
  else if (event.key === "c") $("country-add").focus();
  else if (event.key === "n") $("paste-text").focus();
  else handled = false;
  if (handled) event.preventDefault();
});

$("country-form").addEventListener("submit", (e) => {
  e.preventDefault();
  addCountry($("country-add").value);
  $("country-add").value = "";
  $("country-add").blur();
});
$("accept-all").addEventListener("click", () => acceptAll());
$("undo").addEventListener("click", () => undo());
$("save").addEventListener("click", () => save());
$("toggle-hidden").addEventListener("click", () => change((e) => { e.showHidden = !e.showHidden; }));
$("topics").addEventListener("click", (event) => {
  const li = event.target.closest("li[data-topic]");
  if (li) toggleTopic(Array.from(li.parentNode.children).indexOf(li));
});
$("countries").addEventListener("click", (event) => {
  const li = event.target.closest("li[data-country]");
  if (li) toggleCountry(Array.from(li.parentNode.children).indexOf(li));
});

// ---- drift chart: each topic's share of stories, training split against the last 7 days served ----

async function loadDrift() {
  const stats = await api("GET", "/v1/stats?days=7");
  const served = stats.days.reduce((sum, d) => sum + d.stories, 0);
  const labels = state.session.labels;
  const rows = labels.map((l) => ({
    label: l,
    training: stats.training.stories ? (stats.training.topics[l] || 0) / stats.training.stories : 0,
    served: served ? stats.days.reduce((sum, d) => sum + (d.topics[l] || 0), 0) / served : 0,
  }));
  rows.push({ label: "none", training: null, served: served ? stats.days.reduce((sum, d) => sum + d.none, 0) / served : 0 });
  const ns = "http://www.w3.org/2000/svg";
  const width = 420, rowHeight = 26, height = rows.length * rowHeight + 10;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", width); svg.setAttribute("height", height); svg.setAttribute("role", "img");
  const shape = (name, attrs, text) => {
    const n = document.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    svg.append(n);
  };
  rows.forEach((r, i) => {
    const y = 5 + i * rowHeight;
    shape("text", { x: 0, y: y + 14, "font-size": 12 }, r.label);
    if (r.training !== null) shape("rect", { x: 80, y, width: Math.max(1, r.training * 260), height: 10, fill: "#b0b0b0" });
    shape("rect", { x: 80, y: y + 11, width: Math.max(1, r.served * 260), height: 10, fill: "#5a8ab0" });
    shape("text", { x: 350, y: y + 14, "font-size": 11 },
      (r.training === null ? "n/a" : (100 * r.training).toFixed(0) + "%") + " → " + (100 * r.served).toFixed(0) + "%");
  });
  $("drift-chart").replaceChildren(svg);
  $("drift-note").textContent = "grey: training split (" + stats.training.stories + " stories); blue: served " + stats.from + " to " + stats.to +
    " (" + served + " stories). Per-day counts: GET /v1/stats.";
}

loadSession().then(() => { if (state.session.editor) return loadQueue(); }).catch((err) => status(err.message, true));
