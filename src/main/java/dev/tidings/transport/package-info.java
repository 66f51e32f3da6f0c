/** Transports: thin adapters from a protocol to {@link dev.tidings.spi.Subscriber} and the registry. They never touch a store. */
package dev.tidings.transport;
