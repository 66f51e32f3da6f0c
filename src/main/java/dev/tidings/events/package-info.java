/** Event sockets (django-tornado-websockets' on/emit, done right) and their modules, such as {@link dev.tidings.events.ProgressBar}. */
package dev.tidings.events;
