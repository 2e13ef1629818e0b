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
  $("since").textContent = when(s.since);
  $("last-heard").textContent = when(s.last_heard);
  $("problem").hidden = !s.last_problem;
  $("problem-at").textContent = when(s.last_problem_at);
  $("problem-text").textContent = s.last_problem || "";
  $("register").hidden = s.registered;
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
