// subscribe() over WebSocket: URLs, frames, resume after closes, permanent closes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { permanentClose, subscribe, webSocketBase } from '../../main/resources/META-INF/resources/tidings.js';
import { fakeLogger, fakeTimers, fakeWebSocketClass } from './fakes.test.mjs';

function ws(options = {}) {
    const WebSocket = fakeWebSocketClass();
    const timers = fakeTimers();
    const logger = fakeLogger();
    const seen = { messages: [], states: [], errors: [] };
    const sub = subscribe(options.channel ?? 'news', {
        transport: 'ws',
        base: 'http://tidings.test',
        WebSocket,
        setTimeout: timers.setTimeout,
        clearTimeout: timers.clearTimeout,
        now: timers.now,
        random: () => 0.5,
        logger,
        onState: s => seen.states.push(s),
        onError: e => seen.errors.push(e),
        ...options,
    }, m => seen.messages.push(m));
    return { sub, WebSocket, timers, logger, seen };
}

describe('WebSocket URLs', () => {
    test('http becomes ws, https becomes wss, paths and trailing slashes kept right', () => {
        assert.equal(webSocketBase('http://h.test:8080'), 'ws://h.test:8080');
        assert.equal(webSocketBase('https://h.test/'), 'wss://h.test');
        assert.equal(webSocketBase('HTTPS://h.test/app'), 'wss://h.test/app');
        assert.equal(webSocketBase('ws://h.test'), 'ws://h.test');
    });

    test('channel URL: encoded name, replay on first connect when no id is known', () => {
        const { sub, WebSocket } = ws({ channel: 'a/b', base: 'https://h.test', replay: 10 });
        assert.equal(WebSocket.last.url, 'wss://h.test/ws/channels/a%2Fb?replay=10');
        sub.close();
    });

    test('channel URL: lastEventId wins over replay; nothing when neither', () => {
        const one = ws({ lastEventId: 'ep-1', replay: 10 });
        assert.equal(one.WebSocket.last.url, 'ws://tidings.test/ws/channels/news?lastEventId=ep-1');
        one.sub.close();
        const two = ws();
        assert.equal(two.WebSocket.last.url, 'ws://tidings.test/ws/channels/news');
        two.sub.close();
    });
});

describe('subscribe over WebSocket', () => {
    test('delivers frames; event absent means null; the id moves', () => {
        const { sub, WebSocket, seen } = ws();
        WebSocket.last.serverOpen();
        WebSocket.last.serverMessage({ id: 'ep-1', data: '{"price":1}' });
        WebSocket.last.serverMessage({ id: 'ep-2', event: 'say', data: 'two\nlines' });
        assert.deepEqual(seen.messages, [
            { channel: 'news', id: 'ep-1', event: null, data: '{"price":1}' },
            { channel: 'news', id: 'ep-2', event: 'say', data: 'two\nlines' },
        ]);
        assert.equal(sub.lastEventId, 'ep-2');
        assert.deepEqual(seen.states, ['connecting', 'open']);
        sub.close();
    });

    test('frames that are not JSON, or not {id, data: string}, are ignored with a warning', () => {
        const { sub, WebSocket, seen, logger } = ws();
        WebSocket.last.serverOpen();
        WebSocket.last.serverMessage('not json');
        WebSocket.last.serverMessage({ id: 'ep-1', data: 42 });
        WebSocket.last.serverMessage('[1,2]');
        WebSocket.last.serverMessage({ id: 'ep-2', data: 'ok' });
        assert.deepEqual(seen.messages.map(m => m.id), ['ep-2']);
        assert.equal(logger.lines.warn.length, 3);
        assert.deepEqual(seen.errors, []);
        assert.equal(sub.state, 'open');
        sub.close();
    });

    for (const [code, reason] of [[1001, 'shutting-down: server stopping'], [1006, ''], [1008, 'slow-consumer: buffer of 1024 full'], [1011, 'oops'], [1000, '']]) {
        test(`close ${code} ${reason || '(no reason)'}: reconnects with ?lastEventId= and drops the repeated message`, () => {
            const { sub, WebSocket, timers, seen } = ws({ replay: 5 });
            WebSocket.last.serverOpen();
            WebSocket.last.serverMessage({ id: 'ep-1', data: 'a' });
            WebSocket.last.serverClose(code, reason);
            assert.equal(sub.state, 'reconnecting');
            assert.deepEqual(timers.delays, [500]);
            timers.runNext();
            assert.equal(WebSocket.instances.length, 2);
            assert.equal(WebSocket.last.url, 'ws://tidings.test/ws/channels/news?lastEventId=ep-1');
            WebSocket.last.serverOpen();
            WebSocket.last.serverMessage({ id: 'ep-1', data: 'a' });
            WebSocket.last.serverMessage({ id: 'ep-2', data: 'b' });
            assert.deepEqual(seen.messages.map(m => m.data), ['a', 'b']);
            assert.deepEqual(seen.errors, []);
            assert.deepEqual(seen.states, ['connecting', 'open', 'reconnecting', 'open']);
            sub.close();
        });
    }

    test('after a close before any message, replay is not asked again once a socket opened', () => {
        const { sub, WebSocket, timers } = ws({ replay: 5 });
        WebSocket.last.serverClose(1006); // never opened
        timers.runNext();
        assert.match(WebSocket.last.url, /\?replay=5$/);
        WebSocket.last.serverOpen();
        WebSocket.last.serverClose(1001, 'shutting-down: bye');
        timers.runNext();
        assert.equal(WebSocket.last.url, 'ws://tidings.test/ws/channels/news');
        sub.close();
    });

    for (const [reason, code, message] of [
        ["unknown-channel: unknown channel 'x': declare it", 'unknown-channel', "unknown channel 'x': declare it"],
        ['bad-request: malformed id', 'bad-request', 'malformed id'],
        ['forbidden-origin:   http://evil.test  ', 'forbidden-origin', 'http://evil.test'],
    ]) {
        test(`close 1008 ${code} is permanent`, () => {
            const { sub, WebSocket, timers, seen } = ws();
            WebSocket.last.serverOpen();
            WebSocket.last.serverClose(1008, reason);
            assert.deepEqual(seen.errors, [{ code, message }]);
            assert.equal(sub.state, 'closed');
            assert.equal(timers.count, 0);
            assert.equal(WebSocket.instances.length, 1);
        });
    }

    test('permanentClose only for 1008 and the listed codes', () => {
        assert.equal(permanentClose(1001, 'unknown-channel: x'), null);
        assert.equal(permanentClose(1008, 'slow-consumer: x'), null);
        assert.equal(permanentClose(1008, undefined), null);
        assert.deepEqual(permanentClose(1008, 'bad-request'), { code: 'bad-request', message: '' });
    });

    test('gap notices are delivered and resume from their id', () => {
        const { sub, WebSocket, timers, seen } = ws({ lastEventId: 'old-3' });
        const gap = '{"reason":"unknown-epoch","requested":"old-3","resumedAfter":"ep-0"}';
        WebSocket.last.serverOpen();
        WebSocket.last.serverMessage({ id: 'ep-0', event: 'tidings-gap', data: gap });
        assert.deepEqual(seen.messages, [{ channel: 'news', id: 'ep-0', event: 'tidings-gap', data: gap }]);
        WebSocket.last.serverClose(1006);
        timers.runNext();
        assert.match(WebSocket.last.url, /\?lastEventId=ep-0$/);
        sub.close();
    });

    test('backoff grows while sockets fail, resets after a delivered message', () => {
        const { sub, WebSocket, timers } = ws();
        const delays = [];
        for (let i = 0; i < 7; i++) {
            WebSocket.last.serverClose(1006);
            delays.push(timers.runNext());
        }
        assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 10000, 10000]);
        WebSocket.last.serverOpen();
        WebSocket.last.serverMessage({ id: 'ep-1', data: 'x' });
        WebSocket.last.serverClose(1006);
        assert.deepEqual(timers.delays, [500]);
        sub.close();
    });

    test('close() closes the socket with 1000, detaches it and leaves no timer', () => {
        const { sub, WebSocket, timers, seen } = ws();
        const socket = WebSocket.last;
        socket.serverOpen();
        sub.close();
        assert.deepEqual(socket.closedWith, { code: 1000, reason: undefined });
        assert.equal(socket.onmessage, null);
        assert.equal(sub.state, 'closed');
        assert.equal(timers.count, 0);
        assert.deepEqual(seen.states, ['connecting', 'open', 'closed']);
        sub.close(); // twice is harmless
        assert.deepEqual(seen.states, ['connecting', 'open', 'closed']);
    });

    test('close() during the backoff wait: no new socket', () => {
        const { sub, WebSocket, timers } = ws();
        WebSocket.last.serverClose(1006);
        sub.close();
        assert.equal(timers.count, 0);
        assert.equal(WebSocket.instances.length, 1);
    });

    test('a WebSocket that cannot be constructed is a permanent client error', () => {
        const errors = [];
        const sub = subscribe('news', {
            transport: 'ws',
            base: 'http://tidings.test',
            WebSocket: class {
                constructor() {
                    throw new SyntaxError('bad url');
                }
            },
            onError: e => errors.push(e),
        }, () => {});
        assert.equal(sub.state, 'closed');
        assert.equal(errors[0].code, 'client-error');
    });
});
