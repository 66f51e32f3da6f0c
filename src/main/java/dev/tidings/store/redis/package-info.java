/** The Redis broker: channels shared by every instance on one Redis (Pub/Sub for delivery, a Stream for history). The only package importing the Redis client. */
package dev.tidings.store.redis;
