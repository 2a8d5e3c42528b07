/**
 * The sealed store: what the JCache layer sees of persistence.
 *
 * <p>It composes serialization ({@code io.cachet.serial}), sealing ({@code io.cachet.seal}) and storage
 * ({@code io.cachet.store}) into signed writes and verified reads of objects. Callers hand it objects
 * and get back fresh copies; they never see SQL, files, bytes on disk or keys. Depends on
 * {@code io.cachet.serial}, {@code io.cachet.seal} and {@code io.cachet.store}, and on {@code io.cachet} for the
 * resolved options and the public integrity types it reports in; never on JCache semantics.
 */
package io.cachet.sealed;
