// pockettune web app: plain JavaScript talking to the same HTTP API as any other client.
// With a token (serve --token), open the page as /#token=... once; it is kept in localStorage.
"use strict";
const API = "/v1/pockettune";
const $ = (id) => document.getElementById(id);
let token = localStorage.getItem("pockettune-token") || "";
const history = []; // the conversation sent with each request, OpenAI style
const skipped = new Set();
let currentQuestion = null;

function headers(json) {
  const h = {};
  if (json) h["content-type"] = "application/json";
  if (token) h["authorization"] = "Bearer " + token;
  return h;
}
async function api(path, body) {
  const r = await fetch(path, body === undefined ? { headers: headers(false) }
    : { method: "POST", headers: headers(true), body: JSON.stringify(body) });
  const data = await r.json();
  if (!r.ok) throw new Error((data.error && data.error.message) || r.statusText);
  return data;
}
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- pages -------------------------------------------------------------------------
const pages = { chat: () => $("chat-input").focus(), questions: loadQuestion, buffer: loadBuffer,
  profile: loadProfile, adapters: loadAdapters, train: loadTrain, plots: loadPlots };
function route() {
  const m = location.hash.match(/token=([^&]+)/);
  if (m) { token = decodeURIComponent(m[1]); localStorage.setItem("pockettune-token", token); location.hash = "#chat"; return; }
  const name = pages[location.hash.slice(1)] ? location.hash.slice(1) : "chat";
  for (const s of document.querySelectorAll("main > section")) s.hidden = s.id !== name;
  for (const a of document.querySelectorAll("nav a")) {
    if (a.hash === "#" + name) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  document.body.dataset.page = name;
  pages[name]();
}
window.addEventListener("hashchange", route);

// ---- chat --------------------------------------------------------------------------
async function send(text, temperature) {
  const li = el("li", "assistant");
  li.setAttribute("aria-busy", "true");
  $("messages").append(li);
  $("send").disabled = true;
  const r = await fetch("/v1/chat/completions", { method: "POST", headers: headers(true),
    body: JSON.stringify({ model: "pockettune", messages: history, stream: true, temperature }) });
  const id = r.headers.get("x-completion-id");
  let reply = "";
  if (!r.ok) { li.textContent = "error: " + ((await r.json()).error || {}).message; }
  else {
    const reader = r.body.getReader(), dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const line = buf.slice(0, i).replace(/^data: /, ""); buf = buf.slice(i + 2);
        if (line === "[DONE]") continue;
        const ev = JSON.parse(line);
        if (ev.error) { reply += "\n[error: " + ev.error.message + "]"; continue; }
        const d = ev.choices && ev.choices[0] && ev.choices[0].delta;
        if (d && d.content) { reply += d.content; li.textContent = reply; }
      }
    }
  }
  li.textContent = reply.trim() || "(empty reply)";
  li.removeAttribute("aria-busy");
  li.dataset.done = "1";
  history.push({ role: "assistant", content: reply.trim() });
  addActions(li, id, text, reply.trim());
  $("send").disabled = false;
  return li;
}
function addActions(li, id, question, reply) {
  const box = $("msg-actions").content.firstElementChild.cloneNode(true);
  const note = el("p", "note");
  note.setAttribute("aria-live", "polite");
  const fb = async (body, label) => {
    try {
      const r = await api(API + "/feedback", Object.assign({ completion_id: id }, body));
      note.textContent = label + " noted" + (r.round && r.round.started ? "; a training round started (see Train)" : "");
    }
    catch (e) { note.textContent = "error: " + e.message; }
  };
  box.querySelector('[data-fb="accept"]').onclick = () => fb({ kind: "accept" }, "good");
  box.querySelector("[data-rate]").onchange = (e) => e.target.value && fb({ kind: "rating", value: +e.target.value }, "rating " + e.target.value);
  box.querySelector('[data-fb="edit"]').onclick = () => {
    const ta = el("textarea"); ta.value = reply; ta.setAttribute("aria-label", "edited reply");
    const ok = el("button", "", "Save edit");
    ok.onclick = async () => { await fb({ kind: "edit", edited: ta.value }, "edit"); ta.remove(); ok.remove(); };
    box.after(ta, ok); ta.focus();
  };
  box.querySelector('[data-fb="regenerate"]').onclick = async () => {
    await fb({ kind: "regenerate" }, "retry");
    history.pop(); // the old reply leaves the conversation
    send(question, 0.8);
  };
  li.append(box, note);
}
$("chat-form").onsubmit = (e) => {
  e.preventDefault();
  const text = $("chat-input").value.trim();
  if (!text) return;
  $("messages").append(el("li", "user", text));
  history.push({ role: "user", content: text });
  $("chat-input").value = "";
  send(text);
};
$("chat-input").onkeydown = (e) => {
  if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("chat-form").requestSubmit(); }
};

// ---- questions for you (the annotation queue) --------------------------------------
async function loadQuestion() {
  const q = await api(API + "/annotations?limit=" + (skipped.size + 1));
  const item = q.items.find((i) => !skipped.has(i.id));
  $("q-remaining").textContent = q.remaining + " question(s) waiting, most valuable first";
  $("q-own").textContent = q.own_replies ? q.own_replies + " of your own replies in imported chats were taken as answers without asking (ingest --own-replies)" : "";
  currentQuestion = item || null;
  $("q-card").hidden = !item; $("q-empty").hidden = !!item;
  if (!item) return;
  $("q-domain").textContent = "domain: " + item.domain + "  ·  from " + (item.source || "?");
  $("q-context").textContent = item.context; $("q-question").textContent = item.question;
  $("q-answer").value = item.reply; $("q-accept").disabled = !item.reply;
  $("q-answer").focus();
}
async function answer(action) {
  const item = currentQuestion;
  const r = await api(API + "/annotations", { buffer_id: item.id, action, response: $("q-answer").value });
  await loadQuestion();
  if (r.round && r.round.started) $("q-remaining").textContent += "; a training round started (see Train)";
}
$("q-accept").onclick = () => answer("accept");
$("q-save").onclick = () => answer($("q-answer").value.trim() === (currentQuestion.reply || "").trim() ? "accept" : currentQuestion.reply ? "edit" : "write");
$("q-skip").onclick = () => { skipped.add(currentQuestion.id); loadQuestion(); };

// ---- buffer, profile, adapters -----------------------------------------------------
async function loadBuffer() {
  const b = await api(API + "/buffer");
  $("b-summary").textContent = `${b.items.length}/${b.capacity} turns kept (policy ${b.policy}); seen ${b.counts.seen || 0}, evicted ${b.counts.evicted || 0}, rejected ${b.counts.rejected || 0}`;
  $("b-rows").replaceChildren(...b.items.map((i) => {
    const tr = el("tr");
    for (const v of [i.id, i.domain, i.question, i.eoe.toFixed(3), i.dss.toFixed(3), i.idd.toFixed(3), i.annotated ? "yes" : "", i.why]) tr.append(el("td", "", String(v)));
    return tr;
  }));
}
async function loadProfile() { $("p-text").textContent = (await api(API + "/profile")).text; }
async function loadAdapters(msg) {
  const a = await api(API + "/adapters");
  $("a-rows").replaceChildren(...a.adapters.map((r) => {
    const tr = el("tr");
    const when = new Date(r.created_at * 1000).toLocaleString();
    for (const v of ["v" + r.version + (r.active ? " (active)" : ""), when, r.n_annotations, r.n_synth, r.final_loss == null ? "-" : r.final_loss.toFixed(3), r.note || "", r.stale || ""]) tr.append(el("td", "", String(v)));
    const td = el("td"), b = el("button", "", "Activate");
    b.disabled = r.active; b.onclick = () => adapterAction("activate", { version: r.version });
    td.append(b); tr.append(td);
    return tr;
  }));
  if (!a.adapters.length) $("a-rows").append(el("tr")), $("a-rows").lastChild.append(el("td", "", "no adapters yet: train one"));
  $("a-msg").textContent = typeof msg === "string" ? msg : a.active ? "adapter v" + a.active + " answers" : "the base model answers";
}
async function adapterAction(action, body) {
  try {
    const r = await api(API + "/adapters/" + action, body || {});
    loadAdapters(r.verified ? Object.entries(r.verified).map(([v, s]) => "v" + v + ": " + s).join("; ") || "nothing to verify" : undefined);
  } catch (e) { $("a-msg").textContent = "error: " + e.message; }
}
$("a-base").onclick = () => adapterAction("activate", { version: null });
$("a-rollback").onclick = () => adapterAction("rollback");
$("a-verify").onclick = () => adapterAction("verify");

// ---- training ----------------------------------------------------------------------
let polling = null;
const STAGE = { synth: "synthesizing look-alike pairs", train: "training", verify: "verifying on held-out answers" };
async function loadTrain() {
  const t = await api(API + "/train");
  const last = t.steps[t.steps.length - 1];
  const step = `step ${last ? last.step : 0}/${last ? last.total : "?"}${last ? ", loss " + last.loss.toFixed(3) : ""}`;
  $("t-status").textContent = t.running ? (t.stage && t.stage !== "train" ? STAGE[t.stage] || t.stage : "training: " + step) + "…"
    : t.run ? `last run ${t.run}: ${t.done ? "adapter v" + t.done + " saved" : "not finished"}${last ? ", final loss " + last.loss.toFixed(3) : ""}` : "no training round yet";
  $("t-last").textContent = t.last_round ? "last round: " + roundText(t.last_round) : "";
  drawCurve(t.steps);
  loadRounds();
  clearTimeout(polling);
  if (t.running && document.body.dataset.page === "train") polling = setTimeout(loadTrain, 1000);
}
function roundText(r) {
  const s = r.seconds || {};
  return `v${r.version}: ${r.annotations} annotations (${r.new} new, ${r.replayed} replayed) + ${r.synth_pairs} synthesized pairs, ${r.steps} steps; ${r.verdict}`
    + ` (synth ${(s.synth || 0).toFixed(0)} s, train ${(s.train || 0).toFixed(0)} s, verify ${(s.verify || 0).toFixed(0)} s)`;
}
async function loadRounds() {
  const a = await api(API + "/adapters");
  const rows = a.adapters.filter((r) => r.round).reverse();
  $("r-rows").replaceChildren(...rows.map((r) => {
    const x = r.round, s = x.seconds || {}, tr = el("tr");
    for (const v of ["v" + r.version + (r.active ? " (active)" : ""), `${x.annotations} (${x.new} new)`, `${x.synth_generated} / ${x.synth_kept}`, x.synth_pairs, x.steps,
      x.heldout, x.verdict, (s.synth || 0).toFixed(1), (s.train || 0).toFixed(1), (s.verify || 0).toFixed(1)]) tr.append(el("td", "", String(v)));
    return tr;
  }));
  if (!rows.length) $("r-rows").append(el("tr")), $("r-rows").lastChild.append(el("td", "", "no adaptation round yet"));
}
function drawCurve(steps) {
  const svg = $("t-curve"); svg.replaceChildren();
  if (steps.length < 2) return;
  const ys = steps.map((s) => s.loss), lo = Math.min(...ys), hi = Math.max(...ys) || 1, n = steps.length;
  const pts = steps.map((s, i) => `${20 + (360 * i) / (n - 1)},${180 - (160 * (s.loss - lo)) / (hi - lo || 1)}`).join(" ");
  const ns = "http://www.w3.org/2000/svg", line = document.createElementNS(ns, "polyline");
  line.setAttribute("points", pts); line.setAttribute("fill", "none"); line.setAttribute("stroke", "#0b5cad"); line.setAttribute("stroke-width", "2");
  const label = document.createElementNS(ns, "text");
  label.setAttribute("x", "22"); label.setAttribute("y", "14"); label.setAttribute("font-size", "11");
  label.textContent = `loss ${hi.toFixed(2)} → ${ys[n - 1].toFixed(2)} over ${n} steps`;
  svg.append(line, label);
}
$("t-start").onclick = async () => {
  const r = await api(API + "/train", {});
  $("t-status").textContent = r.started ? "started…" : r.reason;
  setTimeout(loadTrain, 500);
};

// ---- benchmark plots ---------------------------------------------------------------
async function loadPlots() {
  const p = await api(API + "/plots");
  $("plot-list").replaceChildren(...(p.plots.length ? p.plots.flatMap((f) => {
    const img = el("img"); img.src = "/plots/" + f; img.alt = f;
    return [el("h2", "", f), img];
  }) : [el("p", "", "no benchmark plots in this installation")]));
}
route();
