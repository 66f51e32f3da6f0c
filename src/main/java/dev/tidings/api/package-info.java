/** What applications use: {@link dev.tidings.api.Channel}, {@link dev.tidings.api.Publisher}, {@link dev.tidings.api.Channels}, messages and errors. */
package dev.tidings.api;
