// Timeline: stacked bars of event counts per period, by event type or quad class.
// Clicking a bar segment filters to that period and that type (or quad class).
import { query, latest } from "./api.js";
import { QUAD_COLORS, typeColor } from "./colors.js";
import { update } from "./state.js";

const d3 = window.d3;
const load = latest();

function periodRange(period, interval) {
  if (interval === "week") {
    const start = new Date(period + "T00:00:00Z");
    const end = new Date(start.getTime() + 6 * 86400000);
    return [period, end.toISOString().slice(0, 10)];
  }
  return [period, period]; // a day, YYYY-MM or YYYY is its own range
}

export function createTimeline(meta, onError) {
  const el = document.getElementById("timeline");
  const legend = document.getElementById("timeline-legend");
  const note = document.getElementById("timeline-note");
  const panel = document.getElementById("timeline-panel");
  const bySelect = document.getElementById("tl-by");
  const intervalSelect = document.getElementById("tl-interval");
  const types = meta.event_types.map((t) => t.name);
  const colorOfType = typeColor(types);
  let lastFilters = {};

  async function render(filters) {
    lastFilters = filters;
    const by = bySelect.value;
    const interval = intervalSelect.value;
    panel.classList.add("loading");
    let data;
    try {
      data = await load(`/api/v1/timeline${query(filters, { by, interval })}`);
    } catch (err) {
      if (err.name !== "AbortError") onError(err);
      return;
    } finally {
      panel.classList.remove("loading");
    }
    draw(data, by, interval);
  }

  function draw(data, by, interval) {
    const keys = by === "quad_code" ? ["1", "2", "3", "4"] : [...types];
    const color = by === "quad_code" ? (k) => QUAD_COLORS[k] : colorOfType;
    const label = by === "quad_code" ? (k) => meta.quad_classes[k] || k : (k) => k;
    const periods = [...new Set(data.items.map((d) => d.period))];
    const table = new Map(periods.map((p) => [p, Object.fromEntries(keys.map((k) => [k, 0]))]));
    const present = new Set();
    for (const item of data.items) {
      const key = String(item.key);
      const row = table.get(item.period);
      if (!keys.includes(key)) keys.push(key);
      row[key] = (row[key] || 0) + item.count;
      present.add(key);
    }
    const rows = periods.map((p) => ({ period: p, ...table.get(p) }));
    const stack = d3.stack().keys(keys.filter((k) => present.has(k))).value((d, k) => d[k] || 0)(rows);

    const width = el.clientWidth || 900;
    const height = 220;
    const margin = { top: 8, right: 10, bottom: 26, left: 48 };
    el.replaceChildren();
    const svg = d3.select(el).append("svg").attr("viewBox", `0 0 ${width} ${height}`)
      .attr("role", "img").attr("aria-label", "event counts over time");
    if (!rows.length) {
      svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
        .attr("class", "empty").attr("fill", "#616e7c").text("No dated events match.");
    } else {
      // Few periods would give absurdly wide bars: cap the band width and centre the bars.
      const span = Math.min(width - margin.left - margin.right, periods.length * 48);
      const left = margin.left + (width - margin.left - margin.right - span) / 2;
      const x = d3.scaleBand().domain(periods).range([left, left + span]).padding(0.12);
      const max = d3.max(stack, (layer) => d3.max(layer, (d) => d[1])) || 1;
      const y = d3.scaleLinear().domain([0, max]).nice().range([height - margin.bottom, margin.top]);
      const every = Math.max(1, Math.ceil(periods.length / Math.floor(width / 70)));
      svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
        .call(d3.axisBottom(x).tickValues(periods.filter((_, i) => i % every === 0)).tickSizeOuter(0));
      svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
        .call(d3.axisLeft(y).ticks(Math.min(5, max), "~s"));
      svg.append("g").selectAll("g").data(stack).join("g")
        .attr("fill", (layer) => color(layer.key))
        .selectAll("rect").data((layer) => layer.filter((d) => d[1] > d[0]).map((d) => ({ d, key: layer.key })))
        .join("rect")
        .attr("class", "bar")
        .attr("data-period", (s) => s.d.data.period)
        .attr("data-key", (s) => s.key)
        .attr("x", (s) => x(s.d.data.period))
        .attr("y", (s) => y(s.d[1]))
        .attr("height", (s) => Math.max(0, y(s.d[0]) - y(s.d[1])))
        .attr("width", x.bandwidth())
        .on("click", (_event, s) => {
          const [from, to] = periodRange(s.d.data.period, interval);
          const change = { date_from: from, date_to: to };
          if (by === "quad_code") change.quad_code = s.key;
          else change.event_type = s.key;
          update(change);
        })
        .append("title")
        .text((s) => `${s.d.data.period} · ${label(s.key)}: ${(s.d[1] - s.d[0]).toLocaleString()}`);
    }
    legend.replaceChildren();
    for (const key of keys.filter((k) => present.has(k))) {
      const button = document.createElement("button");
      button.type = "button";
      button.title = `show only ${label(key)}`;
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = color(key);
      button.append(swatch, label(key));
      button.addEventListener("click", () =>
        update(by === "quad_code" ? { quad_code: key } : { event_type: key }));
      legend.append(button);
    }
    note.textContent = data.left_out
      ? `${data.left_out.toLocaleString()} of ${data.total.toLocaleString()} matching events are ` +
        `undated or dated less precisely than a ${interval} and are not drawn.`
      : "";
  }

  bySelect.addEventListener("change", () => render(lastFilters));
  intervalSelect.addEventListener("change", () => render(lastFilters));
  return { render };
}
