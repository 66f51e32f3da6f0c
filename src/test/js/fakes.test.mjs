// Test doubles shared by the tidings.js tests: fake timers, fetch, WebSocket and a tiny DOM.
// Named *.test.mjs only because src/test/js holds test files; its own checks (at the bottom) run only when
// the test runner executes this file, not when another test file imports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

/** Lets pending promise callbacks and stream reads run. */
export async function settle(rounds = 3) {
    for (let i = 0; i < rounds; i++) {
        await new Promise(resolve => setImmediate(resolve));
    }
}

/** Timers that run only when told, with a clock that moves when they run or on advance(ms). */
export function fakeTimers() {
    let nextId = 1;
    let clock = 0;
    const pending = new Map();
    return {
        setTimeout: (fn, ms) => {
            const id = nextId++;
            pending.set(id, { fn, ms });
            return id;
        },
        clearTimeout: id => pending.delete(id),
        now: () => clock,
        advance(ms) {
            clock += ms;
        },
        get count() {
            return pending.size;
        },
        /** The delays of the pending timers, in scheduling order. */
        get delays() {
            return [...pending.values()].map(t => t.ms);
        },
        /** Runs the oldest pending timer, moving the clock by its delay; returns the delay. */
        runNext() {
            const [id, timer] = pending.entries().next().value ?? [];
            assert.ok(timer, 'a timer is pending');
            pending.delete(id);
            clock += timer.ms;
            timer.fn();
            return timer.ms;
        },
    };
}

/**
 * fetch that records calls; a test answers each call with open() (an SSE stream it feeds), fail() (an
 * HTTP error) or reject() (network failure). Honours the abort signal like the real one.
 */
export function fakeFetch() {
    const calls = [];
    const encoder = new TextEncoder();
    function fetch(url, init = {}) {
        let resolve;
        let reject;
        const promise = new Promise((res, rej) => {
            resolve = res;
            reject = rej;
        });
        let controller = null;
        const call = {
            url,
            init,
            header: name => init.headers?.[name],
            aborted: () => init.signal?.aborted === true,
            open({ contentType = 'text/event-stream', status = 200 } = {}) {
                const body = new ReadableStream({ start: c => (controller = c) });
                resolve(response(status, contentType, body));
                return {
                    send(chunk) {
                        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
                    },
                    end: () => controller.close(),
                    error: e => controller.error(e ?? new TypeError('network error')),
                };
            },
            fail(status, problem) {
                const text = problem === undefined ? '' : JSON.stringify(problem);
                resolve(response(status, 'application/problem+json', new ReadableStream({
                    start(c) {
                        c.enqueue(encoder.encode(text));
                        c.close();
                    },
                }), text));
            },
            reject: (e = new TypeError('fetch failed')) => reject(e),
        };
        init.signal?.addEventListener('abort', () => {
            const e = new DOMException('aborted', 'AbortError');
            reject(e);
            try {
                controller?.error(e);
            } catch {
                // already closed
            }
        });
        calls.push(call);
        return promise;
    }
    fetch.calls = calls;
    return fetch;
}

function response(status, contentType, body, text) {
    return {
        ok: status >= 200 && status < 300,
        status,
        statusText: '',
        headers: { get: name => (name.toLowerCase() === 'content-type' ? contentType : null) },
        body,
        json: async () => JSON.parse(text),
    };
}

/** A WebSocket class whose instances a test drives: serverOpen(), serverMessage(), serverClose(). */
export function fakeWebSocketClass() {
    const instances = [];
    class FakeWebSocket {
        constructor(url) {
            this.url = url;
            this.readyState = 0;
            this.sent = [];
            this.closedWith = null;
            instances.push(this);
        }

        send(data) {
            if (this.readyState !== 1) {
                throw new Error('InvalidStateError: not open');
            }
            this.sent.push(data);
        }

        close(code, reason) {
            this.closedWith = { code, reason };
            this.readyState = 3;
        }

        serverOpen() {
            this.readyState = 1;
            this.onopen?.({ type: 'open' });
        }

        serverMessage(frame) {
            this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
        }

        serverClose(code, reason = '') {
            this.readyState = 3;
            if (code === 1006) {
                this.onerror?.({ type: 'error' });
            }
            this.onclose?.({ code, reason, wasClean: code !== 1006 });
        }

        get sentFrames() {
            return this.sent.map(s => JSON.parse(s));
        }
    }
    FakeWebSocket.instances = instances;
    Object.defineProperty(FakeWebSocket, 'last', { get: () => instances[instances.length - 1] });
    return FakeWebSocket;
}

/** A logger that records instead of printing. */
export function fakeLogger() {
    const lines = { warn: [], error: [] };
    return { lines, warn: (...a) => lines.warn.push(a), error: (...a) => lines.error.push(a) };
}

/** Just enough DOM for progress bars: elements, attributes, classList, style, dataset, querySelector. */
export function fakeDocument() {
    const document = { createElement: tag => new FakeElement(tag, document) };
    return document;
}

class FakeElement {
    constructor(tag, ownerDocument) {
        this.tagName = tag.toUpperCase();
        this.ownerDocument = ownerDocument;
        this.children = [];
        this.attributes = new Map();
        this.style = {};
        this.dataset = {};
        this.textContent = '';
        this.classes = new Set();
        const classes = this.classes;
        this.classList = {
            add: (...names) => names.forEach(n => classes.add(n)),
            remove: (...names) => names.forEach(n => classes.delete(n)),
            contains: name => classes.has(name),
        };
    }

    get className() {
        return [...this.classes].join(' ');
    }

    set className(value) {
        this.classes.clear();
        String(value).split(/\s+/).filter(Boolean).forEach(n => this.classes.add(n));
    }

    // <progress> reflects value and max as attributes, as in browsers
    get value() {
        return Number(this.attributes.get('value') ?? 0);
    }

    set value(v) {
        this.attributes.set('value', String(v));
    }

    get max() {
        return Number(this.attributes.get('max') ?? 1);
    }

    set max(v) {
        this.attributes.set('max', String(v));
    }

    appendChild(child) {
        this.children.push(child);
        child.parentNode = this;
        return child;
    }

    setAttribute(name, value) {
        this.attributes.set(name, String(value));
    }

    getAttribute(name) {
        return this.attributes.has(name) ? this.attributes.get(name) : null;
    }

    hasAttribute(name) {
        return this.attributes.has(name);
    }

    removeAttribute(name) {
        this.attributes.delete(name);
    }

    /** Supports 'tag' and '.class' selectors, depth first. */
    querySelector(selector) {
        for (const child of this.children) {
            const matches = selector.startsWith('.')
                ? child.classes.has(selector.slice(1))
                : child.tagName === selector.toUpperCase();
            if (matches) {
                return child;
            }
            const deeper = child.querySelector(selector);
            if (deeper) {
                return deeper;
            }
        }
        return null;
    }
}

// Checks of the fakes themselves, only when this file is the one being run.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
    test('fake timers run in order and move the clock', () => {
        const timers = fakeTimers();
        const ran = [];
        timers.setTimeout(() => ran.push('a'), 10);
        const b = timers.setTimeout(() => ran.push('b'), 5);
        timers.setTimeout(() => ran.push('c'), 7);
        timers.clearTimeout(b);
        assert.deepEqual(timers.delays, [10, 7]);
        timers.runNext();
        timers.runNext();
        assert.deepEqual(ran, ['a', 'c']);
        assert.equal(timers.now(), 17);
        assert.equal(timers.count, 0);
    });

    test('fake fetch streams bytes and errors the body on abort', async () => {
        const fetch = fakeFetch();
        const abort = new AbortController();
        const pending = fetch('http://x/', { signal: abort.signal });
        const stream = fetch.calls[0].open();
        stream.send('hi');
        const reader = (await pending).body.getReader();
        assert.equal(new TextDecoder().decode((await reader.read()).value), 'hi');
        abort.abort();
        await assert.rejects(reader.read(), { name: 'AbortError' });
    });

    test('fake DOM finds elements by tag and class', () => {
        const document = fakeDocument();
        const root = document.createElement('div');
        const bar = root.appendChild(document.createElement('div'));
        bar.className = 'progress-bar x';
        const progress = bar.appendChild(document.createElement('progress'));
        assert.equal(root.querySelector('.progress-bar'), bar);
        assert.equal(root.querySelector('progress'), progress);
        assert.equal(root.querySelector('.nope'), null);
    });
}
