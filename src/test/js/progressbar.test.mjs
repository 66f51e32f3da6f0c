// progressBar(): html5 <progress> and Bootstrap rendering, driven by progressbar:<name>:* events.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { progressBar, progressOf, socket } from '../../main/resources/META-INF/resources/tidings.js';
import { fakeDocument, fakeTimers, fakeWebSocketClass } from './fakes.test.mjs';

/** A stand-in for socket(): on/off and a way to fire server events. */
function fakeSocket() {
    const handlers = new Map();
    return {
        on(event, fn) {
            handlers.set(event, [...(handlers.get(event) ?? []), fn]);
            return () => handlers.set(event, handlers.get(event).filter(f => f !== fn));
        },
        server(event, data) {
            (handlers.get(event) ?? []).forEach(fn => fn(data));
        },
        count: () => [...handlers.values()].reduce((n, list) => n + list.length, 0),
    };
}

const bar = (value, extra = {}) => ({ name: 'job', min: 0, max: 100, value, indeterminate: false, ...extra });

describe('progressOf', () => {
    test('defaults, clamping and whole percents', () => {
        assert.deepEqual(progressOf({}), { min: 0, max: 100, value: 0, percent: 0, label: null, indeterminate: false });
        assert.equal(progressOf({ min: 10, max: 20, value: 15 }).percent, 50);
        assert.equal(progressOf({ max: 1000, value: 999 }).percent, 99);
        assert.equal(progressOf({ max: 1000, value: 5000 }).value, 1000);
        assert.equal(progressOf({ max: 3, value: 2 }).percent, 66);
        assert.equal(progressOf({ min: 5, max: 5, value: 5 }).percent, 100);
    });
});

describe('progressBar, html5', () => {
    test('init, update and done on a <progress>, with min offset and a label element', () => {
        const document = fakeDocument();
        const progress = document.createElement('progress');
        const label = document.createElement('span');
        const sock = fakeSocket();
        const p = progressBar(sock, 'job', progress, { label });
        assert.equal(p.value, null);
        assert.equal(p.done, false);

        sock.server('progressbar:job:init', bar(10, { min: 10, max: 60, label: 'starting' }));
        assert.equal(progress.dataset.state, 'init');
        assert.equal(progress.max, 50);
        assert.equal(progress.value, 0);
        assert.equal(label.textContent, 'starting');

        sock.server('progressbar:job:update', bar(35, { min: 10, max: 60 }));
        assert.equal(progress.dataset.state, 'running');
        assert.equal(progress.value, 25);
        assert.equal(label.textContent, '50%', 'no label: the percentage');
        assert.equal(p.value, 35);
        assert.equal(p.max, 60);
        assert.equal(p.label, null);

        sock.server('progressbar:job:done', bar(60, { min: 10, max: 60, label: 'finished' }));
        assert.equal(progress.dataset.state, 'done');
        assert.equal(progress.value, 50);
        assert.equal(p.done, true);
        assert.equal(p.label, 'finished');
    });

    test('a container gets a <progress> child, created once', () => {
        const document = fakeDocument();
        const div = document.createElement('div');
        const sock = fakeSocket();
        progressBar(sock, 'job', div);
        sock.server('progressbar:job:init', bar(0));
        sock.server('progressbar:job:update', bar(40));
        assert.equal(div.children.length, 1);
        const progress = div.children[0];
        assert.equal(progress.tagName, 'PROGRESS');
        assert.equal(progress.value, 40);
        assert.equal(progress.max, 100);
        assert.equal(div.dataset.state, 'running', 'the state goes on the element passed in');
    });

    test('indeterminate removes the value attribute; a later determinate update restores it', () => {
        const document = fakeDocument();
        const progress = document.createElement('progress');
        const sock = fakeSocket();
        progressBar(sock, 'job', progress);
        sock.server('progressbar:job:init', bar(0, { indeterminate: true }));
        assert.equal(progress.hasAttribute('value'), false);
        sock.server('progressbar:job:update', bar(30));
        assert.equal(progress.getAttribute('value'), '30');
    });

    test('done fires with max 1000 (the django bug: never for max ≥ 257), onDone exactly once', () => {
        const document = fakeDocument();
        const progress = document.createElement('progress');
        const sock = fakeSocket();
        const calls = [];
        const p = progressBar(sock, 'big', progress, { onDone: info => calls.push(info.value) });
        sock.server('progressbar:big:init', bar(0, { name: 'big', max: 1000 }));
        for (let v = 0; v <= 1000; v += 100) {
            sock.server('progressbar:big:update', bar(v, { name: 'big', max: 1000 }));
        }
        assert.equal(progress.value, 1000);
        assert.equal(p.done, false, 'value reaching max is not done: only the done event is');
        sock.server('progressbar:big:done', bar(1000, { name: 'big', max: 1000 }));
        sock.server('progressbar:big:done', bar(1000, { name: 'big', max: 1000 }));
        sock.server('progressbar:big:update', bar(10, { name: 'big', max: 1000 }));
        assert.deepEqual(calls, [1000]);
        assert.equal(progress.dataset.state, 'done');
        assert.equal(progress.value, 1000, 'updates after done are ignored');
    });

    test('other bars\' events are ignored; close() stops listening', () => {
        const document = fakeDocument();
        const progress = document.createElement('progress');
        const sock = fakeSocket();
        const p = progressBar(sock, 'job', progress);
        sock.server('progressbar:other:update', bar(70));
        assert.equal(progress.dataset.state, undefined);
        assert.equal(sock.count(), 3);
        p.close();
        assert.equal(sock.count(), 0);
        sock.server('progressbar:job:update', bar(70));
        assert.equal(progress.dataset.state, undefined);
    });

    test('a new init after done starts a new run', () => {
        const document = fakeDocument();
        const progress = document.createElement('progress');
        const sock = fakeSocket();
        let done = 0;
        const p = progressBar(sock, 'job', progress, { onDone: () => done++ });
        sock.server('progressbar:job:done', bar(100));
        sock.server('progressbar:job:init', bar(0));
        assert.equal(p.done, false);
        assert.equal(progress.dataset.state, 'init');
        sock.server('progressbar:job:done', bar(100));
        assert.equal(done, 2);
    });
});

describe('progressBar, bootstrap', () => {
    test('creates .progress-bar with role, width, aria values and percent text', () => {
        const document = fakeDocument();
        const container = document.createElement('div');
        container.className = 'progress';
        const sock = fakeSocket();
        progressBar(sock, 'job', container, { style: 'bootstrap' });
        sock.server('progressbar:job:init', bar(0, { max: 200 }));
        sock.server('progressbar:job:update', bar(50, { max: 200 }));
        assert.equal(container.children.length, 1);
        const inner = container.querySelector('.progress-bar');
        assert.equal(inner.getAttribute('role'), 'progressbar');
        assert.equal(inner.style.width, '25%');
        assert.equal(inner.getAttribute('aria-valuenow'), '50');
        assert.equal(inner.getAttribute('aria-valuemin'), '0');
        assert.equal(inner.getAttribute('aria-valuemax'), '200');
        assert.equal(inner.textContent, '25%');
        assert.equal(container.dataset.state, 'running');
    });

    test('uses an existing .progress-bar and shows the label', () => {
        const document = fakeDocument();
        const container = document.createElement('div');
        const inner = container.appendChild(document.createElement('div'));
        inner.className = 'progress-bar bg-info';
        const sock = fakeSocket();
        progressBar(sock, 'job', container, { style: 'bootstrap' });
        sock.server('progressbar:job:update', bar(10, { label: 'Copying files' }));
        assert.equal(container.children.length, 1);
        assert.equal(inner.textContent, 'Copying files');
        assert.equal(inner.style.width, '10%');
        assert.ok(inner.classList.contains('bg-info'));
    });

    test('indeterminate: striped and animated at 100% width, no aria-valuenow; undone when determinate again', () => {
        const document = fakeDocument();
        const container = document.createElement('div');
        const sock = fakeSocket();
        progressBar(sock, 'job', container, { style: 'bootstrap' });
        sock.server('progressbar:job:init', bar(0, { indeterminate: true, label: 'Preparing' }));
        const inner = container.querySelector('.progress-bar');
        assert.ok(inner.classList.contains('progress-bar-striped'));
        assert.ok(inner.classList.contains('progress-bar-animated'));
        assert.equal(inner.style.width, '100%');
        assert.equal(inner.hasAttribute('aria-valuenow'), false);
        assert.equal(inner.textContent, 'Preparing');
        sock.server('progressbar:job:update', bar(20));
        assert.equal(inner.classList.contains('progress-bar-striped'), false);
        assert.equal(inner.classList.contains('progress-bar-animated'), false);
        assert.equal(inner.style.width, '20%');
    });

    test('done with max 1000: bg-success, 100%, not animated, onDone once', () => {
        const document = fakeDocument();
        const container = document.createElement('div');
        const sock = fakeSocket();
        let done = 0;
        progressBar(sock, 'big', container, { style: 'bootstrap', onDone: () => done++ });
        sock.server('progressbar:big:init', bar(0, { max: 1000, indeterminate: true }));
        sock.server('progressbar:big:update', bar(999, { max: 1000 }));
        const inner = container.querySelector('.progress-bar');
        assert.equal(inner.textContent, '99%');
        assert.equal(inner.classList.contains('bg-success'), false);
        sock.server('progressbar:big:done', bar(1000, { max: 1000, indeterminate: true }));
        assert.ok(inner.classList.contains('bg-success'));
        assert.equal(inner.classList.contains('progress-bar-animated'), false);
        assert.equal(inner.style.width, '100%');
        assert.equal(inner.textContent, '100%');
        assert.equal(container.dataset.state, 'done');
        assert.equal(done, 1);
    });

    test('an unknown style is refused', () => {
        assert.throws(() => progressBar(fakeSocket(), 'job', {}, { style: 'fancy' }), TypeError);
    });
});

describe('progressBar over a real socket()', () => {
    test('frames from the server drive the bar to done', () => {
        const WebSocket = fakeWebSocketClass();
        const timers = fakeTimers();
        const sock = socket('/jobs', { base: 'http://tidings.test', WebSocket, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout });
        const document = fakeDocument();
        const progress = document.createElement('progress');
        const p = progressBar(sock, 'import', progress);
        const ws = WebSocket.last;
        ws.serverOpen();
        ws.serverMessage({ event: 'progressbar:import:init', data: { name: 'import', min: 0, max: 300, value: 0, indeterminate: false } });
        ws.serverMessage({ event: 'progressbar:import:update', data: { name: 'import', min: 0, max: 300, value: 257, indeterminate: false, label: '257 rows' } });
        assert.equal(progress.value, 257);
        ws.serverMessage({ event: 'progressbar:import:done', data: { name: 'import', min: 0, max: 300, value: 300, indeterminate: false } });
        assert.equal(progress.dataset.state, 'done');
        assert.equal(p.done, true);
        sock.close();
        assert.equal(timers.count, 0);
    });
});
