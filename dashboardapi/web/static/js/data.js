// Data hooks in the spirit of the seeds' useRealtimeData: fetch once over
// REST, then keep the result current from the room's events, either by
// patching it or by refetching once. Nothing here polls.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api } from "./api.js";
import { realtime } from "./session.js";

// REFETCH, returned by a patch function, asks for one REST refetch.
export const REFETCH = Symbol("refetch");

// How long a page waits for its room before fetching anyway (the gateway
// may be down; the page still shows data).
const ROOM_WAIT_MS = 1500;

// useRealtimeData fetches path once the room (a guild id, or "global") is
// joined, so that no event falls between the fetch and the subscription,
// and applies each of events with patch(current, event, data) (absent:
// refetch). A resync from the gateway refetches.
export function useRealtimeData({ room, path, events = [], patch, skip = false }) {
  const [state, setState] = useState({ data: null, loading: !skip, error: null });
  const dataRef = useRef(null);
  const patchRef = useRef(patch);
  patchRef.current = patch;
  const ctlRef = useRef(null);

  const fetchData = useCallback(async () => {
    if (skip || !path) return;
    ctlRef.current?.abort();
    const ctl = new AbortController();
    ctlRef.current = ctl;
    setState((s) => ({ ...s, loading: s.data === null, error: null }));
    try {
      const data = await api(path, { signal: ctl.signal });
      if (ctl.signal.aborted) return;
      dataRef.current = data;
      setState({ data, loading: false, error: null });
    } catch (err) {
      if (err.name === "AbortError") return;
      setState((s) => ({ ...s, loading: false, error: err }));
    }
  }, [path, skip]);

  const setData = useCallback((next) => {
    const value = typeof next === "function" ? next(dataRef.current) : next;
    dataRef.current = value;
    setState((s) => ({ ...s, data: value }));
  }, []);

  useEffect(() => {
    if (skip || !path) return undefined;
    let fetched = false;
    const first = () => {
      if (fetched) return;
      fetched = true;
      fetchData();
    };
    if (!room) {
      first();
      return () => ctlRef.current?.abort();
    }
    const release = realtime.join(room);
    const offRoom = realtime.onRoom(room, (news) => {
      if (news.type === "resync") fetchData();
      else if (news.type === "subscribed" && news.fresh) {
        // A fetch made before the room was joined may have missed events.
        if (fetched) fetchData();
        else first();
      } else if (news.type === "unsubscribed") {
        setState((s) => ({ ...s, error: new Error(news.reason || "Your access to this server was removed.") }));
      }
    });
    let timer = null;
    if (realtime.isSubscribed(room)) first();
    else timer = setTimeout(first, ROOM_WAIT_MS);
    const offs = events.map((ev) =>
      realtime.on(room, ev, (data, msg) => {
        const fn = patchRef.current;
        const next = fn ? fn(dataRef.current, msg.event, data, msg) : REFETCH;
        if (next === REFETCH) fetchData();
        else if (next !== undefined) setData(next);
      }),
    );
    return () => {
      clearTimeout(timer);
      offs.forEach((off) => off());
      offRoom();
      release();
      ctlRef.current?.abort();
    };
  }, [room, path, skip, events.join(","), fetchData, setData]);

  return { ...state, refetch: fetchData, setData };
}

// useRealtimeEvent calls fn(data, msg) for each event in room ("*" for
// any event) while the component is mounted.
export function useRealtimeEvent(room, event, fn) {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    if (!room) return undefined;
    const release = realtime.join(room);
    const off = realtime.on(room, event, (data, msg) => fnRef.current(data, msg));
    return () => {
      off();
      release();
    };
  }, [room, event]);
}

// useConnection returns the realtime client's state.
export function useConnection() {
  const [state, setState] = useState(realtime.state);
  useEffect(() => realtime.onState(setState), []);
  return state;
}

// upsertById returns list with item replaced (by id) or added at the front.
export function upsertById(list, item, key = "id") {
  if (!Array.isArray(list) || !item) return list;
  const i = list.findIndex((x) => x[key] === item[key]);
  if (i < 0) return [item, ...list];
  const next = list.slice();
  next[i] = { ...list[i], ...item };
  return next;
}

// removeById returns list without the item whose id is id.
export function removeById(list, id, key = "id") {
  return Array.isArray(list) ? list.filter((x) => x[key] !== id) : list;
}

// asList accepts a bare array or an object holding one under a known key.
export function asList(v, ...keys) {
  if (Array.isArray(v)) return v;
  if (!v) return [];
  for (const k of [...keys, "items", "data"]) if (Array.isArray(v[k])) return v[k];
  return [];
}

// useOlderPages pages through a list whose first page is live (from
// useRealtimeData: {items, nextCursor}): loadMore fetches the next page of
// path with its cursor on demand. rows are the live page's items, then the
// older ones it does not already hold; more says whether there are more.
// Changing path (a filter) starts again from the live page.
export function useOlderPages(path, first) {
  const [older, setOlder] = useState({ path, items: [], cursor: undefined, loading: false, error: null });
  const cur = older.path === path ? older : { path, items: [], cursor: undefined, loading: false, error: null };
  const live = asList(first);
  const cursor = cur.cursor === undefined ? first && first.nextCursor : cur.cursor;
  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setOlder({ ...cur, loading: true, error: null });
    try {
      const page = await api(`${path}${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}`);
      setOlder({ path, items: [...cur.items, ...asList(page)], cursor: (page && page.nextCursor) || null, loading: false, error: null });
    } catch (e) {
      setOlder({ ...cur, loading: false, error: e });
    }
  }, [path, cursor, cur]);
  const seen = new Set(live.map((x) => x.id));
  const rows = [...live, ...cur.items.filter((x) => !seen.has(x.id))];
  return { rows, more: Boolean(cursor), loadMore, loading: cur.loading, error: cur.error };
}
