package dev.tidings.store.redis;

/**
 * The Lua scripts that keep a shared channel consistent: Redis runs each one atomically, so the epoch, the
 * offset counter, the stream and the Pub/Sub order always agree.
 *
 * <p>Keys of channel {@code news} with prefix {@code tidings:}: {@code tidings:news} (Pub/Sub),
 * {@code tidings:news:epoch}, {@code tidings:news:offset}, {@code tidings:news:stream} (history, entry ids
 * {@code 0-<offset>}), {@code tidings:news:latest} (latest value).
 */
final class RedisScripts {

    private RedisScripts() {
    }

    /**
     * Publishes one message. KEYS: epoch, offset, stream, latest, pubsub channel. ARGV: a fresh epoch (used
     * when the channel has none, or lost its counter), store, history size, data, event ('' for none),
     * marker. Returns the id {@code <epoch>-<offset>}.
     */
    static final String PUBLISH = """
            local epoch = redis.call('GET', KEYS[1])
            if (not epoch) or redis.call('EXISTS', KEYS[2]) == 0 then
              epoch = ARGV[1]
              redis.call('SET', KEYS[1], epoch)
              redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
            end
            local n = redis.call('INCR', KEYS[2])
            local id = epoch .. '-' .. n
            local m = {id = id, data = ARGV[4]}
            if ARGV[5] ~= '' then m['event'] = ARGV[5] end
            if ARGV[2] == 'history' then
              if ARGV[5] ~= '' then
                redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[3], '0-' .. n, 'd', ARGV[4], 'e', ARGV[5])
              else
                redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[3], '0-' .. n, 'd', ARGV[4])
              end
            end
            local envelope = cjson.encode(m)
            if ARGV[2] == 'latest' then redis.call('SET', KEYS[4], envelope) end
            redis.call('PUBLISH', KEYS[5], ARGV[6] .. envelope)
            return id
            """;

    /**
     * What an instance needs to catch up. KEYS: epoch, stream, latest. ARGV: store, the instance's epoch, its
     * offset. Returns {@code {}} when the channel has no epoch yet, else {@code {epoch, entries}} for history
     * (the stream after the offset when the epoch matches, all of it otherwise) or {@code {epoch, latest}}.
     */
    static final String SYNC = """
            local epoch = redis.call('GET', KEYS[1])
            if not epoch then return {} end
            if ARGV[1] == 'history' then
              local start = '-'
              if epoch == ARGV[2] then start = '(0-' .. ARGV[3] end
              return {epoch, redis.call('XRANGE', KEYS[2], start, '+')}
            elseif ARGV[1] == 'latest' then
              return {epoch, redis.call('GET', KEYS[3]) or ''}
            end
            return {epoch}
            """;

    /**
     * Holds or takes the relay lease (one instance relays external publishes). KEYS: lease. ARGV: this
     * instance, lease in ms. Returns 1 when this instance holds it.
     */
    static final String RELAY_LEASE = """
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0
            """;
}
