// The SSE parser and subscribe() over SSE (fetch + ReadableStream).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createSseParser, subscribe } from '../../main/resources/META-INF/resources/tidings.js';
import { fakeFetch, fakeLogger, fakeTimers, settle } from './fakes.test.mjs';

const BASE = 'http://tidings.test';

/** Parses chunks; returns what the parser reported, in order. */
function parse(...chunks) {
    const out = [];
    const parser = createSseParser({
        event: e => out.push(e),
        id: id => out.push({ idOnly: id }),
        retry: ms => out.push({ retry: ms }),
    });
    chunks.forEach(c => parser.push(c));
    return out;
}

describe('SSE parser', () => {
    test('id, event and multi-line data', () => {
        assert.deepEqual(parse('id: a-1\nevent: say\ndata: line one\ndata: line two\n\n'),
            [{ id: 'a-1', event: 'say', data: 'line one\nline two' }]);
    });

    test('no event field means a plain message (event null), no id means id null', () => {
        assert.deepEqual(parse('data: x\n\n'), [{ id: null, event: null, data: 'x' }]);
    });

    test('LF, CRLF and CR all end lines, mixed in one stream', () => {
        const expected = [{ id: '1', event: null, data: 'a\nb' }, { id: '2', event: null, data: 'c' }, { id: '3', event: null, data: 'd' }];
        assert.deepEqual(parse('id: 1\r\ndata: a\rdata: b\n\r\nid: 2\rdata: c\r\rid: 3\ndata: d\n\n'), expected);
    });

    test('a CRLF split between chunks is one line end; a lone CR at a chunk end is one too', () => {
        assert.deepEqual(parse('data: a\r', '\ndata: b\r', '\n\r', '\n'), [{ id: null, event: null, data: 'a\nb' }]);
        assert.deepEqual(parse('data: a\r', 'data: b\r', '\r'), [{ id: null, event: null, data: 'a\nb' }]);
        assert.deepEqual(parse('data: a\r', '', '\n', '\n'), [{ id: null, event: null, data: 'a' }]);
    });

    test('comments are ignored, also between data lines', () => {
        assert.deepEqual(parse(': keep-alive\n\n:hello\ndata: a\n: in between\ndata: b\n\n'),
            [{ id: null, event: null, data: 'a\nb' }]);
    });

    test('only one leading space is removed; no colon means an empty value', () => {
        assert.deepEqual(parse('data:  two spaces\ndata:none\ndata\n\n'),
            [{ id: null, event: null, data: ' two spaces\nnone\n' }]);
    });

    test('a colon inside the value stays', () => {
        assert.deepEqual(parse('data: {"a": "b:c"}\n\n'), [{ id: null, event: null, data: '{"a": "b:c"}' }]);
    });

    test('empty data lines count: "data:" alone dispatches an empty string', () => {
        assert.deepEqual(parse('data:\n\n'), [{ id: null, event: null, data: '' }]);
    });

    test('a block without data is not dispatched; its id is reported as a position', () => {
        assert.deepEqual(parse('event: x\n\nid: 7\n\n'), [{ idOnly: '7' }]);
    });

    test('retry with digits only; a bad retry is ignored', () => {
        assert.deepEqual(parse('retry: 3000\n\nretry: 3s\nretry: -1\n\n'), [{ retry: 3000 }]);
    });

    test('unknown fields are ignored; an id with NUL is ignored', () => {
        assert.deepEqual(parse('foo: bar\nid: a\0b\ndata: x\n\n'), [{ id: null, event: null, data: 'x' }]);
    });

    test('a last block without its blank line is never dispatched', () => {
        assert.deepEqual(parse('data: a\n\ndata: half'), [{ id: null, event: null, data: 'a' }]);
    });

    test('fed one character at a time it gives the same events', () => {
        const stream = 'retry: 500\r\n: c\r\nid: x-1\r\nevent: e\r\ndata: 1\r\ndata: 2\r\n\r\nid: x-2\rdata: 3\r\r';
        assert.deepEqual(parse(...stream.split('')), parse(stream));
        assert.equal(parse(stream).length, 3);
    });
});

/** A subscription with every global faked; returns what it saw. */
function sse(options = {}) {
    const fetch = fakeFetch();
    const timers = fakeTimers();
    const logger = fakeLogger();
    const seen = { messages: [], states: [], errors: [] };
    const sub = subscribe(options.channel ?? 'news', {
        base: BASE,
        fetch,
        setTimeout: timers.setTimeout,
        clearTimeout: timers.clearTimeout,
        now: timers.now,
        random: () => 0.5,
        logger,
        onState: s => seen.states.push(s),
        onError: e => seen.errors.push(e),
        ...options,
    }, m => seen.messages.push(m));
    return { sub, fetch, timers, logger, seen, call: i => fetch.calls[i ?? fetch.calls.length - 1] };
}

describe('subscribe over SSE', () => {
    test('requests the channel stream with Accept and delivers messages with the channel', async () => {
        const { sub, call, seen } = sse({ channel: 'a b/c' });
        assert.equal(call().url, `${BASE}/api/channels/a%20b%2Fc/events`);
        assert.equal(call().header('Accept'), 'text/event-stream');
        assert.equal(call().header('Last-Event-ID'), undefined);
        assert.equal(sub.state, 'connecting');
        const stream = call().open();
        stream.send('retry: 3000\n\nid: e-1\ndata: hello\n\nid: e-2\nevent: say\ndata: a\ndata: b\n\n');
        await settle();
        assert.equal(sub.state, 'open');
        assert.deepEqual(seen.messages, [
            { channel: 'a b/c', id: 'e-1', event: null, data: 'hello' },
            { channel: 'a b/c', id: 'e-2', event: 'say', data: 'a\nb' },
        ]);
        assert.equal(sub.lastEventId, 'e-2');
        assert.deepEqual(seen.states, ['connecting', 'open']);
        sub.close();
    });

    test('decodes UTF-8 split anywhere, even inside a character', async () => {
        const text = 'id: u-1\ndata: héllo € 😀\n\n';
        const bytes = new TextEncoder().encode(text);
        for (let cut = 1; cut < bytes.length; cut++) {
            const { sub, call, seen } = sse();
            const stream = call().open();
            stream.send(bytes.slice(0, cut));
            await settle(1);
            stream.send(bytes.slice(cut));
            await settle();
            assert.deepEqual(seen.messages.map(m => m.data), ['héllo € 😀'], `cut at byte ${cut}`);
            sub.close();
        }
    });

    test('base may carry a context path and a trailing slash', () => {
        const { sub, call } = sse({ base: 'https://h.test/app/' });
        assert.equal(call().url, 'https://h.test/app/api/channels/news/events');
        sub.close();
    });

    test('reconnects after the stream ends with Last-Event-ID of the last message, and never delivers it twice', async () => {
        const { sub, call, timers, seen, fetch } = sse({ replay: 5 });
        assert.equal(call().url, `${BASE}/api/channels/news/events?replay=5`);
        const first = call().open();
        first.send('id: e-1\ndata: 1\n\nid: e-2\ndata: 2\n\n');
        first.end(); // e.g. slow consumer disconnected
        await settle();
        assert.equal(sub.state, 'reconnecting');
        assert.equal(timers.count, 1);
        timers.runNext();
        assert.equal(fetch.calls.length, 2);
        assert.equal(call().url, `${BASE}/api/channels/news/events`, 'no replay once connected');
        assert.equal(call().header('Last-Event-ID'), 'e-2');
        const second = call().open();
        second.send('id: e-2\ndata: 2\n\nid: e-3\ndata: 3\n\n'); // the boundary message again
        await settle();
        assert.deepEqual(seen.messages.map(m => m.id), ['e-1', 'e-2', 'e-3']);
        assert.deepEqual(seen.states, ['connecting', 'open', 'reconnecting', 'open']);
        sub.close();
    });

    test('the lastEventId option is sent from the first request, and then replay is not', async () => {
        const { sub, call, seen } = sse({ lastEventId: 'e-9', replay: 5 });
        assert.equal(call().url, `${BASE}/api/channels/news/events`);
        assert.equal(call().header('Last-Event-ID'), 'e-9');
        assert.equal(sub.lastEventId, 'e-9');
        call().open().send('id: e-9\ndata: old\n\nid: e-10\ndata: new\n\n');
        await settle();
        assert.deepEqual(seen.messages.map(m => m.data), ['new'], 'the resume id itself is not delivered again');
        sub.close();
    });

    test('replay is asked for until a connection opens, never after', async () => {
        const { sub, call, timers } = sse({ replay: 3 });
        call().reject();
        await settle();
        timers.runNext();
        assert.match(call().url, /\?replay=3$/, 'the first attempt never reached the server');
        call().open().end(); // opened, delivered nothing
        await settle();
        timers.runNext();
        assert.doesNotMatch(call().url, /replay/);
        assert.equal(call().header('Last-Event-ID'), undefined);
        sub.close();
    });

    test('gap notices are delivered and their id is the next resume position', async () => {
        const { sub, call, timers, seen } = sse({ lastEventId: 'ep-41' });
        const gap = '{"reason":"expired","requested":"ep-41","missed":15,"resumedAfter":"ep-57"}';
        const stream = call().open();
        stream.send(`id: ep-57\nevent: tidings-gap\ndata: ${gap}\n\n`);
        stream.end();
        await settle();
        assert.deepEqual(seen.messages, [{ channel: 'news', id: 'ep-57', event: 'tidings-gap', data: gap }]);
        timers.runNext();
        assert.equal(call().header('Last-Event-ID'), 'ep-57');
        sub.close();
    });

    for (const [status, code] of [[400, 'bad-request'], [401, 'unauthorized'], [403, 'forbidden-origin'], [404, 'unknown-channel'], [406, 'not-acceptable']]) {
        test(`HTTP ${status} is permanent: onError with the problem, closed, no reconnect`, async () => {
            const { sub, call, timers, seen, fetch } = sse();
            call().fail(status, { type: `urn:tidings:problem:${code}`, title: code, status, code, detail: `why ${status}` });
            await settle();
            assert.deepEqual(seen.errors, [{ code, message: `why ${status}`, status }]);
            assert.equal(sub.state, 'closed');
            assert.deepEqual(seen.states, ['connecting', 'closed']);
            assert.equal(timers.count, 0);
            assert.equal(fetch.calls.length, 1);
        });
    }

    test('a permanent error without a problem body still reports a code', async () => {
        const { call, seen } = sse();
        call().fail(404);
        await settle();
        assert.deepEqual(seen.errors, [{ code: 'http-404', message: 'HTTP 404', status: 404 }]);
    });

    test('5xx and network failures reconnect with backoff doubling from 500 ms, capped at 10 s', async () => {
        const { sub, call, timers, seen } = sse();
        const delays = [];
        for (let i = 0; i < 8; i++) {
            if (i % 2) {
                call().reject();
            } else {
                call().fail(503, { code: 'unavailable' });
            }
            await settle();
            assert.equal(timers.count, 1);
            delays.push(timers.runNext());
        }
        assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
        assert.deepEqual(seen.errors, []);
        assert.equal(sub.state, 'reconnecting');
        // a connection that delivers resets the backoff
        const stream = call().open();
        stream.send('id: e-1\ndata: x\n\n');
        stream.end();
        await settle();
        assert.deepEqual(timers.delays, [500]);
        sub.close();
    });

    test('jitter stays within ±20% and never above 10 s', async () => {
        for (const [random, first, capped] of [[0, 400, 8000], [0.999999, 600, 10000]]) {
            const { sub, call, timers } = sse({ random: () => random });
            const delays = [];
            for (let i = 0; i < 7; i++) {
                call().reject();
                await settle();
                delays.push(timers.runNext());
            }
            assert.equal(delays[0], first);
            assert.equal(delays[6], capped);
            assert.ok(delays.every(d => d <= 10000));
            sub.close();
        }
    });

    test('retry: from the server becomes the base delay', async () => {
        const { sub, call, timers } = sse();
        const stream = call().open();
        stream.send('retry: 3000\n\n');
        stream.end();
        await settle();
        assert.deepEqual(timers.delays, [3000]);
        timers.runNext();
        call().reject();
        await settle();
        assert.deepEqual(timers.delays, [6000]);
        sub.close();
    });

    test('a connection that opens and ends at once keeps backing off; one that stayed open 10 s resets it', async () => {
        const { sub, call, timers } = sse();
        call().open().end();
        await settle();
        assert.equal(timers.runNext(), 500);
        call().open().end();
        await settle();
        assert.equal(timers.runNext(), 1000);
        const stream = call().open();
        await settle();
        timers.advance(10_000);
        stream.end();
        await settle();
        assert.deepEqual(timers.delays, [500]);
        sub.close();
    });

    test('an id-only block moves the resume position; an empty id clears it', async () => {
        const { sub, call, timers } = sse({ lastEventId: 'e-1' });
        const stream = call().open();
        stream.send('id: e-5\n\n');
        await settle();
        assert.equal(sub.lastEventId, 'e-5');
        stream.send('id:\ndata: x\n\n');
        stream.end();
        await settle();
        assert.equal(sub.lastEventId, null);
        timers.runNext();
        assert.equal(call().header('Last-Event-ID'), undefined);
        sub.close();
    });

    test('a 200 that is not an event stream is retried, with a warning', async () => {
        const { sub, call, timers, logger, seen } = sse();
        call().open({ contentType: 'text/html' });
        await settle();
        assert.equal(timers.count, 1);
        assert.equal(logger.lines.warn.length, 1);
        assert.deepEqual(seen.errors, []);
        sub.close();
    });

    test('close() while streaming aborts the request and leaves no timer', async () => {
        const { sub, call, timers, seen } = sse();
        const stream = call().open();
        stream.send('id: e-1\ndata: 1\n\n');
        await settle();
        sub.close();
        await settle();
        assert.ok(call().aborted());
        assert.equal(sub.state, 'closed');
        assert.equal(timers.count, 0);
        assert.deepEqual(seen.states, ['connecting', 'open', 'closed']);
        assert.equal(seen.messages.length, 1);
    });

    test('close() during the backoff wait cancels the timer; no new request', async () => {
        const { sub, call, timers, fetch } = sse();
        call().reject();
        await settle();
        assert.equal(timers.count, 1);
        sub.close();
        assert.equal(timers.count, 0);
        assert.equal(fetch.calls.length, 1);
        assert.equal(sub.state, 'closed');
    });

    test('close() before the response arrives: nothing is delivered, nothing rescheduled', async () => {
        const { sub, call, timers, seen } = sse();
        sub.close();
        await settle();
        assert.ok(call().aborted());
        assert.equal(timers.count, 0);
        assert.deepEqual(seen.messages, []);
    });

    test('close() from inside onMessage stops the rest of the same chunk', async () => {
        const fetch = fakeFetch();
        const timers = fakeTimers();
        const got = [];
        const sub = subscribe('news', { base: BASE, fetch, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout }, m => {
            got.push(m.id);
            sub.close();
        });
        fetch.calls[0].open().send('id: 1\ndata: a\n\nid: 2\ndata: b\n\n');
        await settle();
        assert.deepEqual(got, ['1']);
        assert.equal(timers.count, 0);
    });

    test('an onMessage that throws does not break the stream', async () => {
        const fetch = fakeFetch();
        const logger = fakeLogger();
        const got = [];
        const sub = subscribe('news', { base: BASE, fetch, logger }, m => {
            got.push(m.data);
            throw new Error('boom');
        });
        fetch.calls[0].open().send('data: a\n\ndata: b\n\n');
        await settle();
        assert.deepEqual(got, ['a', 'b']);
        assert.equal(logger.lines.error.length, 2);
        sub.close();
    });

    test('a malformed base fails at once; an unknown transport too', () => {
        assert.throws(() => subscribe('x', { base: 'not a url', fetch: fakeFetch() }), TypeError);
        assert.throws(() => subscribe('x', { base: BASE, transport: 'tcp' }), TypeError);
    });
});

describe('subscribe over SSE with the real fetch', () => {
    test('against a local HTTP server: replay, then Last-Event-ID on each reconnect; a 404 problem', async () => {
        const requests = [];
        const server = http.createServer((req, res) => {
            requests.push({ url: req.url, lastEventId: req.headers['last-event-id'], accept: req.headers.accept });
            if (req.url.startsWith('/api/channels/nope/')) {
                res.writeHead(404, { 'content-type': 'application/problem+json', connection: 'close' });
                res.end('{"code":"unknown-channel","status":404,"detail":"unknown channel \'nope\'"}');
                return;
            }
            res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'close' });
            res.end(`retry: 1\n\nid: e-${requests.length}\ndata: é ${requests.length}\r\n\r\n`);
        });
        await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
        try {
            const base = `http://127.0.0.1:${server.address().port}`;
            const got = [];
            await new Promise(resolve => {
                const sub = subscribe('news', { base, replay: 2 }, m => {
                    got.push(m.data);
                    if (got.length === 3) {
                        sub.close();
                        resolve();
                    }
                });
            });
            assert.deepEqual(got, ['é 1', 'é 2', 'é 3']);
            assert.deepEqual(requests.slice(0, 3), [
                { url: '/api/channels/news/events?replay=2', lastEventId: undefined, accept: 'text/event-stream' },
                { url: '/api/channels/news/events', lastEventId: 'e-1', accept: 'text/event-stream' },
                { url: '/api/channels/news/events', lastEventId: 'e-2', accept: 'text/event-stream' },
            ]);
            const error = await new Promise(resolve => subscribe('nope', { base, onError: resolve }, () => {}));
            assert.deepEqual(error, { code: 'unknown-channel', message: "unknown channel 'nope'", status: 404 });
        } finally {
            server.closeAllConnections();
            await new Promise(resolve => server.close(resolve));
        }
    });
});
