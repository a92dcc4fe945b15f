// Events table with keyset paging: "Older" follows next_cursor; "Newer" goes back through the
// cursors already seen. Clicking a row opens its evidence; clicking a type or code filters.
import { query, latest } from "./api.js";
import { update } from "./state.js";

const load = latest();
const PAGE = 25;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A clickable code or value that sets one filter key. */
export function filterLink(text, change, title) {
  return el("span", {
    class: "link",
    title: title || `filter by ${text}`,
    onclick: (event) => { event.stopPropagation(); update(change); },
  }, text);
}

function parties(refs, role) {
  if (!refs.length) return ["–"];
  const out = [];
  refs.forEach((ref, i) => {
    if (i) out.push(", ");
    const label = ref.sector ? `${ref.code}:${ref.sector}` : ref.code;
    out.push(ref.code && ref.code !== "UNK" ? filterLink(label, { [role]: ref.code }) : label);
  });
  return out;
}

function snippet(event) {
  const ev = event.evidence;
  const s = ev.sentence;
  const at = Math.max(0, ev.trigger_start - ev.start);
  const end = Math.min(s.length, ev.trigger_end - ev.start);
  const before = s.slice(Math.max(0, at - 45), at);
  const after = s.slice(end, end + 45);
  return [
    at > 45 ? "…" : "", before, el("b", {}, s.slice(at, end) || ev.trigger), after,
    end + 45 < s.length ? "…" : "",
  ];
}

export function createTable(onOpen, onError) {
  const body = document.querySelector("#events tbody");
  const info = document.getElementById("page-info");
  const prev = document.getElementById("prev");
  const next = document.getElementById("next");
  const panel = document.getElementById("events-panel");
  const total = document.getElementById("total");
  let filters = {};
  let cursors = [null]; // cursors[i] loads page i
  let page = 0;
  let nextCursor = null;
  let count = null;
  let selectedId = null;

  async function loadPage() {
    panel.classList.add("loading");
    let data;
    try {
      const extra = { limit: PAGE, cursor: cursors[page], count: page === 0 ? "true" : null };
      data = await load(`/api/v1/events${query(filters, extra)}`);
    } catch (err) {
      if (err.name !== "AbortError") onError(err);
      return;
    } finally {
      panel.classList.remove("loading");
    }
    if (data.count !== undefined) count = data.count;
    nextCursor = data.next_cursor;
    drawRows(data.items);
    const first = page * PAGE + 1;
    const last = page * PAGE + data.items.length;
    info.textContent = data.items.length
      ? `${first.toLocaleString()}–${last.toLocaleString()} of ${count === null ? "?" : count.toLocaleString()}`
      : "";
    total.textContent = count === null ? "" : `${count.toLocaleString()} matching events`;
    prev.disabled = page === 0;
    next.disabled = !nextCursor;
  }

  function drawRows(items) {
    body.replaceChildren();
    if (!items.length) {
      body.append(el("tr", {}, el("td", { colspan: "7", class: "empty" }, "No events match these filters.")));
      return;
    }
    for (const e of items) {
      const where = e.location ? (e.location.name || e.location.text) : null;
      const row = el("tr", { dataset: { id: e.id }, onclick: () => select(e.id) },
        el("td", { class: "date" }, e.date || "–"),
        el("td", {}, filterLink(e.event_type, { event_type: e.event_type })),
        el("td", {}, ...parties(e.actor, "actor"), " → ", ...parties(e.recipient, "recipient")),
        el("td", {}, filterLink(e.status, { status: e.status })),
        el("td", {}, filterLink(e.certainty, { certainty: e.certainty })),
        el("td", {}, where ? filterLink(where, { place: where }) : "–"),
        el("td", { class: "snippet" }, ...snippet(e)),
      );
      if (e.id === selectedId) row.classList.add("selected");
      body.append(row);
    }
  }

  function select(id) {
    selectedId = id;
    for (const row of body.querySelectorAll("tr")) row.classList.toggle("selected", row.dataset.id === id);
    onOpen(id);
  }

  prev.addEventListener("click", () => { if (page > 0) { page -= 1; loadPage(); } });
  next.addEventListener("click", () => {
    if (!nextCursor) return;
    page += 1;
    cursors = cursors.slice(0, page);
    cursors.push(nextCursor);
    loadPage();
  });

  function render(newFilters) {
    filters = newFilters;
    cursors = [null];
    page = 0;
    count = null;
    loadPage();
  }

  return { render, select };
}
