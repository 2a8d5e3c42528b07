package io.cachet.store;

import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link StoreBackend} is opened with.
 *
 * @param options the backend's options by name (as {@code postgresql.url}), each parsed and checked by Cachet's
 *     option registry; an option that is not set is absent
 * @param fullDurability whether a completed write must survive a power loss of this host
 * @param hostClock the manager's clock
 * @param followDatabaseClock whether the stores' clock should be the backend's (the manager runs on the
 *     system clock), so that every host decides expiry by the same time; else {@code hostClock} is used as it is
 * @param readOnly whether the stores are for an operator's tool that only reads: they must create and migrate
 *     nothing, start no background work (change feed, collectors), and every write must fail
 */
public record BackendSettings(Map<String, Object> options, boolean fullDurability, InstantSource hostClock,
    boolean followDatabaseClock, boolean readOnly) {

  public BackendSettings {
    options = Map.copyOf(options);
    Objects.requireNonNull(hostClock, "hostClock");
  }

  /**
   * {@return the option's value, or null if it is not set}
   *
   * @param <T> the option's type, as the registry parses it
   * @param name the option's name
   * @param type the option's type
   */
  public <T> T option(String name, Class<T> type) {
    return type.cast(options.get(name));
  }

  @Override
  public String toString() {
    // The options hold passwords and secret keys.
    return "BackendSettings[options=" + options.keySet() + ", fullDurability=" + fullDurability
        + ", followDatabaseClock=" + followDatabaseClock + ", readOnly=" + readOnly + "]";
  }
}
