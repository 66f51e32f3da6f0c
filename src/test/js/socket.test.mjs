// socket(): event sockets with on/off/emit, a send queue, local events and reconnects.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeData, socket } from '../../main/resources/META-INF/resources/tidings.js';
import { fakeLogger, fakeTimers, fakeWebSocketClass } from './fakes.test.mjs';

function open(path = '/chat', options = {}) {
    const WebSocket = fakeWebSocketClass();
    const timers = fakeTimers();
    const logger = fakeLogger();
    const states = [];
    const sock = socket(path, {
        base: 'http://tidings.test',
        WebSocket,
        setTimeout: timers.setTimeout,
        clearTimeout: timers.clearTimeout,
        now: timers.now,
        random: () => 0.5,
        logger,
        onState: s => states.push(s),
        ...options,
    });
    const events = [];
    for (const name of ['open', 'close', 'error', 'warning']) {
        sock.on(name, data => events.push(data === undefined ? [name] : [name, data]));
    }
    return { sock, WebSocket, timers, logger, states, events };
}

describe('socket()', () => {
    test('connects to wsBase + /ws + path', () => {
        const { sock, WebSocket } = open('/chat/room-1', { base: 'https://h.test/app/' });
        assert.equal(WebSocket.last.url, 'wss://h.test/app/ws/chat/room-1');
        sock.close();
        const other = open('chat');
        assert.equal(other.WebSocket.last.url, 'ws://tidings.test/ws/chat', 'a missing leading slash is added');
        other.sock.close();
    });

    test('emit encoding: undefined/null → {}, scalars → {message}, objects and arrays as is', () => {
        assert.deepEqual(encodeData(undefined), {});
        assert.deepEqual(encodeData(null), {});
        assert.deepEqual(encodeData('hi'), { message: 'hi' });
        assert.deepEqual(encodeData(''), { message: '' });
        assert.deepEqual(encodeData(42), { message: 42 });
        assert.deepEqual(encodeData(0), { message: 0 });
        assert.deepEqual(encodeData(false), { message: false });
        assert.deepEqual(encodeData({ a: 1 }), { a: 1 });
        assert.deepEqual(encodeData([1, 2]), [1, 2]);

        const { sock, WebSocket } = open();
        WebSocket.last.serverOpen();
        sock.emit('a');
        sock.emit('b', 'text');
        sock.emit('c', { x: [1] });
        sock.emit('d', [true]);
        assert.deepEqual(WebSocket.last.sent, [
            '{"event":"a","data":{}}',
            '{"event":"b","data":{"message":"text"}}',
            '{"event":"c","data":{"x":[1]}}',
            '{"event":"d","data":[true]}',
        ]);
        sock.close();
    });

    test('invalid event names throw at once', () => {
        const { sock } = open();
        assert.throws(() => sock.emit(''), TypeError);
        assert.throws(() => sock.emit('has space'), TypeError);
        assert.throws(() => sock.emit('x'.repeat(65)), TypeError);
        sock.emit('progressbar:job-1:init.ok_'); // every allowed character
        sock.close();
    });

    test('emits while connecting are queued, then flushed in order before the open event', () => {
        const { sock, WebSocket, events, states } = open();
        const order = [];
        sock.on('open', () => order.push(`open after ${WebSocket.last.sent.length} sent`));
        sock.emit('one', 1);
        sock.emit('two', 2);
        assert.equal(sock.state, 'connecting');
        assert.deepEqual(WebSocket.last.sent, []);
        WebSocket.last.serverOpen();
        sock.emit('three', 3);
        assert.deepEqual(WebSocket.last.sentFrames.map(f => f.event), ['one', 'two', 'three']);
        assert.deepEqual(order, ['open after 2 sent']);
        assert.deepEqual(events, [['open']]);
        assert.deepEqual(states, ['connecting', 'open']);
        sock.close();
    });

    test('the queue keeps the newest 100 and warns locally for each dropped event', () => {
        const { sock, WebSocket, events } = open();
        for (let i = 0; i < 103; i++) {
            sock.emit('n', { i });
        }
        assert.deepEqual(events, Array(3).fill(['warning', { message: 'send queue full; dropped an event' }]));
        WebSocket.last.serverOpen();
        const sent = WebSocket.last.sentFrames.map(f => f.data.i);
        assert.equal(sent.length, 100);
        assert.deepEqual(sent.slice(0, 2), [3, 4]);
        assert.equal(sent[99], 102);
        sock.close();
    });

    test('server events reach their handlers with data; several handlers; on() returns an unsubscribe', () => {
        const { sock, WebSocket } = open();
        const got = [];
        const offA = sock.on('message', d => got.push(['a', d]));
        sock.on('message', (d, name) => got.push(['b', d, name]));
        sock.on('other', d => got.push(['other', d]));
        WebSocket.last.serverOpen();
        WebSocket.last.serverMessage({ event: 'message', data: { text: 'hi' } });
        offA();
        offA(); // idempotent
        WebSocket.last.serverMessage({ event: 'message', data: { text: 'again' } });
        WebSocket.last.serverMessage({ event: 'other' });
        WebSocket.last.serverMessage({ event: 'nobody-listens', data: {} });
        assert.deepEqual(got, [
            ['a', { text: 'hi' }],
            ['b', { text: 'hi' }, 'message'],
            ['b', { text: 'again' }, 'message'],
            ['other', {}],
        ]);
        sock.close();
    });

    test('off(event, fn) removes that handler, off(event) removes all of the event', () => {
        const { sock, WebSocket } = open();
        const got = [];
        const a = d => got.push(['a', d.n]);
        const b = d => got.push(['b', d.n]);
        sock.on('e', a);
        sock.on('e', b);
        WebSocket.last.serverOpen();
        WebSocket.last.serverMessage({ event: 'e', data: { n: 1 } });
        sock.off('e', a);
        WebSocket.last.serverMessage({ event: 'e', data: { n: 2 } });
        sock.off('e');
        WebSocket.last.serverMessage({ event: 'e', data: { n: 3 } });
        assert.deepEqual(got, [['a', 1], ['b', 1], ['b', 2]]);
        sock.close();
    });

    test('a handler that throws does not stop the others; a handler removed during dispatch still sees that event', () => {
        const { sock, WebSocket, logger } = open();
        const got = [];
        let offB;
        sock.on('e', () => {
            offB();
            throw new Error('boom');
        });
        offB = sock.on('e', () => got.push('b'));
        WebSocket.last.serverOpen();
        WebSocket.last.serverMessage({ event: 'e' });
        WebSocket.last.serverMessage({ event: 'e' });
        assert.deepEqual(got, ['b']);
        assert.equal(logger.lines.error.length, 2);
        sock.close();
    });

    test('server warnings arrive as the warning event', () => {
        const { sock, WebSocket, events } = open();
        WebSocket.last.serverOpen();
        WebSocket.last.serverMessage({ event: 'warning', data: { message: 'invalid JSON' } });
        assert.deepEqual(events.at(-1), ['warning', { message: 'invalid JSON' }]);
        sock.close();
    });

    test('frames that are not {"event": …} are ignored with a console warning', () => {
        const { sock, WebSocket, logger, events } = open();
        WebSocket.last.serverOpen();
        WebSocket.last.serverMessage('nope');
        WebSocket.last.serverMessage({ data: {} });
        assert.equal(logger.lines.warn.length, 2);
        assert.deepEqual(events, [['open']]);
        sock.close();
    });

    test('reconnects with backoff after a drop, fires close then open again, and queues meanwhile', () => {
        const { sock, WebSocket, timers, events, states } = open();
        WebSocket.last.serverOpen();
        WebSocket.last.serverClose(1006);
        assert.equal(sock.state, 'reconnecting');
        sock.emit('while-down', 'x');
        const delays = [timers.runNext()];
        for (let i = 0; i < 6; i++) {
            WebSocket.last.serverClose(1006);
            delays.push(timers.runNext());
        }
        assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 10000, 10000]);
        assert.equal(WebSocket.instances.length, 8);
        WebSocket.last.serverOpen();
        assert.deepEqual(WebSocket.last.sentFrames, [{ event: 'while-down', data: { message: 'x' } }]);
        assert.deepEqual(events.filter(e => e[0] === 'open').length, 2);
        assert.deepEqual(events[1], ['error', { message: 'WebSocket error' }]);
        assert.deepEqual(events[2], ['close', { code: 1006, reason: '' }]);
        assert.deepEqual(states, ['connecting', 'open', 'reconnecting', 'open']);
        // a received frame resets the backoff
        WebSocket.last.serverMessage({ event: 'x' });
        WebSocket.last.serverClose(1001, 'shutting-down: bye');
        assert.deepEqual(timers.delays, [500]);
        sock.close();
    });

    test('a socket that stayed open 10 s resets the backoff even without frames', () => {
        const { sock, WebSocket, timers } = open();
        WebSocket.last.serverClose(1006);
        timers.runNext();
        WebSocket.last.serverClose(1006);
        assert.deepEqual(timers.delays, [1000]);
        timers.runNext();
        WebSocket.last.serverOpen();
        timers.advance(10_000);
        WebSocket.last.serverClose(1006);
        assert.deepEqual(timers.delays, [500]);
        sock.close();
    });

    test('slow-consumer and other 1008 reasons reconnect', () => {
        const { sock, WebSocket, timers } = open();
        WebSocket.last.serverOpen();
        WebSocket.last.serverClose(1008, 'slow-consumer: too slow');
        assert.equal(timers.count, 1);
        assert.equal(sock.state, 'reconnecting');
        sock.close();
    });

    for (const reason of ['forbidden-origin: http://evil.test', 'bad-request: nope']) {
        test(`1008 ${reason.split(':')[0]} is permanent: close fired, state closed, no reconnect`, () => {
            const { sock, WebSocket, timers, events, states, logger } = open();
            sock.emit('queued');
            WebSocket.last.serverOpen();
            WebSocket.last.serverClose(1008, reason);
            assert.equal(sock.state, 'closed');
            assert.deepEqual(states, ['connecting', 'open', 'closed']);
            assert.deepEqual(events.at(-1), ['close', { code: 1008, reason }]);
            assert.equal(timers.count, 0);
            assert.equal(WebSocket.instances.length, 1);
            sock.emit('late'); // dropped with a warning, never sent
            assert.equal(logger.lines.warn.length, 1);
        });
    }

    test('close() closes the socket, fires close once and leaves no timer', () => {
        const { sock, WebSocket, timers, events, states } = open();
        const ws = WebSocket.last;
        ws.serverOpen();
        sock.close();
        sock.close();
        assert.deepEqual(ws.closedWith, { code: 1000, reason: undefined });
        assert.deepEqual(events, [['open'], ['close', { code: 1000, reason: '' }]]);
        assert.deepEqual(states, ['connecting', 'open', 'closed']);
        assert.equal(timers.count, 0);
        ws.serverMessage({ event: 'late' }); // detached: nothing happens
        assert.equal(events.length, 2);
    });

    test('close() during the backoff wait cancels it; no new socket, no second close event', () => {
        const { sock, WebSocket, timers, events } = open();
        WebSocket.last.serverClose(1006);
        sock.close();
        assert.equal(timers.count, 0);
        assert.equal(WebSocket.instances.length, 1);
        assert.equal(events.filter(e => e[0] === 'close').length, 1);
        assert.equal(sock.state, 'closed');
    });

    test('close() from a close handler stops the reconnect', () => {
        const { sock, WebSocket, timers } = open();
        sock.on('close', () => sock.close());
        WebSocket.last.serverClose(1006);
        assert.equal(timers.count, 0);
        assert.equal(sock.state, 'closed');
    });
});
