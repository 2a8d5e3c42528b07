/**
 * The sealed store: what the JCache layer sees of persistence.
 *
 * <p>It composes serialization ({@code io.cachet.serial}), sealing ({@code io.cachet.seal}) and storage
 * ({@code io.cachet.store}) into signed writes and verified reads of objects. Callers hand it objects
 * and get back fresh copies; they never see SQL, files, bytes on disk or keys. Depends on
 * {@code io.cachet.serial}, {@code io.cachet.seal} and {@code io.cachet.store}, and on {@code io.cachet} for the
 * resolved options and the public integrity types it reports in; never on JCache semantics.
 *
 * <p>What a storage failure means is decided in one place, {@link io.cachet.sealed.FailurePolicy}: lookups
 * miss, housekeeping logs, the reads and writes an operation decides on throw.
 */
package io.cachet.sealed;
