/**
 * Cachet's integrity counters as Micrometer meters: {@link io.cachet.micrometer.CachetIntegrityMetrics}.
 * Needs {@code io.micrometer:micrometer-core} on the class path, which the application brings.
 */
package io.cachet.micrometer;
