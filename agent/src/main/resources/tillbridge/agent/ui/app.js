"use strict";
// The status page: one EventSource on /events redraws the page with every status the agent sends.
const secret = document.querySelector('meta[name="tillbridge-secret"]').content;
const $ = (id) => document.getElementById(id);
const when = (iso) => iso ? new Date(iso).toLocaleString() : "never";

function draw(s) {
  $("version").textContent = "version " + s.version;
  $("connection").className = "light-" + s.light;
  $("headline").textContent = s.headline;
  $("detail").textContent = s.detail;
  const down = s.unreachable || [];
  $("unreachable").hidden = down.length === 0;
  $("unreachable").replaceChildren(...down.map((u) => {
    const li = document.createElement("li");
    li.textContent = u.what + ": " + u.why;
    return li;
  }));
  $("since").textContent = when(s.since);
  $("last-heard").textContent = when(s.last_heard);
  $("problem").hidden = !s.last_problem;
  $("problem-at").textContent = when(s.last_problem_at);
  $("problem-text").textContent = s.last_problem || "";
  $("register").hidden = s.registered;
  drawPrompts(s.prompts || []);
  if (s.registered && $("setup").hidden) loadConfig();
  $("no-jobs").hidden = s.jobs.length > 0;
  const list = $("jobs");
  list.replaceChildren(...s.jobs.map((j) => {
    const li = document.createElement("li");
    li.dataset.job = j.id;
    const head = document.createElement("div");
    head.className = "job-head";
    const state = document.createElement("span");
    state.className = "job-state state-" + j.state;
    state.textContent = j.state;
    head.append(j.id + " (" + j.type + ") ", state);
    const events = document.createElement("ul");
    events.className = "job-events";
    events.append(...j.events.map((e) => {
      const item = document.createElement("li");
      item.textContent = new Date(e.at).toLocaleTimeString() + " " + e.text;
      return item;
    }));
    li.append(head, events);
    return li;
  }));
}

// Every state-changing request carries the agent's secret (other pages in this browser cannot read it).
async function post(path, body) {
  const r = await fetch(path, {method: "POST", headers: {"Content-Type": "application/json", "X-Tillbridge-Secret": secret},
    body: JSON.stringify(body)});
  const text = await r.text();
  let message = text;
  try { message = JSON.parse(text).message || text; } catch (e) { /* a plain text answer */ }
  return {ok: r.ok, message};
}

function say(id, result) {
  $(id).textContent = result.message;
  $(id).className = result.ok ? "" : "error";
}

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

function drawPrompts(prompts) {
  $("prompts").hidden = prompts.length === 0;
  $("prompt-list").replaceChildren(...prompts.map((p) => {
    const li = document.createElement("li");
    li.dataset.prompt = p.prompt;
    li.dataset.job = p.job;
    const text = document.createElement("span");
    text.className = "prompt-text";
    text.textContent = p.text + " ";
    li.append(text);
    const send = async (answer) => say("answer-result", await post("/answer", {job: p.job, prompt: p.prompt, answer}));
    if (p.kind === "input") {
      const input = document.createElement("input");
      input.setAttribute("aria-label", "answer");
      li.append(input, button("Send", () => send(input.value)));
    }
    (p.answers || []).forEach((a) => li.append(button(a, () => send(a))));
    return li;
  }));
}

async function change(body, form) {
  const result = await post("/config", body);
  say("setup-result", result);
  if (result.ok && form) form.reset();
  loadConfig();
}

function row(cells, ...buttons) {
  const tr = document.createElement("tr");
  tr.dataset.name = cells[0];
  cells.forEach((c) => { const td = document.createElement("td"); td.textContent = c; tr.append(td); });
  const td = document.createElement("td");
  td.append(...buttons);
  tr.append(td);
  return tr;
}

async function loadConfig() {
  const r = await fetch("/config");
  if (!r.ok) return;
  const c = await r.json();
  $("setup").hidden = false;
  $("log-section").hidden = false;
  const terminals = c.terminals || [];
  const printers = c.printers || [];
  $("terminals").tBodies[0].replaceChildren(...terminals.map((t) => row([t.name, t.frob, t.ecr_id || "TILLBRIDGE"],
    button("Remove", () => change({remove: "terminals", name: t.name})))));
  $("printers").tBodies[0].replaceChildren(...printers.map((p) => row([p.name, p.uri],
    button("Test print", async () => say("setup-result", await post("/test/print", {printer: p.name}))),
    button("Remove", () => change({remove: "printers", name: p.name})))));
  $("test-payment").elements.terminal.replaceChildren(...terminals.map((t) => new Option(t.name, t.name)));
  $("settings").elements.ping_seconds.value = c.ping_seconds || 120;
  $("settings").elements.proxy.value = c.proxy || "";
}

function fields(form) {
  const o = {};
  for (const [k, v] of new FormData(form)) if (v !== "") o[k] = v;
  return o;
}

$("add-terminal").addEventListener("submit", (e) => { e.preventDefault(); change({add: "terminals", entry: fields(e.target)}, e.target); });
$("add-printer").addEventListener("submit", (e) => { e.preventDefault(); change({add: "printers", entry: fields(e.target)}, e.target); });
$("settings").addEventListener("submit", (e) => {
  e.preventDefault();
  const f = e.target.elements;
  change({set: {ping_seconds: Number(f.ping_seconds.value), proxy: f.proxy.value === "" ? null : f.proxy.value}});
});
$("test-payment").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = e.target.elements;
  say("setup-result", await post("/test/payment", {terminal: f.terminal.value, amount: Number(f.amount.value), currency: f.currency.value}));
});

async function loadLog() {
  if (!$("log-details").open) return;
  const r = await fetch("/log");
  if (r.ok) $("log").textContent = await r.text();
}
$("log-details").addEventListener("toggle", loadLog);
setInterval(loadLog, 5000);

const source = new EventSource("/events");
source.addEventListener("status", (e) => { $("page-link").hidden = true; draw(JSON.parse(e.data)); });
source.onerror = () => { $("page-link").hidden = false; };

$("register-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  $("register-result").textContent = "registering…";
  try {
    const r = await fetch("/register", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Tillbridge-Secret": secret },
      body: JSON.stringify({ hub: form.get("hub"), code: form.get("code") }),
    });
    $("register-result").textContent = r.ok ? "registered as site " + (await r.json()).site : await r.text();
  } catch (err) {
    $("register-result").textContent = "the agent did not answer: " + err.message;
  }
});
