// Talking to the dotterel JSON API: query strings from filters, the one error shape.

export const FILTER_KEYS = [
  "actor", "recipient", "dyad", "event_type", "mode", "status", "certainty", "quad_code",
  "country", "place", "date_from", "date_to", "text", "article_id",
];

export class ApiError extends Error {
  constructor(status, body) {
    const err = (body && body.error) || {};
    super(err.message || `request failed (${status})`);
    this.status = status;
    this.code = err.code || "error";
    this.hint = err.hint || null;
  }
}

/** A query string from the set filters and extra parameters. */
export function query(filters, extra = {}) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== null && value !== "") params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** GET a JSON document; throws ApiError with the server's message on failure. */
export async function getJSON(path, { signal } = {}) {
  const response = await fetch(path, { signal, headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/**
 * Latest-wins loader: a new call aborts the previous one still in flight, so a slow answer
 * for an old filter never overwrites a newer one.
 */
export function latest() {
  let controller = null;
  return async (path) => {
    if (controller) controller.abort();
    controller = new AbortController();
    return getJSON(path, { signal: controller.signal });
  };
}
