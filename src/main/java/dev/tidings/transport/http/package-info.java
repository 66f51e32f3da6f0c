/** The REST API: channel list, HTTP publish, and problem bodies shared by the HTTP transports. */
package dev.tidings.transport.http;
