/** The channel registry, fan-out, per-subscriber writers, CDI producers and startup validation. */
package dev.tidings.core;
