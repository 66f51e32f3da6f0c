/** The built-in stores ({@code latest}, {@code queue}) and the subscriber buffers they hand out. */
package dev.tidings.store;
