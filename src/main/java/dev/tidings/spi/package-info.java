/** What stores and transports implement: {@link dev.tidings.spi.Store}, {@link dev.tidings.spi.Subscriber} and their values. */
package dev.tidings.spi;
