/** The TCP line-protocol transport: a listener owned by the application, non-blocking, one line per command or message. */
package dev.tidings.transport.tcp;
