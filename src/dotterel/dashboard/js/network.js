// Dyad network: who acts on whom. Nodes are actor codes, directed edges carry event counts
// (width ~ sqrt(count)). The layout is a force simulation run to rest before drawing, so the
// picture does not jiggle and is the same for the same data.
import { query, latest } from "./api.js";
import { update } from "./state.js";

const d3 = window.d3;
const load = latest();
const TOP_DYADS = 40;

export function createNetwork(onError) {
  const el = document.getElementById("network");
  const panel = document.getElementById("network-panel");

  async function render(filters) {
    panel.classList.add("loading");
    let data;
    try {
      data = await load(`/api/v1/dyads${query(filters, { limit: TOP_DYADS })}`);
    } catch (err) {
      if (err.name !== "AbortError") onError(err);
      return;
    } finally {
      panel.classList.remove("loading");
    }
    draw(data.items, filters);
  }

  function draw(dyads, filters) {
    const width = 520;
    const height = 330;
    el.replaceChildren();
    const svg = d3.select(el).append("svg").attr("viewBox", `0 0 ${width} ${height}`)
      .attr("role", "img").attr("aria-label", "network of actors and recipients");
    if (!dyads.length) {
      svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
        .attr("fill", "#616e7c").text("No events with both an actor and a recipient match.");
      return;
    }
    const weight = new Map();
    for (const d of dyads) {
      weight.set(d.actor, (weight.get(d.actor) || 0) + d.count);
      weight.set(d.recipient, (weight.get(d.recipient) || 0) + d.count);
    }
    const nodes = [...weight.keys()].sort().map((id) => ({ id, weight: weight.get(id) }));
    const links = dyads.map((d) => ({ source: d.actor, target: d.recipient, count: d.count }));
    const maxCount = d3.max(links, (l) => l.count) || 1;
    const maxWeight = d3.max(nodes, (n) => n.weight) || 1;
    const stroke = d3.scaleSqrt().domain([0, maxCount]).range([0.8, 7]);
    const size = d3.scaleSqrt().domain([0, maxWeight]).range([4, 16]);

    const sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id((n) => n.id).distance(60).strength(0.3))
      .force("charge", d3.forceManyBody().strength(-120))
      .force("x", d3.forceX(0).strength(0.06))
      .force("y", d3.forceY(0).strength(0.1))
      .force("collide", d3.forceCollide((n) => size(n.weight) + 10))
      .stop();
    for (let i = 0; i < 300; i += 1) sim.tick();
    // Fit the layout into the panel (scaling positions, not sizes) instead of clamping nodes
    // to the border, where they would pile up.
    const pad = 28;
    const [x0, x1] = d3.extent(nodes, (n) => n.x);
    const [y0, y1] = d3.extent(nodes, (n) => n.y);
    const k = Math.min((width - 2 * pad) / Math.max(1, x1 - x0), (height - 2 * pad) / Math.max(1, y1 - y0), 1.6);
    for (const n of nodes) {
      n.x = width / 2 + (n.x - (x0 + x1) / 2) * k;
      n.y = height / 2 + (n.y - (y0 + y1) / 2) * k;
    }

    // Arrow heads in user units, so thick edges do not get giant arrows.
    svg.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 -4 8 8")
      .attr("markerUnits", "userSpaceOnUse")
      .attr("refX", 8).attr("refY", 0).attr("markerWidth", 8).attr("markerHeight", 8)
      .attr("orient", "auto").append("path").attr("d", "M0,-4L8,0L0,4").attr("fill", "#7b8794");

    const dyad = filters.dyad || "";
    svg.append("g").selectAll("path").data(links).join("path")
      .attr("class", "edge")
      .classed("selected", (l) => dyad === `${l.source.id}-${l.target.id}`)
      .attr("stroke-width", (l) => stroke(l.count))
      .attr("marker-end", "url(#arrow)")
      .attr("data-dyad", (l) => `${l.source.id}-${l.target.id}`)
      .attr("d", (l) => edgePath(l, size))
      .on("click", (_event, l) => update({ dyad: `${l.source.id}-${l.target.id}` }))
      .append("title").text((l) => `${l.source.id} → ${l.target.id}: ${l.count.toLocaleString()} events`);

    const actors = (filters.actor || "").split(",");
    const node = svg.append("g").selectAll("g").data(nodes).join("g")
      .attr("class", "node")
      .classed("selected", (n) => actors.includes(n.id))
      .attr("transform", (n) => `translate(${n.x},${n.y})`)
      .on("click", (_event, n) => update({ actor: n.id }));
    node.append("circle").attr("r", (n) => size(n.weight))
      .append("title").text((n) => `${n.id}: in ${n.weight.toLocaleString()} dyad events — click to filter by actor`);
    node.append("text").attr("dy", (n) => -size(n.weight) - 3).attr("text-anchor", "middle")
      .text((n) => n.id);
  }

  return { render };
}

// A curved edge from the rim of the source node to the rim of the target; a loop for A → A.
function edgePath(l, size) {
  const s = l.source;
  const t = l.target;
  if (s.id === t.id) {
    const r = size(s.weight);
    return `M${s.x + r},${s.y} C${s.x + r + 26},${s.y - 30} ${s.x - 8},${s.y - r - 30} ${s.x},${s.y - r}`;
  }
  const dx = t.x - s.x;
  const dy = t.y - s.y;
  const dist = Math.hypot(dx, dy) || 1;
  const rs = size(s.weight);
  const rt = size(t.weight) + 3;
  const x1 = s.x + (dx * rs) / dist;
  const y1 = s.y + (dy * rs) / dist;
  const x2 = t.x - (dx * rt) / dist;
  const y2 = t.y - (dy * rt) / dist;
  // Bend to the right of the direction of travel, so A→B and B→A do not overlap.
  const bend = 0.18 * dist;
  const mx = (x1 + x2) / 2 + (dy / dist) * bend;
  const my = (y1 + y2) / 2 - (dx / dist) * bend;
  return `M${x1},${y1} Q${mx},${my} ${x2},${y2}`;
}
