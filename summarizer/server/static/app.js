// The editor's page: sends the article to /v1/<task>, shows the output beside the article, links items to evidence.
// Only textContent is ever set from data: article text and model output are never parsed as HTML.
"use strict";

const TOKEN_KEY = "summarizer-token";
const $ = (id) => document.getElementById(id);
let current = null; // {task, data, url}
let pinned = null; // the item whose evidence stays highlighted after a click

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function setStatus(message, kind) {
  const status = $("status");
  status.textContent = message;
  status.className = kind || "";
}

// ------------------------------------------------------------------ highlighting evidence

function sentenceIds(node) {
  return (node.dataset.sids || "").split(" ").filter(Boolean);
}

function highlight(ids, scroll) {
  for (const span of document.querySelectorAll("#article .hl")) span.classList.remove("hl");
  let first = null;
  for (const id of ids) {
    const span = $("s" + id);
    if (span) {
      span.classList.add("hl");
      first = first || span;
    }
  }
  if (scroll && first) first.scrollIntoView({ block: "center", behavior: "smooth" });
}

function linkEvidence(item) {
  item.tabIndex = 0;
  item.classList.add("linked");
  item.addEventListener("mouseenter", () => highlight(sentenceIds(item), false));
  item.addEventListener("mouseleave", () => highlight(pinned ? sentenceIds(pinned) : [], false));
  const activate = () => {
    if (pinned) pinned.classList.remove("active");
    pinned = pinned === item ? null : item;
    if (pinned) pinned.classList.add("active");
    highlight(pinned ? sentenceIds(pinned) : [], Boolean(pinned));
  };
  item.addEventListener("click", activate);
  item.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      activate();
    }
  });
}

function refs(ids) {
  return el("span", { class: "refs" }, ids.map((id) => "s" + id).join(", "));
}

// ------------------------------------------------------------------ rendering

function renderArticle(article) {
  const box = $("article");
  box.replaceChildren();
  $("article-title").textContent = article.title || "Article";
  const byId = new Map(article.sentences.map((s) => [s.id, s]));
  const paragraphs = article.paragraphs.length
    ? article.paragraphs
    : [{ sentence_ids: article.sentences.map((s) => s.id) }];
  for (const para of paragraphs) {
    const p = el("p");
    for (const sid of para.sentence_ids) {
      const s = byId.get(sid);
      if (!s) continue;
      p.append(el("span", { id: "s" + sid, class: "sent", title: "s" + sid }, s.text), " ");
    }
    box.append(p);
  }
}

function badge(text, kind) {
  return el("span", { class: "badge " + (kind || text) }, text);
}

function renderKeyPoints(points) {
  const list = $("key-points");
  list.replaceChildren();
  for (const kp of points) {
    const li = el("li", { dataset: { sids: kp.sentence_ids.join(" ") } }, kp.text, " ", refs(kp.sentence_ids));
    if (kp.verified === false) li.prepend(badge("unverified", "unv"), " ");
    linkEvidence(li);
    list.append(li);
  }
  $("kp-section").hidden = points.length === 0;
}

function renderParagraphs(paragraphs) {
  const box = $("paragraphs");
  box.replaceChildren();
  for (const para of paragraphs) {
    const p = el("p", { dataset: { sids: para.sentence_ids.join(" ") } }, para.text);
    if (para.verified === false) p.prepend(badge("unverified", "unv"), " ");
    linkEvidence(p);
    box.append(p);
  }
  $("para-section").hidden = paragraphs.length === 0;
}

function speakerName(claim) {
  return claim.speaker || "(the article)";
}

function fillSelect(select, values) {
  const keep = select.value;
  select.replaceChildren(el("option", { value: "" }, "all"));
  for (const value of values) select.append(el("option", { value }, value));
  select.value = values.includes(keep) ? keep : "";
}

function renderClaims(claims) {
  const body = $("claims").tBodies[0];
  body.replaceChildren();
  for (const claim of claims) {
    const type = el("td", { "data-label": "Type" }, badge(claim.type));
    if (claim.hedged) type.append(" ", badge("hedged"));
    if (claim.verified === false) type.append(" ", badge("unverified", "unv"));
    const row = el(
      "tr",
      {
        id: "claim-" + claim.id,
        class: "type-" + claim.type + (claim.hedged ? " hedged" : ""),
        dataset: { sids: claim.sentence_ids.join(" "), speaker: speakerName(claim), type: claim.type },
      },
      el("td", { class: "speaker", "data-label": "Speaker" }, speakerName(claim)),
      type,
      el("td", { "data-label": "Claim" }, claim.text),
      el("td", { "data-label": "Evidence" }, refs(claim.sentence_ids)),
    );
    linkEvidence(row);
    body.append(row);
  }
  const speakers = [...new Set(claims.map(speakerName))].sort();
  const types = [...new Set(claims.map((c) => c.type))].sort();
  fillSelect($("f-speaker"), speakers);
  fillSelect($("f-type"), types);
  applyFilters();
  $("claims-section").hidden = claims.length === 0;
}

function applyFilters() {
  const speaker = $("f-speaker").value;
  const type = $("f-type").value;
  let shown = 0;
  const rows = $("claims").tBodies[0].rows;
  for (const row of rows) {
    const ok = (!speaker || row.dataset.speaker === speaker) && (!type || row.dataset.type === type);
    row.hidden = !ok;
    if (ok) shown += 1;
  }
  $("claim-count").textContent = `${shown} of ${rows.length} shown`;
}

function renderChecks(checks, kept) {
  const findings = (checks && checks.findings) || [];
  const removed = (checks && Array.isArray(checks.removed) && checks.removed) || [];
  const errors = findings.filter((f) => f.severity === "error").length;
  const count = (action) => removed.filter((r) => r.action === action).length;
  $("checks-summary").textContent =
    findings.length || removed.length
      ? `${count("removed")} removed, ${count("kept_unverified")} kept unverified, ${count("rebuilt")} rebuilt; ` +
        `${errors} error(s), ${findings.length - errors} warning(s).` +
        (kept && errors ? " Items in error are kept and marked unverified, as asked." : "")
      : "Every item matched the sentences it cites.";
  const gone = $("removed");
  gone.replaceChildren();
  for (const r of removed) {
    const label = { removed: "removed", kept_unverified: "unverified", rebuilt: "rebuilt" }[r.action] || r.action;
    gone.append(
      el("li", { class: r.action }, badge(label, "error"), " ", el("code", {}, r.path), " ", el("q", {}, r.text), " — ", r.reason),
    );
  }
  const list = $("findings");
  list.replaceChildren();
  for (const f of findings) {
    const li = el(
      "li",
      { class: f.severity, dataset: { sids: f.sentence_ids.join(" ") } },
      badge(f.severity, f.severity),
      " ",
      el("code", {}, f.path),
      " ",
      f.message,
      " ",
      f.sentence_ids.length ? refs(f.sentence_ids) : null,
    );
    if (f.sentence_ids.length) linkEvidence(li);
    list.append(li);
  }
  const sens = $("sens");
  sens.replaceChildren();
  if (checks && checks.sensationalism) {
    const s = checks.sensationalism;
    sens.append(
      el("span", {}, "Loaded words per 100: article "),
      el("strong", { id: "sens-before" }, s.article.toFixed(1)),
      el("span", {}, " → output "),
      el("strong", { id: "sens-after" }, s.output.toFixed(1)),
    );
  }
}

function render(task, data) {
  pinned = null;
  $("headline").textContent = data.headline || (task === "claims" ? "Claims" : "");
  $("summary").textContent = data.summary || "";
  renderKeyPoints(data.key_points || []);
  renderParagraphs(data.paragraphs || []);
  renderClaims(data.claims || []);
  renderChecks(data.checks, current && current.kept);
  const r = data.run || {};
  $("run").textContent =
    `backend ${r.backend}${r.model ? " · model " + r.model : ""} · ${r.calls || 0} call(s) · ` +
    `${(r.duration_s || 0).toFixed(2)} s · article ${data.source.id.slice(0, 12)}`;
  if (data.article) renderArticle(data.article);
  $("result").hidden = false;
}

// ------------------------------------------------------------------ requests

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

async function submit() {
  const url = $("url").value.trim();
  const text = $("text").value;
  const task = $("task").value;
  if (!url && !text.trim()) {
    setStatus("Paste an article or give its URL.", "error");
    return;
  }
  const body = url ? { url } : { text };
  const words = parseInt($("max-words").value, 10);
  if (task === "brief" && words) body.max_words = words;
  if ($("keep").checked) body.keep_unverified = true;
  const headers = { "Content-Type": "application/json" };
  if (token()) headers.Authorization = "Bearer " + token();
  $("go").disabled = true;
  setStatus("Working…", "busy");
  try {
    const resp = await fetch(`/v1/${task}?include=article,markdown`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    const data = await resp.json().catch(() => null);
    if (resp.status === 401) {
      $("token-box").hidden = false;
      $("token").focus();
      setStatus("This server needs a token: enter it once below.", "error");
      return;
    }
    if (!resp.ok) {
      const message = data && data.error ? data.error.message : `HTTP ${resp.status}`;
      const wait = resp.headers.get("Retry-After");
      setStatus(message + (wait ? ` (retry in ${wait} s)` : ""), "error");
      return;
    }
    current = { task, data, url, kept: Boolean(body.keep_unverified) };
    render(task, data);
    if (url) {
      const share = "/?url=" + encodeURIComponent(url);
      history.replaceState(null, "", share);
      $("share").href = share;
      $("share").hidden = false;
    } else {
      history.replaceState(null, "", "/");
      $("share").hidden = true;
    }
    setStatus("Done.", "ok");
  } catch (err) {
    setStatus("The server could not be reached: " + err.message, "error");
  } finally {
    $("go").disabled = false;
  }
}

async function copyMarkdown() {
  if (!current) return;
  const md = current.data.markdown || "";
  try {
    await navigator.clipboard.writeText(md);
  } catch (_err) {
    // Clipboard API needs a secure context; plain http on a LAN address falls back to a selection copy.
    const area = el("textarea", { class: "offscreen" });
    area.value = md;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  setStatus("Markdown copied.", "ok");
}

function downloadJson() {
  if (!current) return;
  const { article: _a, markdown: _m, ...output } = current.data;
  const blob = new Blob([JSON.stringify(output, null, 2) + "\n"], { type: "application/json" });
  const link = el("a", { href: URL.createObjectURL(blob), download: `${current.task}-${output.source.id.slice(0, 12)}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function init() {
  $("form").addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  $("token-save").addEventListener("click", () => {
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
    $("token").value = "";
    $("token-box").hidden = true;
    submit();
  });
  $("f-speaker").addEventListener("change", applyFilters);
  $("f-type").addEventListener("change", applyFilters);
  $("copy-md").addEventListener("click", copyMarkdown);
  $("download-json").addEventListener("click", downloadJson);
  $("url").addEventListener("input", () => {
    if ($("url").value.trim()) $("text").value = "";
  });
  $("text").addEventListener("input", () => {
    if ($("text").value.trim()) $("url").value = "";
  });
  const shared = new URLSearchParams(location.search).get("url");
  if (shared) {
    $("url").value = shared;
    submit();
  }
}

document.addEventListener("DOMContentLoaded", init);
