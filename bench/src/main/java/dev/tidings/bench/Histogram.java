package dev.tidings.bench;

/**
 * Latencies in microseconds, log-linear buckets (every value within 1/64 of its bucket, like HdrHistogram with
 * two significant digits), no allocation per record. Not thread-safe: one per receiver thread, merged at the end.
 */
final class Histogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    /** Up to 2^40 µs (12 days): plenty. */
    private static final int RANGES = 40 - SUB_BITS + 1;

    private final long[] counts = new long[RANGES * SUB + SUB];
    private long total;
    private long max;

    void record(long micros) {
        long v = Math.max(0, micros);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    void add(Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    /** The value at or below which {@code fraction} of the recorded values lie (upper edge of its bucket). */
    long percentile(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, upperEdge(i));
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int range = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS + 1; // >= 1
        int sub = (int) (v >>> (range - 1)) - SUB; // 0..SUB-1 (top SUB_BITS+1 bits minus the leading one)
        return Math.min(range * SUB + sub, RANGES * SUB + SUB - 1);
    }

    static long upperEdge(int index) {
        if (index < SUB) {
            return index;
        }
        int range = index / SUB;
        int sub = index % SUB;
        return ((long) (SUB + sub + 1) << (range - 1)) - 1;
    }
}
