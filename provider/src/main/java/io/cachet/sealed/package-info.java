/**
 * The sealed store: what the JCache layer sees of persistence.
 *
 * <p>It composes serialization ({@code io.cachet.serial}), sealing ({@code io.cachet.seal}) and storage
 * ({@code io.cachet.store}) into signed writes and verified reads of objects. Callers hand it objects
 * and get back fresh copies; they never see SQL, files, bytes on disk or keys. Depends on
 * {@code io.cachet.serial}, {@code io.cachet.seal} and {@code io.cachet.store}, and on {@code io.cachet} for the
 * resolved options and the public integrity types it reports in; never on JCache semantics.
 *
 * <p>Where the backend carries messages between hosts ({@link io.cachet.store.ChangeFeed}), each namespace tells the
 * other hosts of its changes in messages sealed with a key derived from its own, and hands the changes they tell of
 * to its listeners only once verified ({@link io.cachet.sealed.RemoteChange}): a sealed, fresh, unreplayed message,
 * and for a written entry the row itself read back through the verifying path.
 *
 * <p>What a storage failure means is decided in one place, {@link io.cachet.sealed.FailurePolicy}: lookups
 * miss, housekeeping logs, the reads and writes an operation decides on throw.
 */
package io.cachet.sealed;
