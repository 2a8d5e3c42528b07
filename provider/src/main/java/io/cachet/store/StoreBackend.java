package io.cachet.store;

/**
 * A storage backend other than the embedded one, which a module on the class path provides through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.cachet.store.StoreBackend}) and the {@code store}
 * option selects by {@link #name()}.
 */
public interface StoreBackend {
  /** {@return the value of the {@code store} option that selects this backend, as {@code postgresql}} */
  String name();

  /**
   * Connects to the backend's services and opens its stores.
   *
   * @param settings the backend's options and what the manager asks of it
   * @return the open stores; closing them disconnects
   * @throws StorageException if a service cannot be reached or set up, naming it (never a secret)
   */
  BackendStores open(BackendSettings settings);
}
