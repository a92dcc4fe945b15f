// Colours: quad classes (cooperation greens/blues, conflict oranges/reds) and 16 event types.

export const QUAD_COLORS = {
  1: "#6aaed6",
  2: "#2f7d5b",
  3: "#f0a04b",
  4: "#c0392b",
};

// Ordered like the PLOVER ontology: cooperative types first, violent ones last.
const TYPE_PALETTE = [
  "#4e79a7", "#76b7b2", "#59a14f", "#8cd17d", "#2f7d5b", "#a0cbe8", "#b6992d", "#86bcb6",
  "#f1ce63", "#ff9d9a", "#f28e2b", "#d37295", "#b07aa1", "#9d7660", "#e15759", "#7f1d1d",
];

export function typeColor(types) {
  const index = new Map(types.map((t, i) => [t, i]));
  return (type) => TYPE_PALETTE[(index.has(type) ? index.get(type) : types.length) % TYPE_PALETTE.length];
}
