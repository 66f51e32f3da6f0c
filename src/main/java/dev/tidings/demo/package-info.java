/** The demos shipped in the WAR: a random ticker and a Fibonacci stream. Inert unless {@code tidings.demo.enabled=true}. */
package dev.tidings.demo;
