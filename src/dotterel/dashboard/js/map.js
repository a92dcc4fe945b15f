// World map: a country choropleth (events by location country) and points (events by
// geocoded place), drawn in SVG from bundled Natural Earth shapes: no tiles, no network.
import { query, latest, getJSON } from "./api.js";
import { update } from "./state.js";

const d3 = window.d3;
const topojson = window.topojson;
const loadCountries = latest();
const loadPlaces = latest();

export async function createMap(meta, onError) {
  const el = document.getElementById("map");
  const note = document.getElementById("map-note");
  const panel = document.getElementById("map-panel");
  const world = await getJSON("/assets/vendor/world-atlas/countries-110m.json");
  const shapes = topojson.feature(world, world.objects.countries).features;
  const borders = topojson.mesh(world, world.objects.countries, (a, b) => a !== b);
  const codeOfNumeric = meta.countries || {};

  const width = 640;
  const height = 330;
  const projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [width - 4, height - 4]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const svg = d3.select(el).append("svg").attr("viewBox", `0 0 ${width} ${height}`)
    .attr("role", "img").attr("aria-label", "map of event locations");
  svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  const countries = svg.append("g").selectAll("path").data(shapes).join("path")
    .attr("class", "country").attr("d", path).attr("fill", "#dfe4ea")
    .attr("data-id", (f) => f.id || "");
  countries.append("title").text((f) => f.properties.name);
  svg.append("path").attr("fill", "none").attr("stroke", "#fff").attr("stroke-width", 0.4)
    .attr("d", path(borders));
  const points = svg.append("g");

  let byNumeric = new Map();
  countries.on("click", (_event, f) => {
    const hit = byNumeric.get(f.id);
    const code = hit ? hit.country : codeOfNumeric[f.id];
    if (code) update({ country: code });
  });

  async function render(filters) {
    panel.classList.add("loading");
    let counts;
    let places;
    try {
      [counts, places] = await Promise.all([
        loadCountries(`/api/v1/countries${query(filters)}`),
        loadPlaces(`/api/v1/places${query(filters, { limit: 1000 })}`),
      ]);
    } catch (err) {
      if (err.name !== "AbortError") onError(err);
      return;
    } finally {
      panel.classList.remove("loading");
    }
    byNumeric = new Map(counts.items.filter((c) => c.iso_numeric).map((c) => [c.iso_numeric, c]));
    const max = d3.max(counts.items, (c) => c.count) || 1;
    const fill = d3.scaleSequentialLog(d3.interpolateBlues).domain([1, Math.max(2, max)]);
    const selected = (filters.country || "").toUpperCase().split(",");
    countries
      .attr("fill", (f) => (byNumeric.has(f.id) ? fill(byNumeric.get(f.id).count) : "#dfe4ea"))
      .classed("selected", (f) => {
        const hit = byNumeric.get(f.id);
        return Boolean(hit && selected.includes(hit.country));
      })
      .select("title")
      .text((f) => {
        const hit = byNumeric.get(f.id);
        return `${f.properties.name}: ${hit ? hit.count.toLocaleString() : 0} events`;
      });

    const pmax = d3.max(places.items, (p) => p.count) || 1;
    const radius = d3.scaleSqrt().domain([0, pmax]).range([0, 9]);
    points.selectAll("circle")
      .data(places.items, (p) => `${p.lat},${p.lon}`)
      .join("circle")
      .attr("class", "point")
      .attr("cx", (p) => projection([p.lon, p.lat])[0])
      .attr("cy", (p) => projection([p.lon, p.lat])[1])
      .attr("r", (p) => Math.max(2, radius(p.count)))
      .on("click", (_event, p) => { if (p.place) update({ place: p.place }); })
      .selectAll("title").data((p) => [p]).join("title")
      .text((p) => `${p.place || "?"} (${p.country || "?"}): ${p.count.toLocaleString()} events`);

    const unmapped = counts.items.filter((c) => !c.iso_numeric).reduce((a, c) => a + c.count, 0);
    const parts = [];
    if (counts.unlocated) parts.push(`${counts.unlocated.toLocaleString()} events have no country`);
    if (unmapped) parts.push(`${unmapped.toLocaleString()} are in places without a map shape`);
    note.textContent = parts.length ? parts.join("; ") + "." : "";
  }

  return { render };
}
