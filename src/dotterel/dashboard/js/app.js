// The dashboard: one filter shared by every view; any click that sets a filter redraws all.
import { getJSON, FILTER_KEYS } from "./api.js";
import { filters, setFilters, subscribe, update } from "./state.js";
import { createTimeline } from "./timeline.js";
import { createMap } from "./map.js";
import { createNetwork } from "./network.js";
import { createTable } from "./table.js";
import { createEvidence } from "./evidence.js";

const LABELS = {
  actor: "actor", recipient: "recipient", dyad: "dyad", event_type: "type", mode: "mode",
  status: "status", certainty: "certainty", quad_code: "quad", country: "country",
  place: "place", date_from: "from", date_to: "to", text: "text", article_id: "article",
};

const errorBox = document.getElementById("error");

function showError(err) {
  errorBox.hidden = false;
  errorBox.textContent = err.hint ? `${err.message} — ${err.hint}` : err.message;
}

function clearError() {
  errorBox.hidden = true;
  errorBox.textContent = "";
}

function fillSelect(name, values) {
  const select = document.querySelector(`#filters [name="${name}"]`);
  for (const v of values) select.append(new Option(v, v));
}

function syncForm(current) {
  const form = document.getElementById("filters");
  for (const input of form.querySelectorAll("input, select")) {
    input.value = current[input.name] || "";
  }
}

function drawChips(current) {
  const box = document.getElementById("chips");
  box.replaceChildren();
  for (const key of FILTER_KEYS) {
    if (!current[key]) continue;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.title = `remove the ${LABELS[key]} filter`;
    remove.textContent = "×";
    remove.addEventListener("click", () => update({ [key]: null }));
    const chip = document.createElement("span");
    chip.className = "chip";
    chip.dataset.key = key;
    chip.append(`${LABELS[key]}: ${current[key]}`, remove);
    box.append(chip);
  }
}

async function main() {
  const meta = await getJSON("/api/v1/meta");
  fillSelect("event_type", meta.event_types.map((t) => t.name));
  fillSelect("status", meta.statuses);
  fillSelect("certainty", meta.certainties);

  const evidence = createEvidence(meta, showError);
  let table;
  const select = (id) => { evidence.open(id, select); };
  table = createTable(select, showError);
  const views = [createTimeline(meta, showError), createNetwork(showError), table];
  views.push(await createMap(meta, showError));

  const form = document.getElementById("filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    // Keys the form has no field for (dyad, place, quad…) stay as they are.
    const keep = Object.fromEntries(Object.entries(filters()).filter(([k]) => !(k in data)));
    setFilters({ ...keep, ...data });
  });
  document.getElementById("clear").addEventListener("click", () => setFilters({}));

  const refresh = (current) => {
    clearError();
    syncForm(current);
    drawChips(current);
    for (const view of views) view.render(current);
  };
  subscribe(refresh);
  refresh(filters());
  document.body.dataset.ready = "true";
}

main().catch(showError);
