// Evidence view: the sentence an event was read from, with the trigger, actors, recipients and
// place highlighted from their character offsets, badges for status, certainty and quad class,
// the attribution chain, and every other report of the same real-world event.
import { getJSON } from "./api.js";
import { el, filterLink } from "./table.js";

/**
 * Non-overlapping highlight ranges relative to the sentence. Offsets in the records are
 * article offsets; the sentence starts at evidence.start. When ranges overlap the trigger wins,
 * then actors, recipients and the place.
 */
export function highlights(event) {
  const ev = event.evidence;
  const length = ev.sentence.length;
  const wanted = [[ev.trigger_start, ev.trigger_end, "trigger"]];
  for (const a of event.actor) wanted.push([a.start, a.end, "actor"]);
  for (const r of event.recipient) wanted.push([r.start, r.end, "recipient"]);
  if (event.location) wanted.push([event.location.start, event.location.end, "place"]);
  const taken = [];
  for (const [start, end, kind] of wanted) {
    if (start === null || start === undefined || end === null || end === undefined) continue;
    const s = start - ev.start;
    const e = end - ev.start;
    if (s < 0 || e > length || s >= e) continue; // outside this sentence (e.g. a carried place)
    if (taken.some(([ts, te]) => s < te && ts < e)) continue;
    taken.push([s, e, kind]);
  }
  return taken.sort((a, b) => a[0] - b[0]);
}

function sentenceNode(event) {
  const text = event.evidence.sentence;
  const node = el("p", { class: "sentence" });
  let at = 0;
  for (const [s, e, kind] of highlights(event)) {
    if (s > at) node.append(text.slice(at, s));
    node.append(el("mark", { class: kind, title: kind }, text.slice(s, e)));
    at = e;
  }
  if (at < text.length) node.append(text.slice(at));
  return node;
}

function badge(text, cls, title) {
  return el("span", { class: `badge ${cls}`, title: title || "" }, text);
}

function actorList(refs, role) {
  if (!refs.length) return "–";
  const out = el("span");
  refs.forEach((r, i) => {
    if (i) out.append("; ");
    const code = r.sector ? `${r.code}:${r.sector}` : r.code;
    out.append(`“${r.text}” `, r.code !== "UNK" ? filterLink(code, { [role]: r.code }) : code);
    if (r.name) out.append(` (${r.name})`);
  });
  return out;
}

function attributionNode(links) {
  if (!links.length) return "stated by the outlet (no attribution)";
  const list = el("span");
  links.forEach((link, i) => {
    if (i) list.append(" ← ");
    const who = link.speaker ? link.speaker.text : null;
    const parts = [who, link.outlet ? `via ${link.outlet}` : null].filter(Boolean).join(" ");
    list.append(`${parts || "unnamed source"} (“${link.cue}”)`);
  });
  return list;
}

export function createEvidence(meta, onError) {
  const box = document.getElementById("evidence");
  const panel = document.getElementById("evidence-panel");
  let controller = null;

  async function open(id, select) {
    if (controller) controller.abort();
    controller = new AbortController();
    panel.classList.add("loading");
    let data;
    try {
      data = await getJSON(`/api/v1/events/${encodeURIComponent(id)}`, { signal: controller.signal });
    } catch (err) {
      if (err.name !== "AbortError") onError(err);
      return;
    } finally {
      panel.classList.remove("loading");
    }
    draw(data, select);
  }

  function draw(data, select) {
    const e = data.event;
    const article = data.article || {};
    const quad = meta.quad_classes[String(e.quad_code)] || `quad ${e.quad_code}`;
    const facts = el("dl", { class: "facts" },
      el("dt", {}, "Type"), el("dd", {}, filterLink(e.event_type, { event_type: e.event_type }),
        e.mode ? ` / ${e.mode}` : "", e.contexts.length ? ` — ${e.contexts.join(", ")}` : ""),
      el("dt", {}, "Actor"), el("dd", {}, actorList(e.actor, "actor")),
      el("dt", {}, "Recipient"), el("dd", {}, actorList(e.recipient, "recipient")),
      el("dt", {}, "Date"), el("dd", {}, e.date || "unknown",
        ` (${e.date_precision}${e.date_text ? `, from “${e.date_text}”` : ""}${e.historical ? ", historical" : ""})`),
      el("dt", {}, "Place"), el("dd", {}, e.location
        ? `${e.location.name || e.location.text}${e.location.country_code ? `, ${e.location.country_code}` : ""}` +
          `${e.location.resolution ? ` (${e.location.resolution})` : ""}`
        : "–"),
      el("dt", {}, "According to"), el("dd", { class: "attribution" }, attributionNode(e.attribution)),
      e.disputed_by.length ? el("dt", {}, "Disputed by") : null,
      e.disputed_by.length ? el("dd", {}, e.disputed_by.map((d) => d.text).join("; ")) : null,
      el("dt", {}, "Article"), el("dd", {}, article.title || e.article_id,
        article.source ? ` — ${article.source}` : "", article.date ? `, ${article.date}` : ""),
      el("dt", {}, "Pattern"), el("dd", {}, `${e.evidence.pattern_id} · coder ${e.coder_version}`),
    );
    const badges = el("div", { class: "badges" },
      badge(e.status, `status-${e.status}`, "status: did it happen?"),
      badge(e.certainty, `certainty-${e.certainty}`, "certainty: how sure is the report?"),
      badge(quad, `quad-${e.quad_code}`, "PLOVER quad class"),
      badge(`score ${e.score}`, "", "Goldstein-like score, -10..10"),
      e.attribution.length ? badge(`attributed (${e.attribution.length})`, "", "who says so") : null,
      ...e.modality_cues.map((c) => badge(`cue: ${c}`, "", "word that set status or certainty")),
    );
    const key = el("div", { class: "key" },
      el("mark", { class: "trigger" }, "trigger"), el("mark", { class: "actor" }, "actor"),
      el("mark", { class: "recipient" }, "recipient"), el("mark", { class: "place" }, "place"));

    const mentions = data.mentions.filter((m) => m.id !== e.id);
    const mentionBlock = [el("h3", {}, `Reports of this event: ${data.cluster.mention_count}`)];
    if (mentions.length) {
      const list = el("ul", { class: "mentions" });
      for (const m of mentions) {
        list.append(el("li", {},
          el("span", { class: "link", onclick: () => select(m.id) }, `${m.date || "undated"} · ${m.status}/${m.certainty}`),
          ` — ${m.evidence.sentence.slice(0, 140)}${m.evidence.sentence.length > 140 ? "…" : ""}`));
      }
      mentionBlock.push(list);
    } else {
      mentionBlock.push(el("p", { class: "empty" }, "No other report of this event in the store."));
    }
    box.replaceChildren(
      el("div", { class: "event-id", "data-event-id": e.id }, badges),
      sentenceNode(e), key, facts, ...mentionBlock);
  }

  return { open };
}
