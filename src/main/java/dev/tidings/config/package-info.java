/** Configuration keys, their defaults, and validation into typed values at startup. */
package dev.tidings.config;
