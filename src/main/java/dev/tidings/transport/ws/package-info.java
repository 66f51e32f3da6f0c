/** WebSocket subscriptions at {@code /ws/channels/{name}}: JSON frames written with the async remote. */
package dev.tidings.transport.ws;
