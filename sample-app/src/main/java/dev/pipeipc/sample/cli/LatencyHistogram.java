package dev.pipeipc.sample.cli;

/**
 * A histogram of non-negative values, such as latencies in nanoseconds, with log-linear buckets in
 * the manner of HdrHistogram: each value below {@value #LINEAR_LIMIT} has a bucket of its own, and a
 * larger value falls in a bucket 1/1024 of its magnitude wide, so every value is known to within
 * 0.1% whatever its size, in a fixed 432 KiB of counts.
 * <p>
 * Percentiles are by nearest rank: the value at percentile {@code p} is the smallest recorded value
 * (as its bucket's highest equivalent value, at most the largest value recorded) that at least
 * {@code p}% of all values are less than or equal to.
 * <p>
 * Not thread-safe: give each recording thread its own histogram, or lock around it, and
 * {@linkplain #add add} them up.
 */
public final class LatencyHistogram {

	/** Bits of a value kept exactly; values below {@code 2^SUB_BUCKET_BITS} are exact. */
	private static final int SUB_BUCKET_BITS = 11;

	/** Values below this have a bucket each. */
	static final long LINEAR_LIMIT = 1L << SUB_BUCKET_BITS;

	private static final int HALF = 1 << (SUB_BUCKET_BITS - 1);

	/** The largest shift: {@link Long#MAX_VALUE} has its highest bit at 62. */
	private static final int MAX_SHIFT = 63 - SUB_BUCKET_BITS;

	private final long[] counts = new long[(int) LINEAR_LIMIT + MAX_SHIFT * HALF];

	private long count;

	private long sum;

	private long min = Long.MAX_VALUE;

	private long max;

	/**
	 * Record one value.
	 * @param value the value; a negative value counts as zero
	 */
	public void record(long value) {
		long v = Math.max(0, value);
		this.counts[index(v)]++;
		this.count++;
		this.sum += v;
		this.min = Math.min(this.min, v);
		this.max = Math.max(this.max, v);
	}

	/**
	 * Add every value of another histogram to this one.
	 * @param other the other histogram
	 */
	public void add(LatencyHistogram other) {
		for (int i = 0; i < this.counts.length; i++) {
			this.counts[i] += other.counts[i];
		}
		this.count += other.count;
		this.sum += other.sum;
		this.min = Math.min(this.min, other.min);
		this.max = Math.max(this.max, other.max);
	}

	/**
	 * How many values were recorded.
	 * @return the count
	 */
	public long count() {
		return this.count;
	}

	/**
	 * The smallest value recorded, exactly.
	 * @return the smallest value, 0 when empty
	 */
	public long min() {
		return (this.count > 0) ? this.min : 0;
	}

	/**
	 * The largest value recorded, exactly.
	 * @return the largest value, 0 when empty
	 */
	public long max() {
		return this.max;
	}

	/**
	 * The mean of the values recorded, exactly.
	 * @return the mean, 0 when empty
	 */
	public double mean() {
		return (this.count > 0) ? (double) this.sum / this.count : 0;
	}

	/**
	 * The value at a percentile, by nearest rank.
	 * @param percentile from 0 to 100, such as 99.9
	 * @return the value, within 0.1%; 0 when empty
	 */
	public long valueAtPercentile(double percentile) {
		if (percentile < 0 || percentile > 100 || Double.isNaN(percentile)) {
			throw new IllegalArgumentException("A percentile is between 0 and 100, not " + percentile);
		}
		if (this.count == 0) {
			return 0;
		}
		double exact = percentile / 100 * this.count;
		// 99.9% of 1000 is 999, not 999.0000000000001 rounded up to 1000.
		long rank = Math.max(1, Math.min(this.count, (long) Math.ceil(exact - 1e-9 * Math.max(1, exact))));
		long seen = 0;
		for (int i = 0; i < this.counts.length; i++) {
			seen += this.counts[i];
			if (seen >= rank) {
				return Math.max(this.min, Math.min(this.max, highestEquivalentValue(i)));
			}
		}
		return this.max;
	}

	/**
	 * The bucket of a value.
	 */
	static int index(long value) {
		if (value < LINEAR_LIMIT) {
			return (int) value;
		}
		int shift = 63 - Long.numberOfLeadingZeros(value) - (SUB_BUCKET_BITS - 1);
		return (int) LINEAR_LIMIT + (shift - 1) * HALF + (int) ((value >>> shift) - HALF);
	}

	/**
	 * The smallest value that falls in a bucket.
	 */
	static long lowestEquivalentValue(int index) {
		if (index < LINEAR_LIMIT) {
			return index;
		}
		int offset = index - (int) LINEAR_LIMIT;
		int shift = offset / HALF + 1;
		return ((long) (offset % HALF) + HALF) << shift;
	}

	/**
	 * The largest value that falls in a bucket.
	 */
	static long highestEquivalentValue(int index) {
		if (index < LINEAR_LIMIT) {
			return index;
		}
		int shift = (index - (int) LINEAR_LIMIT) / HALF + 1;
		return lowestEquivalentValue(index) + (1L << shift) - 1;
	}

}
