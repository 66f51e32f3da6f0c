/** Server-sent events: {@code GET /api/channels/{name}/events}, written with Servlet non-blocking I/O. */
package dev.tidings.transport.sse;
