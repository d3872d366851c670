// REST helper: same-origin JSON over fetch, with the session cookie. Every
// failure becomes an ApiError carrying the contract's {error:{code,message}}
// and, for a 409, the stored document ("current") so the page can show it.

export class ApiError extends Error {
  constructor(status, code, message, current, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.current = current;
    // field is the JSON path a validation error names ("thresholds[0].points").
    this.field = field;
  }
}

export async function api(path, { method = "GET", body, signal } = {}) {
  const init = { method, credentials: "same-origin", signal, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, "NETWORK", "The server could not be reached. Check your connection and try again.");
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const e = (json && json.error) || {};
    throw new ApiError(res.status, e.code || "HTTP_" + res.status, e.message || res.statusText || "Request failed", e.current, e.field);
  }
  return json;
}

// guildPath builds /api/guilds/{id}/{rest} with the id escaped.
export function guildPath(guildId, rest) {
  return `/api/guilds/${encodeURIComponent(guildId)}/${rest}`;
}
