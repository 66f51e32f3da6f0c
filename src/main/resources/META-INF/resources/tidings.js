/**
 * tidings.js: the browser client of Tidings (served at /tidings.js). A plain ES module, no dependencies.
 *
 *   import { subscribe, socket, progressBar } from '/tidings.js';
 *
 *   // 1. Channel subscriptions, over SSE (default) or WebSocket, resuming by id after every disconnect.
 *   const sub = subscribe('news', { replay: 10, onError: e => console.error(e.code, e.message) },
 *       ({ id, event, data }) => {
 *           if (event === 'tidings-gap') console.warn('missed messages', JSON.parse(data));
 *           else show(data);
 *       });
 *   sub.lastEventId;   // the id to resume from, e.g. store it and pass it as options.lastEventId later
 *   sub.close();
 *
 *   // 2. Event sockets: {"event": "name", "data": {...}} both ways.
 *   const chat = socket('/chat');
 *   const off = chat.on('message', data => append(data.text));
 *   chat.on('warning', data => console.warn(data.message));   // what the server says we did wrong
 *   chat.emit('message', { room: 'lobby', text: 'hi' });       // queued until the socket is open
 *   chat.emit('ping', 'x');                                    // sent as {"message": "x"}
 *
 *   // 3. Server-driven progress bars, on an event socket.
 *   progressBar(chat, 'import', document.querySelector('progress'), { onDone: () => alert('done') });
 *   progressBar(chat, 'export', document.querySelector('.progress'), { style: 'bootstrap' });
 *
 * subscribe(channel, options, onMessage) -> { close(), lastEventId, state }
 *   options.transport 'sse' (default) | 'ws'
 *   options.lastEventId resume after this id; options.replay N: the last N retained messages (history
 *     channels), asked for until a first connection opens and only while no id is known
 *   options.base origin (may include a context path), default location.origin
 *   options.onError({code, message, status?}) permanent failure: the subscription is closed
 *   options.onState(state) 'connecting' | 'open' | 'reconnecting' | 'closed'
 *   onMessage({channel, id, event, data}): event is null for plain messages, data always a string; gap
 *     notices arrive as event 'tidings-gap' with JSON text in data.
 *
 * socket(path, options) -> { on(event, fn) -> off, off(event, fn?), emit(event, data), close(), state }
 *   Local events: 'open' (after every (re)connect), 'close' ({code, reason}, once per WebSocket created),
 *   'error' ({message}), 'warning' ({message}: also fired locally when the send queue overflows).
 *   options.base, options.onState as above.
 *
 * progressBar(sock, name, element, options) -> { value, min, max, done, label, close() }
 *   options.style 'html5' (default) | 'bootstrap', options.label (element for the text), options.onDone().
 *
 * Reconnects (subscribe and socket): exponential backoff from a base delay (SSE `retry:`, else 500 ms)
 * doubling up to 10 s, ±20% jitter, never above 10 s (or above `retry:` when the server asks for more). Back
 * to the base once a connection has delivered a message or stayed open 10 s. No reconnect after close() or
 * a permanent error:
 *   SSE: HTTP 400, 401, 403, 404, 406 → onError({code, message: detail, status}) from the problem body;
 *   WebSocket: close 1008 whose reason starts with bad-request:, unknown-channel: or forbidden-origin:
 *     (socket(): bad-request: or forbidden-origin:) → onError({code, message}); everything else retries.
 * A subscription never delivers the same id twice in a row (the resume boundary). Emits are at most once:
 * queued while disconnected, but an event on a socket that dies before the server reads it is lost.
 *
 * For tests every global is injectable through options: fetch, WebSocket, setTimeout, clearTimeout,
 * random, now, logger. Nothing touches window/document/location until a function is called.
 */

export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 10_000;
/** A connection open this long counts as healthy even if it delivered nothing: the backoff resets. */
export const STABLE_MS = 10_000;
export const JITTER = 0.2;
export const MAX_QUEUE = 100;

/** HTTP statuses that retrying cannot fix. */
const PERMANENT_STATUS = new Set([400, 401, 403, 404, 406]);
/** WebSocket close reasons (after code 1008) that retrying cannot fix, for channel subscriptions. */
const PERMANENT_CHANNEL_REASONS = ['bad-request', 'unknown-channel', 'forbidden-origin'];
/** The same for event sockets. */
const PERMANENT_SOCKET_REASONS = ['bad-request', 'forbidden-origin'];
const POLICY_VIOLATION = 1008;
const WS_OPEN = 1;
const EVENT_NAME = /^[A-Za-z0-9._:-]{1,64}$/;

// ---------------------------------------------------------------------------------------------------------
// Environment and small helpers
// ---------------------------------------------------------------------------------------------------------

/** The globals this client uses, from options first (tests), resolved only when a function is called. */
function environment(options) {
    const g = globalThis;
    return {
        base: trimBase(options.base ?? g.location?.origin),
        fetch: options.fetch ?? ((...args) => g.fetch(...args)),
        WebSocket: options.WebSocket ?? g.WebSocket,
        setTimeout: options.setTimeout ?? ((fn, ms) => g.setTimeout(fn, ms)),
        clearTimeout: options.clearTimeout ?? (id => g.clearTimeout(id)),
        random: options.random ?? Math.random,
        now: options.now ?? Date.now,
        logger: options.logger ?? g.console,
        onState: options.onState ?? noop,
    };
}

function noop() {
}

/** The base URL without trailing slashes; throws at once on a missing or malformed base. */
function trimBase(base) {
    if (base == null) {
        throw new TypeError('tidings: options.base is required outside a browser page');
    }
    const text = String(base).replace(/\/+$/, '');
    new URL(text); // throws a TypeError for a malformed URL, rather than failing on every reconnect
    return text;
}

/** http://host → ws://host, https://host → wss://host (ws: and wss: pass unchanged). */
export function webSocketBase(base) {
    return trimBase(base).replace(/^https?:/i, scheme => (scheme.length === 6 ? 'wss:' : 'ws:'));
}

/** Calls a user callback; an exception there must never break the client's own state. */
function safely(logger, fn, ...args) {
    try {
        fn(...args);
    } catch (e) {
        logger?.error?.('tidings: a callback threw', e);
    }
}

/** Notifies onState only when the state changes. */
function stateHolder(env, initial) {
    let state = initial;
    return {
        get: () => state,
        set(next) {
            if (next !== state) {
                state = next;
                safely(env.logger, env.onState, next);
            }
        },
    };
}

// ---------------------------------------------------------------------------------------------------------
// Backoff
// ---------------------------------------------------------------------------------------------------------

/**
 * Exponential backoff with jitter: base, 2·base, 4·base … up to max(MAX_DELAY_MS, base), each ±JITTER and
 * clamped to that ceiling.
 */
export function createBackoff(random = Math.random, base = BASE_DELAY_MS) {
    let attempt = 0;
    return {
        setBase(ms) {
            base = ms;
        },
        reset() {
            attempt = 0;
        },
        next() {
            const ceiling = Math.max(MAX_DELAY_MS, base);
            const plain = Math.min(ceiling, base * 2 ** attempt);
            if (plain < ceiling) {
                attempt++;
            }
            const jittered = plain * (1 + JITTER * (2 * random() - 1));
            return Math.round(Math.min(ceiling, jittered));
        },
    };
}

// ---------------------------------------------------------------------------------------------------------
// SSE parser
// ---------------------------------------------------------------------------------------------------------

/**
 * An incremental text/event-stream parser (the WHATWG rules, minus the browser parts). Feed it decoded text
 * in any chunking with push(text).
 *   on.event({id, event, data}) for each block with at least one data line (id: the block's `id:` or null,
 *     event: null when absent or empty, data lines joined with '\n');
 *   on.id(id) for a block with an `id:` but no data (it still moves the resume position);
 *   on.retry(ms) for each `retry:` with only digits.
 * Lines end with LF, CRLF or CR (also split across chunks); lines starting with ':' are comments; one space
 * after the colon is dropped; a last block without a blank line after it is never dispatched.
 */
export function createSseParser(on) {
    let pending = '';     // the start of a line whose end has not arrived
    let afterCR = false;  // the previous chunk ended with CR: a LF starting the next one belongs to it
    let block = emptyBlock();

    function emptyBlock() {
        return { id: undefined, event: '', data: [] };
    }

    function dispatch() {
        const { id, event, data } = block;
        block = emptyBlock();
        if (data.length > 0) {
            on.event?.({ id: id ?? null, event: event || null, data: data.join('\n') });
        } else if (id !== undefined) {
            on.id?.(id);
        }
    }

    function field(name, value) {
        if (name === 'data') {
            block.data.push(value);
        } else if (name === 'event') {
            block.event = value;
        } else if (name === 'id') {
            if (!value.includes('\0')) {
                block.id = value;
            }
        } else if (name === 'retry' && /^\d+$/.test(value)) {
            on.retry?.(Number(value));
        }
    }

    function line(text) {
        if (text === '') {
            dispatch();
        } else if (text[0] !== ':') {
            const colon = text.indexOf(':');
            const name = colon < 0 ? text : text.slice(0, colon);
            const value = colon < 0 ? '' : text.slice(colon + 1);
            field(name, value[0] === ' ' ? value.slice(1) : value);
        }
    }

    function push(chunk) {
        if (chunk === '') {
            return;
        }
        if (afterCR && chunk[0] === '\n') {
            chunk = chunk.slice(1);
        }
        afterCR = false;
        const text = pending + chunk;
        const ends = /\r\n|\r|\n/g;
        ends.lastIndex = pending.length; // pending holds no line end
        let start = 0;
        for (let m = ends.exec(text); m; m = ends.exec(text)) {
            line(text.slice(start, m.index));
            start = m.index + m[0].length;
            if (m[0] === '\r' && start === text.length) {
                afterCR = true; // maybe the first half of a CRLF
            }
        }
        pending = text.slice(start);
    }

    return { push };
}

// ---------------------------------------------------------------------------------------------------------
// subscribe(): channel subscriptions
// ---------------------------------------------------------------------------------------------------------

/**
 * Subscribes to a channel and keeps the subscription alive: reconnects with backoff and resumes after the
 * last id seen. See the top of this file for the options.
 */
export function subscribe(channel, options = {}, onMessage = noop) {
    if (typeof options === 'function') {
        [options, onMessage] = [{}, options];
    }
    const transport = options.transport ?? 'sse';
    if (transport !== 'sse' && transport !== 'ws') {
        throw new TypeError(`tidings: unknown transport '${transport}'; use 'sse' or 'ws'`);
    }
    const env = environment(options);
    const core = subscriptionCore(channel, options, onMessage, env);
    core.start(transport === 'sse' ? connectSse : connectWs);
    return {
        close: () => core.close(),
        get lastEventId() {
            return core.lastEventId;
        },
        get state() {
            return core.state;
        },
    };
}

/**
 * What SSE and WebSocket subscriptions share: state, resume id, de-duplication, backoff, reconnect timer.
 * A transport gets a fresh `conn` token per attempt and reports through the core; reports from a token that
 * is no longer current (closed, superseded) are ignored.
 */
function subscriptionCore(channel, options, onMessage, env) {
    const state = stateHolder(env, 'connecting');
    const backoff = createBackoff(env.random);
    const onError = options.onError ?? noop;
    let lastEventId = options.lastEventId ?? null;
    let everOpened = false;
    let openedAt = null;
    let current = null;
    let timer = null;
    let connect = null;

    const core = {
        channel,
        env,
        get lastEventId() {
            return lastEventId;
        },
        get state() {
            return state.get();
        },
        /** ?replay=N is asked for until a connection opens, and only while no id is known. */
        get replay() {
            return !everOpened && lastEventId == null && options.replay != null ? options.replay : null;
        },
        isCurrent: conn => conn === current,
        start(transport) {
            connect = transport;
            safely(env.logger, env.onState, 'connecting');
            attempt();
        },
        retry(ms) {
            backoff.setBase(ms);
        },
        opened(conn) {
            if (conn === current) {
                everOpened = true;
                openedAt = env.now();
                state.set('open');
            }
        },
        deliver(conn, message) {
            if (conn !== current || (message.id != null && message.id === lastEventId)) {
                return;
            }
            if (message.id != null) {
                lastEventId = message.id === '' ? null : message.id; // an empty id clears the position (WHATWG)
            }
            backoff.reset();
            safely(env.logger, onMessage, { channel, ...message });
        },
        /** An `id:` without data: nothing to deliver, but the resume position moves (an empty id clears it). */
        position(conn, id) {
            if (conn === current) {
                lastEventId = id === '' ? null : id;
            }
        },
        /** The connection failed or ended in a way a reconnect may fix. */
        ended(conn) {
            if (conn !== current) {
                return;
            }
            current = null;
            if (openedAt != null && env.now() - openedAt >= STABLE_MS) {
                backoff.reset();
            }
            state.set('reconnecting');
            timer = env.setTimeout(() => {
                timer = null;
                attempt();
            }, backoff.next());
        },
        /** A permanent failure: stop, then tell onError. */
        failed(conn, error) {
            if (conn === current) {
                core.close();
                safely(env.logger, onError, error);
            }
        },
        close() {
            if (timer != null) {
                env.clearTimeout(timer);
                timer = null;
            }
            const conn = current;
            current = null;
            conn?.stop();
            state.set('closed');
        },
    };

    function attempt() {
        const conn = { stop: noop };
        current = conn;
        openedAt = null;
        connect(core, conn);
    }

    return core;
}

// --- SSE -------------------------------------------------------------------------------------------------

function sseUrl(core) {
    const url = `${core.env.base}/api/channels/${encodeURIComponent(core.channel)}/events`;
    return core.replay != null ? `${url}?replay=${encodeURIComponent(core.replay)}` : url;
}

function sseHeaders(core) {
    const headers = { Accept: 'text/event-stream' };
    if (core.lastEventId != null) {
        headers['Last-Event-ID'] = core.lastEventId;
    }
    return headers;
}

/** One SSE attempt: fetch, check the response, then read the stream until it ends. */
function connectSse(core, conn) {
    const controller = new AbortController();
    let reader = null;
    conn.stop = () => {
        controller.abort();
        cancelQuietly(reader);
    };
    core.env.fetch(sseUrl(core), { headers: sseHeaders(core), signal: controller.signal, cache: 'no-store' })
        .then(response => core.isCurrent(conn) ? onSseResponse(core, conn, response, r => (reader = r)) : undefined)
        .catch(() => core.ended(conn));
}

async function onSseResponse(core, conn, response, keepReader) {
    if (!response.ok) {
        return onSseHttpError(core, conn, response);
    }
    const type = response.headers?.get?.('content-type');
    if (type && !/^text\/event-stream\b/i.test(type) || !response.body) {
        core.env.logger?.warn?.(`tidings: expected text/event-stream, got ${type || 'no body'}; will retry`);
        cancelQuietly(response.body);
        return core.ended(conn);
    }
    core.opened(conn);
    const reader = response.body.getReader();
    keepReader(reader);
    await readSse(core, conn, reader);
    core.ended(conn);
}

/** Decodes (UTF-8, streaming: a character may be split between chunks) and parses until the end. */
async function readSse(core, conn, reader) {
    const decoder = new TextDecoder('utf-8');
    const parser = createSseParser({
        event: message => core.deliver(conn, message),
        id: id => core.position(conn, id),
        retry: ms => core.retry(ms),
    });
    for (;;) {
        const { value, done } = await reader.read();
        if (!core.isCurrent(conn)) {
            return;
        }
        parser.push(done ? decoder.decode() : decoder.decode(value, { stream: true }));
        if (done) {
            return;
        }
    }
}

async function onSseHttpError(core, conn, response) {
    const status = response.status;
    if (!PERMANENT_STATUS.has(status)) {
        cancelQuietly(response.body);
        return core.ended(conn);
    }
    const problem = await readProblem(response);
    core.failed(conn, {
        code: typeof problem.code === 'string' ? problem.code : `http-${status}`,
        message: String(problem.detail ?? problem.title ?? (response.statusText || `HTTP ${status}`)),
        status,
    });
}

/** Cancels a stream or reader we no longer read; it may be locked, errored or a test double. */
function cancelQuietly(stream) {
    try {
        stream?.cancel?.()?.catch?.(noop);
    } catch {
        // a locked stream cannot be cancelled: its reader is
    }
}

/** The application/problem+json body, or {} when there is none or it is not JSON. */
async function readProblem(response) {
    try {
        const body = await response.json();
        return body && typeof body === 'object' ? body : {};
    } catch {
        return {};
    }
}

// --- WebSocket -------------------------------------------------------------------------------------------

function channelWsUrl(core) {
    const url = `${webSocketBase(core.env.base)}/ws/channels/${encodeURIComponent(core.channel)}`;
    if (core.lastEventId != null) {
        return `${url}?lastEventId=${encodeURIComponent(core.lastEventId)}`;
    }
    return core.replay != null ? `${url}?replay=${encodeURIComponent(core.replay)}` : url;
}

/** A close that retrying cannot fix, as {code, message}; null when a reconnect may help. */
export function permanentClose(code, reason, codes = PERMANENT_CHANNEL_REASONS) {
    if (code !== POLICY_VIOLATION || typeof reason !== 'string') {
        return null;
    }
    const colon = reason.indexOf(':');
    const prefix = colon < 0 ? reason.trim() : reason.slice(0, colon).trim();
    return codes.includes(prefix) ? { code: prefix, message: colon < 0 ? '' : reason.slice(colon + 1).trim() } : null;
}

/** A channel frame {"id", "event"?, "data"} as a message, or null when it is not one. */
function parseChannelFrame(text) {
    let frame;
    try {
        frame = JSON.parse(text);
    } catch {
        return null;
    }
    if (!frame || typeof frame !== 'object' || typeof frame.data !== 'string'
        || (frame.id != null && typeof frame.id !== 'string')
        || (frame.event != null && typeof frame.event !== 'string')) {
        return null;
    }
    return { id: frame.id ?? null, event: frame.event || null, data: frame.data };
}

/** One WebSocket attempt. */
function connectWs(core, conn) {
    let ws;
    try {
        ws = new core.env.WebSocket(channelWsUrl(core));
    } catch (e) {
        return core.failed(conn, { code: 'client-error', message: `cannot open a WebSocket: ${e?.message ?? e}` });
    }
    conn.stop = () => closeQuietly(ws);
    ws.onopen = () => core.opened(conn);
    ws.onmessage = e => {
        const message = typeof e.data === 'string' ? parseChannelFrame(e.data) : null;
        if (message) {
            core.deliver(conn, message);
        } else if (core.isCurrent(conn)) {
            core.env.logger?.warn?.('tidings: ignored a frame that is not {"id","event"?,"data"}', e.data);
        }
    };
    ws.onerror = noop; // a close event follows, with the code
    ws.onclose = e => {
        const permanent = permanentClose(e.code, e.reason);
        return permanent ? core.failed(conn, permanent) : core.ended(conn);
    };
}

/** Detaches our handlers and closes normally; the socket may already be closed. */
function closeQuietly(ws) {
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
    try {
        ws.close(1000);
    } catch {
        // already closing
    }
}

// ---------------------------------------------------------------------------------------------------------
// socket(): event sockets
// ---------------------------------------------------------------------------------------------------------

/** The data of emit(event, data) as it goes on the wire: always an object (or array). */
export function encodeData(data) {
    if (data === undefined || data === null) {
        return {};
    }
    return typeof data === 'object' ? data : { message: data };
}

/** Handlers per event name; several per name, each registration removable on its own. */
function handlerRegistry(logger) {
    const handlers = new Map();
    return {
        add(event, fn) {
            if (typeof fn !== 'function') {
                throw new TypeError('tidings: a handler must be a function');
            }
            const entry = { fn };
            handlers.set(event, [...(handlers.get(event) ?? []), entry]);
            return () => this.remove(event, e => e === entry);
        },
        remove(event, match) {
            const left = (handlers.get(event) ?? []).filter(e => !match(e));
            left.length ? handlers.set(event, left) : handlers.delete(event);
        },
        fire(event, data) {
            for (const entry of handlers.get(event) ?? []) { // the array is replaced, never mutated
                safely(logger, entry.fn, data, event);
            }
        },
    };
}

/**
 * Connects to the event socket at /ws<path> and keeps it connected. See the top of this file.
 */
export function socket(path, options = {}) {
    const env = environment(options);
    const url = `${webSocketBase(env.base)}/ws${String(path).startsWith('/') ? '' : '/'}${path}`;
    const state = stateHolder(env, 'connecting');
    const handlers = handlerRegistry(env.logger);
    const backoff = createBackoff(env.random);
    const queue = [];
    let ws = null;
    let openedAt = null;
    let timer = null;
    let closed = false;

    function connect() {
        openedAt = null;
        try {
            ws = new env.WebSocket(url);
        } catch (e) {
            ws = null;
            closed = true;
            state.set('closed');
            handlers.fire('error', { message: `cannot open a WebSocket: ${e?.message ?? e}` });
            return;
        }
        ws.onopen = opened;
        ws.onmessage = received;
        ws.onerror = () => handlers.fire('error', { message: 'WebSocket error' });
        ws.onclose = e => ended(e.code, e.reason ?? '');
    }

    function opened() {
        openedAt = env.now();
        state.set('open');
        while (queue.length > 0 && ws?.readyState === WS_OPEN) {
            ws.send(queue.shift());
        }
        handlers.fire('open');
    }

    function received(e) {
        let frame = null;
        try {
            frame = typeof e.data === 'string' ? JSON.parse(e.data) : null;
        } catch {
            // reported below
        }
        if (!frame || typeof frame !== 'object' || typeof frame.event !== 'string') {
            env.logger?.warn?.('tidings: ignored a frame that is not {"event","data"}', e.data);
            return;
        }
        backoff.reset();
        handlers.fire(frame.event, frame.data ?? {});
    }

    function ended(code, reason) {
        ws = null;
        if (permanentClose(code, reason, PERMANENT_SOCKET_REASONS)) {
            closed = true;
            queue.length = 0;
            state.set('closed');
        } else {
            if (openedAt != null && env.now() - openedAt >= STABLE_MS) {
                backoff.reset();
            }
            state.set('reconnecting');
            timer = env.setTimeout(() => {
                timer = null;
                connect();
            }, backoff.next());
        }
        handlers.fire('close', { code, reason });
    }

    function enqueue(frame) {
        if (queue.length >= MAX_QUEUE) {
            queue.shift();
            handlers.fire('warning', { message: 'send queue full; dropped an event' });
        }
        queue.push(frame);
    }

    const api = {
        get state() {
            return state.get();
        },
        on(event, fn) {
            return handlers.add(event, fn);
        },
        off(event, fn) {
            handlers.remove(event, e => fn === undefined || e.fn === fn);
        },
        emit(event, data) {
            if (typeof event !== 'string' || !EVENT_NAME.test(event)) {
                throw new TypeError(`tidings: invalid event name '${event}'; event names match ${EVENT_NAME}`);
            }
            const frame = JSON.stringify({ event, data: encodeData(data) });
            if (closed) {
                env.logger?.warn?.(`tidings: emit('${event}') after close(); dropped`);
            } else if (ws?.readyState === WS_OPEN && queue.length === 0) {
                ws.send(frame);
            } else {
                enqueue(frame);
            }
        },
        close() {
            if (closed) {
                return;
            }
            closed = true;
            queue.length = 0;
            if (timer != null) {
                env.clearTimeout(timer);
                timer = null;
            }
            const last = ws;
            ws = null;
            if (last) {
                closeQuietly(last);
            }
            state.set('closed');
            if (last) {
                handlers.fire('close', { code: 1000, reason: '' });
            }
        },
    };
    safely(env.logger, env.onState, 'connecting');
    connect();
    return api;
}

// ---------------------------------------------------------------------------------------------------------
// progressBar(): server-driven progress bars
// ---------------------------------------------------------------------------------------------------------

function toNumber(value, fallback) {
    const n = Number(value);
    return value === null || value === undefined || value === '' || !Number.isFinite(n) ? fallback : n;
}

/** The numbers of a progressbar event, with defaults and value clamped to [min, max]. */
export function progressOf(data = {}) {
    const min = toNumber(data.min, 0);
    const max = Math.max(min, toNumber(data.max, 100));
    const value = Math.min(max, Math.max(min, toNumber(data.value, min)));
    const percent = max > min ? Math.floor(((value - min) / (max - min)) * 100) : 100;
    const label = typeof data.label === 'string' ? data.label : null;
    return { min, max, value, percent, label, indeterminate: data.indeterminate === true };
}

function isTag(element, tag) {
    return String(element?.tagName ?? '').toLowerCase() === tag;
}

/** A child matching `selector` of `parent`, created with `tag` (and `className`) when there is none. */
function childOf(parent, selector, tag, className) {
    const found = parent.querySelector?.(selector);
    if (found) {
        return found;
    }
    const doc = parent.ownerDocument ?? globalThis.document;
    const child = doc.createElement(tag);
    if (className) {
        child.className = className;
    }
    parent.appendChild(child);
    return child;
}

function renderHtml5(element, p, label) {
    const bar = isTag(element, 'progress') ? element : childOf(element, 'progress', 'progress');
    bar.max = p.max > p.min ? p.max - p.min : 1;
    if (p.indeterminate) {
        bar.removeAttribute('value');
    } else {
        bar.value = p.max > p.min ? p.value - p.min : 1;
    }
    if (label && typeof label === 'object') {
        label.textContent = p.label ?? (p.indeterminate ? '' : `${p.percent}%`);
    }
}

function renderBootstrap(element, p, done) {
    const bar = childOf(element, '.progress-bar', 'div', 'progress-bar');
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuemin', String(p.min));
    bar.setAttribute('aria-valuemax', String(p.max));
    if (p.indeterminate) {
        bar.removeAttribute('aria-valuenow');
        bar.classList.add('progress-bar-striped', 'progress-bar-animated');
        bar.style.width = '100%';
    } else {
        bar.setAttribute('aria-valuenow', String(p.value));
        bar.classList.remove('progress-bar-striped', 'progress-bar-animated');
        bar.style.width = `${p.percent}%`;
    }
    bar.classList[done ? 'add' : 'remove']('bg-success');
    bar.textContent = p.label ?? (p.indeterminate ? '' : `${p.percent}%`);
}

/**
 * Renders the progress bar `name` that the server drives over the event socket `sock` with the events
 * progressbar:<name>:init, :update and :done. element.dataset.state follows 'init' → 'running' → 'done'.
 * A new init after done starts a new run (onDone may fire again); updates after done are ignored.
 */
export function progressBar(sock, name, element, options = {}) {
    const style = options.style ?? 'html5';
    if (style !== 'html5' && style !== 'bootstrap') {
        throw new TypeError(`tidings: unknown progress bar style '${style}'; use 'html5' or 'bootstrap'`);
    }
    let current = null;
    let done = false;

    function render(data, phase) {
        current = progressOf(data);
        if (phase === 'done') {
            current.indeterminate = false; // a finished bar is never animated
        }
        if (style === 'bootstrap') {
            renderBootstrap(element, current, done);
        } else {
            renderHtml5(element, current, options.label);
        }
        if (element.dataset) {
            element.dataset.state = phase;
        }
    }

    const handlers = {
        init(data) {
            done = false;
            render(data, 'init');
        },
        update(data) {
            if (!done) {
                render(data, 'running');
            }
        },
        done(data) {
            if (!done) {
                done = true;
                render(data, 'done');
                if (options.onDone) {
                    safely(globalThis.console, options.onDone, current);
                }
            }
        },
    };
    const unsubscribers = Object.entries(handlers).map(([phase, fn]) => {
        const event = `progressbar:${name}:${phase}`;
        const off = sock.on(event, fn);
        return typeof off === 'function' ? off : () => sock.off?.(event, fn);
    });

    return {
        get value() {
            return current?.value ?? null;
        },
        get min() {
            return current?.min ?? null;
        },
        get max() {
            return current?.max ?? null;
        },
        get done() {
            return done;
        },
        get label() {
            return current?.label ?? null;
        },
        /** Stops listening; the element keeps its last rendering. */
        close() {
            unsubscribers.forEach(off => off());
        },
    };
}
