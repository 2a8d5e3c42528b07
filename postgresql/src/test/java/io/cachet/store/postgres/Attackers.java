package io.cachet.store.postgres;

import io.cachet.store.postgres.SharedStoreAttacker.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One {@link SharedStoreAttacker} per backend for a test class, opened on first use and closed after its last
 * test (registered as a static extension), each on a root of its own under a temporary directory.
 */
public final class Attackers implements AfterAllCallback {
  private final Map<Backend, SharedStoreAttacker> attackers = new EnumMap<>(Backend.class);
  private Path roots;

  /** {@return the backend's attacker, opened on first use} */
  public synchronized SharedStoreAttacker of(Backend backend) throws SQLException, IOException {
    SharedStoreAttacker attacker = attackers.get(backend);
    if (attacker == null) {
      attacker = SharedStoreAttacker.open(backend, root(backend.name()));
      attackers.put(backend, attacker);
    }
    return attacker;
  }

  /** {@return a path for another host's root, under the attackers' temporary directory} */
  public synchronized Path root(String name) throws IOException {
    if (roots == null) {
      roots = Files.createTempDirectory("cachet-attackers-");
    }
    return roots.resolve(name);
  }

  /** {@return the arguments (backend, case) of every case on every backend} */
  public static Stream<Arguments> everyBackendWith(Collection<?> cases) {
    List<Arguments> arguments = new ArrayList<>();
    for (Backend backend : Backend.values()) {
      for (Object tampering : cases) {
        arguments.add(Arguments.of(backend, tampering));
      }
    }
    return arguments.stream();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) throws Exception {
    for (SharedStoreAttacker attacker : attackers.values()) {
      attacker.close();
    }
    attackers.clear();
    if (roots != null) {
      try (Stream<Path> paths = Files.walk(roots)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      roots = null;
    }
  }
}
